import { expect, test } from '@playwright/test';
import { checkScreen, signInAs } from './helpers';
import { readState } from './state';

const state = readState();

test('sign-in and home', async ({ page }) => {
  await page.goto(state.appUrl);
  await expect(page.getByRole('heading', { name: 'Praxis admin' })).toBeVisible();
  await checkScreen(page, 'sign-in');
  await signInAs(page, state, state.coordinator.email);
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible();
  await expect(page.getByRole('heading', { name: state.community.name })).toBeVisible();
  await checkScreen(page, 'home');
});
