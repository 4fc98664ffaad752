import { expect, test } from '@playwright/test';
import { checkScreen, graph, newApplicant, signInAs, tokenFor } from './helpers';
import { readState } from './state';

const state = readState();

interface Feed {
  me: { notifications: { unreadCount: number; nodes: { kind: string; text: string }[] } };
}

const FEED = '{ me { notifications(first: 1) { unreadCount nodes { kind text } } } }';

const bell = (unread: number) => (unread ? `Notifications, ${unread} unread` : 'Notifications');

/** A community of the demo that the demo coordinator coordinates and that people join by asking. */
async function demoCommunityToAskToJoin(token: string): Promise<{ id: string; name: string }> {
  const { me } = await graph<{ me: { managedCommunities: { nodes: { id: string; name: string; joinPolicy: string; viewerCan: { coordinate: boolean } }[] } } }>(
    state,
    '{ me { managedCommunities(first: 50) { nodes { id name joinPolicy viewerCan { coordinate } } } } }',
    {},
    token,
  );
  const community = me.managedCommunities.nodes.find((node) => node.joinPolicy === 'APPROVAL' && node.viewerCan.coordinate);
  if (!community) throw new Error('the demo coordinator coordinates no community that people ask to join');
  return community;
}

test('the bell counts a new join request, opens its screen, and marks all read', async ({ page }) => {
  const token = await tokenFor(state, state.demo.coordinatorEmail, state.demo.password);
  const community = await demoCommunityToAskToJoin(token);
  const before = (await graph<Feed>(state, FEED, {}, token)).me.notifications.unreadCount;

  // The bell asks once a minute: the page's clock lets the test move that minute on.
  await page.clock.install();
  await signInAs(page, state, state.demo.coordinatorEmail, state.demo.password);
  await expect(page.getByRole('button', { name: bell(before), exact: true })).toBeVisible();

  await newApplicant(state, 'Noor Notified', 'Palliative care nurse in a community team', 'Hoping to learn from the group.', community.id);
  await expect
    .poll(async () => (await graph<Feed>(state, FEED, {}, token)).me.notifications, { timeout: 15_000 })
    .toMatchObject({ unreadCount: before + 1, nodes: [{ kind: 'JOIN_REQUEST_PENDING', text: expect.stringContaining('Noor Notified') as unknown as string }] });
  await page.clock.fastForward('01:01');
  const bellButton = page.getByRole('button', { name: bell(before + 1), exact: true });
  await expect(bellButton).toBeVisible();

  await bellButton.click();
  const menu = page.getByRole('dialog', { name: 'Notifications' });
  const item = menu.getByRole('button', { name: /Noor Notified/ });
  await expect(item).toContainText('Unread');
  await expect(item).toContainText('Join requests');
  await checkScreen(page, 'notifications-menu');

  await item.click();
  await expect(page).toHaveURL(new RegExp(`/communities/${community.id}/join-requests$`));
  await expect(page.getByRole('heading', { name: 'Join requests' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Noor Notified' })).toBeVisible();
  await expect(page.getByRole('button', { name: bell(before), exact: true })).toBeVisible();
  // Coordinators see how many members get no email, as a count.
  await expect(page.getByText(/^Members receiving no email: \d+$/)).toBeVisible();

  await newApplicant(state, 'Oli Overlooked', 'Allied health assistant', 'Hello.', community.id);
  await expect.poll(async () => (await graph<Feed>(state, FEED, {}, token)).me.notifications.unreadCount, { timeout: 15_000 }).toBe(before + 1);
  await page.clock.fastForward('01:01');
  await page.getByRole('button', { name: bell(before + 1), exact: true }).click();
  await expect(menu.getByRole('button', { name: /Oli Overlooked/ })).toBeVisible();
  await menu.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('button', { name: bell(0), exact: true })).toBeVisible();
  await expect(menu.getByText('Unread', { exact: false })).toHaveCount(0);
  expect((await graph<Feed>(state, FEED, {}, token)).me.notifications.unreadCount).toBe(0);
});

test('a changed notification setting is saved and still there after a reload', async ({ page }) => {
  await signInAs(page, state, state.demo.coordinatorEmail, state.demo.password);
  await page.getByRole('link', { name: 'Notification settings' }).click();
  await expect(page.getByRole('heading', { name: 'Notification settings' })).toBeVisible();

  const mentions = page.getByRole('radiogroup', { name: 'Mentions' });
  await mentions.getByRole('radio', { name: 'In the app only' }).check();
  await page.getByRole('radiogroup', { name: 'How often' }).getByRole('radio', { name: 'Daily' }).check();
  await expect(page.getByRole('combobox', { name: 'Day' })).toBeDisabled();
  await page.getByRole('combobox', { name: 'Hour' }).click();
  await page.getByRole('option', { name: '7 am' }).click();
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  await zone.fill('Melbourne');
  await page.getByRole('option', { name: 'Australia/Melbourne' }).click();
  await page.getByRole('button', { name: 'Save notification settings' }).click();
  await expect(page.getByText('Your notification settings are saved.')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Notification settings' })).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'Mentions' }).getByRole('radio', { name: 'In the app only' })).toBeChecked();
  await expect(page.getByRole('radiogroup', { name: 'How often' }).getByRole('radio', { name: 'Daily' })).toBeChecked();
  await expect(page.getByRole('combobox', { name: 'Hour' })).toHaveValue('7 am');
  await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Australia/Melbourne');
  await checkScreen(page, 'notification-settings');
});
