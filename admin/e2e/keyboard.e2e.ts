import { expect, test, type Page } from '@playwright/test';
import { newApplicant } from './helpers';
import { readState } from './state';

const state = readState();

/** Presses Tab (or Shift+Tab) until the focused element has this name, as a keyboard user would. */
async function tabTo(page: Page, name: RegExp, { backwards = false, limit = 40 } = {}): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      return element ? (element.getAttribute('aria-label') ?? element.textContent ?? '').trim() : '';
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

test('keyboard only: sign in, skip to the content, approve several requests at once', async ({ page }) => {
  await newApplicant(state, 'Kim Keyboard', 'Allied health assistant', 'Hello.');
  await newApplicant(state, 'Lee Keyboard', 'Social worker', 'Hi there.');

  await page.goto(`${state.appUrl}communities/${state.community.id}/join-requests`);
  await expect(page).toHaveURL(/\/sign-in/);
  // The address changes before the lazily loaded form is drawn; a person tabs once they see it.
  const email = page.getByRole('textbox', { name: 'Email address' });
  await expect(email).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(email).toBeFocused();
  await page.keyboard.type(state.coordinator.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(state.password);
  await page.keyboard.press('Enter');
  // After a navigation, focus starts at the new page's heading.
  await expect(page.getByRole('heading', { name: 'Join requests' })).toBeFocused();

  // On a fresh load, the first Tab reaches the skip link.
  await page.reload();
  await expect(page.getByRole('article', { name: 'Lee Keyboard' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await tabTo(page, /^Select Kim Keyboard$/);
  await page.keyboard.press('Space');
  await tabTo(page, /^Select Lee Keyboard$/);
  await page.keyboard.press('Space');
  await tabTo(page, /^Approve selected \(2\)$/, { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page.getByText('Approved 2 of 2 requests.')).toBeVisible();
  await expect(page.getByRole('article', { name: /Keyboard/ })).toHaveCount(0);
});
