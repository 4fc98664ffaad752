import { expect, test } from '@playwright/test';
import { checkScreen, signInAs } from './helpers';
import { readState } from './state';

const state = readState();

test('sign-in and home', async ({ page }) => {
  await page.goto(state.appUrl);
  await expect(page.getByRole('heading', { name: 'Praxis admin' })).toBeVisible();
  await checkScreen(page, 'sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Email address' }).fill(state.coordinator.email);
  await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText("That email address and password don't match an account.");

  await signInAs(page, state, state.coordinator.email);
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible();
  await expect(page.getByRole('heading', { name: state.community.name })).toBeVisible();
  await checkScreen(page, 'home');

  // A reload keeps the session through the refresh cookie; signing out ends it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await page.goto(state.appUrl);
  await expect(page).toHaveURL(/\/sign-in/);
});

test('smoke over the demo data: the demo coordinator’s communities, queues and members', async ({ page }) => {
  await signInAs(page, state, state.demo.coordinatorEmail, state.demo.password);
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible();
  const cards = page.getByRole('region');
  await expect(cards.first()).toBeVisible();
  await checkScreen(page, 'demo-home');
  await cards.first().getByRole('link', { name: /^Join requests/ }).click();
  await expect(page.getByRole('heading', { name: 'Join requests' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Waiting' })).toBeVisible();
  await checkScreen(page, 'demo-join-requests');
  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Active members' })).toBeVisible();
  await checkScreen(page, 'demo-members');
});
