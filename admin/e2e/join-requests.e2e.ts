import { expect, test } from '@playwright/test';
import { checkScreen, graph, newApplicant, signInAs } from './helpers';
import { readState } from './state';

const state = readState();
const joinRequestsUrl = `${state.appUrl}communities/${state.community.id}/join-requests`;

test('someone signs up and asks to join; the coordinator approves them in the app; they are now a member', async ({ page }) => {
  const applicant = await newApplicant(state, 'Riley Registrar', 'Palliative care registrar at a regional hospital', 'Keen to learn from the group.');
  await signInAs(page, state, state.coordinator.email);
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible();
  await page.getByRole('link', { name: /^Join requests/ }).click();
  const card = page.getByRole('article', { name: 'Riley Registrar' });
  await expect(card).toBeVisible();
  await expect(card.getByText('Palliative care registrar at a regional hospital')).toBeVisible();
  await expect(card.getByText('Keen to learn from the group.')).toBeVisible();
  await checkScreen(page, 'join-requests');

  await card.getByRole('button', { name: 'Approve Riley Registrar' }).click();
  await expect(page.getByText('Riley Registrar is now a member.')).toBeVisible();
  await expect(page.getByRole('article', { name: 'Riley Registrar' })).toHaveCount(0);

  const { community } = await graph<{ community: { viewerMembership: { status: string; role: string } | null } }>(
    state,
    'query ($id: ID!) { community(id: $id) { viewerMembership { status role } } }',
    { id: state.community.id },
    applicant.token,
  );
  expect(community.viewerMembership).toEqual({ status: 'ACTIVE', role: 'MEMBER' });
});

test('a second request is declined with a reason, which the applicant can read', async ({ page }) => {
  const applicant = await newApplicant(state, 'Sam Student', 'Nursing student', 'Starting placement next year.');
  await signInAs(page, state, state.coordinator.email);
  await page.goto(joinRequestsUrl);
  const card = page.getByRole('article', { name: 'Sam Student' });
  await card.getByRole('button', { name: 'Decline Sam Student' }).click();

  const dialog = page.getByRole('dialog', { name: "Decline Sam Student's request?" });
  await expect(dialog.getByRole('textbox', { name: 'Reason for declining' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Decline request' }).click();
  await expect(dialog.getByText('Give a reason.')).toBeVisible();
  await checkScreen(page, 'decline-dialog');
  await dialog.getByRole('textbox', { name: 'Reason for declining' }).fill('Please apply again once your placement has started.');
  await page.keyboard.press('Tab');
  await dialog.getByRole('button', { name: 'Decline request' }).click();
  await expect(page.getByText("Declined Sam Student's request.")).toBeVisible();
  await expect(dialog).toBeHidden();

  const { me } = await graph<{ me: { joinRequests: { nodes: { status: string; declineReason: string | null }[] } } }>(
    state,
    '{ me { joinRequests(first: 5) { nodes { status declineReason } } } }',
    {},
    applicant.token,
  );
  expect(me.joinRequests.nodes[0]).toEqual({ status: 'DECLINED', declineReason: 'Please apply again once your placement has started.' });

  await page.getByRole('tab', { name: 'Decided' }).click();
  await page.getByText('Declined', { exact: true }).click();
  await expect(page.getByRole('cell', { name: 'Please apply again once your placement has started.' })).toBeVisible();
  await checkScreen(page, 'join-requests-decided');

  await page.getByRole('tab', { name: 'Invitations' }).click();
  await page.getByRole('textbox', { name: 'Email address' }).fill('not-an-address');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('Enter an email address like name@example.org.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Email address' }).fill('invitee@admin-e2e.example.org');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('cell', { name: 'invitee@admin-e2e.example.org', exact: true })).toBeVisible();
  // The status badge shows its whole word at desktop width, not "PENDI…".
  const status = page.getByRole('row', { name: /invitee@admin-e2e\.example\.org/ }).getByText('Pending', { exact: true });
  expect(await status.evaluate((label) => label.scrollWidth - label.clientWidth)).toBe(0);
  await checkScreen(page, 'invitations');
});

test('a plain member sees no admin actions', async ({ page }) => {
  await signInAs(page, state, state.plainMember.email);
  await expect(page.getByRole('heading', { name: 'No admin rights here' })).toBeVisible();
  await checkScreen(page, 'no-admin-rights');
  await page.goto(joinRequestsUrl);
  await expect(page.getByRole('heading', { name: 'No admin rights here' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Approve|Decline/ })).toHaveCount(0);
  await page.goto(`${state.appUrl}communities/${state.community.id}/members`);
  await expect(page.getByRole('heading', { name: 'No admin rights here' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Actions for/ })).toHaveCount(0);
});
