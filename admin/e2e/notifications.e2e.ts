import { expect, test, type Page } from '@playwright/test';
import { checkScreen, graph, newApplicant, signInAs, tokenFor } from './helpers';
import { readState } from './state';

const state = readState();

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

/** The unread count the bell announces, from its accessible name. */
async function bellCount(page: Page): Promise<number> {
  const label = (await page.getByRole('button', { name: /^Notifications/ }).getAttribute('aria-label')) ?? '';
  return Number(/(\d+) unread/.exec(label)?.[1] ?? 0);
}

async function unreadCount(token: string): Promise<number> {
  const { me } = await graph<{ me: { notifications: { unreadCount: number } } }>(state, '{ me { notifications(first: 1) { unreadCount } } }', {}, token);
  return me.notifications.unreadCount;
}

async function readStateOf(token: string, name: string): Promise<boolean | undefined> {
  const { me } = await graph<{ me: { notifications: { nodes: { text: string; read: boolean }[] } } }>(state, '{ me { notifications(first: 50) { nodes { text read } } } }', {}, token);
  return me.notifications.nodes.find((node) => node.text.includes(name))?.read;
}

test('the bell counts a new join request, opens its screen, and marks all read', async ({ page }) => {
  // Two sign-ups by email and a minute of the bell's clock: more than the default on a busy machine.
  test.setTimeout(120_000);
  const token = await tokenFor(state, state.demo.coordinatorEmail, state.demo.password);
  const community = await demoCommunityToAskToJoin(token);
  // The stack seeds the demo as `npm start` does, and nobody is told about the demo's own doings.
  expect(await unreadCount(token)).toBe(0);

  // The bell asks once a minute: the page's clock lets the test move that minute on.
  await page.clock.install();
  await signInAs(page, state, state.demo.coordinatorEmail, state.demo.password);
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();

  await newApplicant(state, 'Noor Notified', 'Palliative care nurse in a community team', 'Hoping to learn from the group.', community.id);
  await expect.poll(() => readStateOf(token, 'Noor Notified'), { timeout: 30_000 }).toBe(false);
  await page.clock.fastForward('01:01');
  await expect.poll(() => bellCount(page), { timeout: 15_000 }).toBe(1);

  await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
  const menu = page.getByRole('dialog', { name: 'Notifications' });
  const item = menu.getByRole('button', { name: /Noor Notified/ });
  await expect(item).toContainText('Unread');
  await expect(item).toContainText('Join requests');
  await checkScreen(page, 'notifications-menu');

  await item.click();
  await expect(page).toHaveURL(new RegExp(`/communities/${community.id}/join-requests$`));
  await expect(page.getByRole('heading', { name: 'Join requests' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Noor Notified' })).toBeVisible();
  await expect.poll(() => readStateOf(token, 'Noor Notified')).toBe(true);
  // Coordinators see how many members get no email, as a count.
  await expect(page.getByText(/^Members receiving no email: \d+$/)).toBeVisible();

  await newApplicant(state, 'Oli Overlooked', 'Allied health assistant', 'Hello.', community.id);
  await expect.poll(() => readStateOf(token, 'Oli Overlooked'), { timeout: 30_000 }).toBe(false);
  await page.clock.fastForward('01:01');
  await page.getByRole('button', { name: /^Notifications/ }).click();
  await expect(menu.getByRole('button', { name: /Oli Overlooked/ })).toBeVisible();
  await menu.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
  await expect(menu.getByText('Unread', { exact: false })).toHaveCount(0);
  expect(await readStateOf(token, 'Oli Overlooked')).toBe(true);
});

test('a changed notification setting is saved and still there after a reload', async ({ page }) => {
  test.setTimeout(90_000);
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

  // The line between the navigation (240 px wide) and the page runs the page's whole length, in a
  // capture of the whole page too: its foot matches a stretch beside the navigation's top.
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(pageHeight).toBeGreaterThan(1.5 * page.viewportSize()!.height);
  const edge = (y: number) => page.screenshot({ fullPage: true, clip: { x: 232, y, width: 16, height: 8 } });
  expect((await edge(pageHeight - 16)).equals(await edge(300))).toBe(true);
  // Scrolled to the foot, the navigation still reaches the window's bottom.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const navigation = await page.locator('.mantine-AppShell-navbar').boundingBox();
  expect(navigation!.y + navigation!.height).toBe(page.viewportSize()!.height);
});
