import { expect, test } from '@playwright/test';
import { checkScreen, signInAs } from './helpers';
import { readState } from './state';

const state = readState();

test('the coordinator finds a member, bans them with a reason and lifts the ban from the history', async ({ page }) => {
  await signInAs(page, state, state.coordinator.email);
  await page.goto(`${state.appUrl}communities/${state.community.id}/members`);
  await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Bree Bedside/ })).toBeVisible();
  await checkScreen(page, 'members');

  await page.getByRole('searchbox', { name: 'Search by name or handle' }).fill('Cam');
  await expect(page.getByRole('row', { name: /Bree Bedside/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Actions for Cam Carer-Rep' }).click();
  await page.getByRole('menuitem', { name: 'Ban…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ban Cam Carer-Rep?' });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Repeated personal attacks after two warnings.');
  await dialog.getByRole('button', { name: 'Ban member' }).click();
  await expect(page.getByText('Banned Cam Carer-Rep.')).toBeVisible();
  await expect(page.getByText('No members match these filters.')).toBeVisible();

  await page.getByRole('tab', { name: 'Engagement' }).click();
  await expect(page.getByRole('table', { name: 'Members, quietest first' })).toBeVisible();
  await checkScreen(page, 'members-engagement');

  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('cell', { name: 'Repeated personal attacks after two warnings.' })).toBeVisible();
  await checkScreen(page, 'members-history');
  await page.getByRole('button', { name: 'Lift ban for Cam Carer-Rep' }).click();
  await page.getByRole('dialog', { name: "Lift Cam Carer-Rep's ban?" }).getByRole('button', { name: 'Lift ban' }).click();
  await expect(page.getByText("Lifted Cam Carer-Rep's ban.")).toBeVisible();
});

test('the coordinator changes a role and removes a member with a reason', async ({ page }) => {
  await signInAs(page, state, state.coordinator.email);
  await page.goto(`${state.appUrl}communities/${state.community.id}/members`);
  const bree = page.getByRole('row', { name: /Bree Bedside/ });
  await bree.getByRole('button', { name: 'Actions for Bree Bedside' }).click();
  await page.getByRole('menuitem', { name: 'Change role…' }).click();
  const roleDialog = page.getByRole('dialog', { name: "Change Bree Bedside's role" });
  await roleDialog.getByLabel('New role').click();
  await page.getByRole('option', { name: 'Moderator' }).click();
  await roleDialog.getByRole('button', { name: 'Change role' }).click();
  await expect(page.getByText('Bree Bedside is now a moderator.')).toBeVisible();
  await expect(bree.getByRole('cell', { name: 'Moderator', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Actions for Alex Allied-Health' }).click();
  await page.getByRole('menuitem', { name: 'Remove from community…' }).click();
  const removeDialog = page.getByRole('dialog', { name: 'Remove Alex Allied-Health?' });
  await removeDialog.getByRole('textbox', { name: 'Reason' }).fill('Asked to leave the group.');
  await removeDialog.getByRole('button', { name: 'Remove member' }).click();
  await expect(page.getByText('Removed Alex Allied-Health.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Alex Allied-Health/ })).toHaveCount(0);
});
