import { request } from 'undici';
import { membership } from '@praxis/membership/testing';
import { memberViewer, TestClock } from '@praxis/platform';
import { startSmtpCapture, startSubgraphTest, type CapturedMail, type SmtpCapture, type SubgraphTest } from '@praxis/platform/testing';
import { emailsSettled } from '../notifications/delivery';
import { notifications } from '../testing';

/**
 * Notification emails over a real SMTP server: both parts and one-click headers, unsubscribe
 * without signing in, undeliverable addresses, and permissions checked when the email goes out.
 */
const GRAPH = 'https://graph.example.org';
let t: SubgraphTest<typeof notifications, [typeof membership]>;
let smtp: SmtpCapture;
const clock = new TestClock();

beforeAll(async () => {
  smtp = await startSmtpCapture({ reject: (address) => address.startsWith('bounce-') });
  t = await startSubgraphTest(notifications, { with: [membership], smtpUrl: smtp.url, clock, env: { PUBLIC_GRAPH_URL: GRAPH, PUBLIC_APP_URL: 'https://app.example.org' } });
});
afterAll(async () => {
  await t?.stop();
  await smtp?.close();
});

let sequence = 0;
/** A member of the community with an address of its own, so the test can find their mail. */
async function memberOf(community: Parameters<typeof t.people.memberOf>[0], email = `member-${Date.now()}-${(sequence += 1)}@example.org`) {
  return Object.assign(await t.people.memberOf(community, 'MEMBER', { email }), { email });
}

const mailTo = (email: string) => smtp.messages.filter((mail) => mail.to.includes(email));

async function deliveries(memberId: string): Promise<{ status: string; skipped_reason: string | null; last_error: string | null; attempts: number }[]> {
  return t.running.runtime.db.query('SELECT status, skipped_reason, last_error, attempts FROM email_deliveries WHERE recipient_id = $1 ORDER BY notification_id', [memberId]);
}

/** The service's own address for a public-address link, as the gateway would forward it. */
const local = (link: string) => link.replace(GRAPH, t.running.url);

function unsubscribeUrl(mail: CapturedMail): string {
  const match = /^<(.+)>$/.exec(mail.headers['list-unsubscribe'] ?? '');
  expect(match).not.toBeNull();
  return match![1]!;
}

test('an email has HTML and text parts, names the community, links to the resource, and carries both one-click unsubscribe headers', async () => {
  const community = await t.people.community({ name: 'Wound Care Nurses' });
  const member = await memberOf(community);
  const [notification] = await t.factories.notifications(member, community, 1);
  await emailsSettled(t.running.runtime);

  const mail = await smtp.waitFor((message) => message.to.includes(member.email));
  expect(mail.subject).toBe('Your resource “Resource 1” was approved in Wound Care Nurses');
  expect(mail.text).toContain('Your contribution “Resource 1” was approved and is now in the library in Wound Care Nurses.');
  expect(mail.text).toContain(`https://app.example.org/library/resources/${notification!.targetId}`);
  expect(mail.html).toContain(`href="https://app.example.org/library/resources/${notification!.targetId}"`);
  expect(mail.headers['list-unsubscribe']).toMatch(new RegExp(`^<${GRAPH}/notifications/unsubscribe\\?token=[\\w.-]+>$`));
  expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  expect(mail.text).toContain(unsubscribeUrl(mail));
  expect(await deliveries(member.id)).toEqual([expect.objectContaining({ status: 'SENT', attempts: 1 })]);
});

test('the unsubscribe link shows a page on GET without unsubscribing; the one-click POST stops that kind, and only that kind', async () => {
  const community = await t.people.community();
  const member = await memberOf(community);
  await t.factories.notifications(member, community, 1);
  const mail = await smtp.waitFor((message) => message.to.includes(member.email));
  const url = local(unsubscribeUrl(mail));

  // Mail scanners open links: GET only asks.
  const page = await request(url);
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toContain('text/html');
  const body = await page.body.text();
  expect(body).toContain('<form method="post"');
  expect(body).toContain('Stop emails about reviews of your library contributions?');
  expect(await t.running.runtime.db.query('SELECT 1 FROM preferences WHERE member_id = $1', [member.id])).toHaveLength(0);

  const posted = await request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(posted.statusCode).toBe(200);
  expect(await posted.body.text()).toContain('Unsubscribed');

  await t.factories.notifications(member, community, 1);
  await emailsSettled(t.running.runtime);
  expect(mailTo(member.email)).toHaveLength(1);
  const prefs = await t.run<{ notificationPreferences: { channels: { kind: string; channel: string }[] } }>('{ notificationPreferences { channels { kind channel } } }', {}, member);
  const channels = Object.fromEntries(prefs.data!.notificationPreferences.channels.map((setting) => [setting.kind, setting.channel]));
  expect(channels).toMatchObject({ RESOURCE_REVIEWED: 'IN_APP', MENTION: 'EMAIL', THREAD_REPLY: 'EMAIL' });

  const forged = await request(`${t.running.url}/notifications/unsubscribe?token=${encodeURIComponent('x.y.z')}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
  expect(forged.statusCode).toBe(400);
  await forged.body.text();
});

test('unsubscribe(token) through the graph needs no sign-in and rejects a bad token on `token`', async () => {
  const community = await t.people.community();
  const member = await memberOf(community);
  await t.factories.notifications(member, community, 1);
  const mail = await smtp.waitFor((message) => message.to.includes(member.email));
  const token = new URL(unsubscribeUrl(mail)).searchParams.get('token');
  const done = await t.run('mutation ($token: String!) { unsubscribe(token: $token) { kind digest } }', { token });
  expect(done).toEqual({ data: { unsubscribe: { kind: 'RESOURCE_REVIEWED', digest: false } } });
  const bad = await t.run('mutation { unsubscribe(token: "garbage") { kind digest } }');
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
});

test('an address the server refuses three times is marked undeliverable, shown to its owner, and not tried again', async () => {
  const community = await t.people.community();
  const member = await memberOf(community, `bounce-${Date.now()}@example.org`);
  await t.factories.notifications(member, community, 3);
  await emailsSettled(t.running.runtime);
  expect(await deliveries(member.id)).toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ status: 'FAILED', last_error: 'SMTP_550', attempts: 1 })));

  const [undeliverable] = await t.running.runtime.db.query('SELECT failures, marked_at FROM undeliverable WHERE member_id = $1', [member.id]);
  expect(undeliverable).toMatchObject({ failures: 3, marked_at: expect.any(Date) });
  const prefs = await t.run<{ notificationPreferences: { emailUndeliverable: boolean } }>('{ notificationPreferences { emailUndeliverable } }', {}, member);
  expect(prefs.data!.notificationPreferences.emailUndeliverable).toBe(true);

  await t.factories.notifications(member, community, 1);
  await emailsSettled(t.running.runtime);
  const statuses = await deliveries(member.id);
  expect(statuses.filter((row) => row.status === 'SKIPPED')).toEqual([expect.objectContaining({ skipped_reason: 'UNDELIVERABLE', attempts: 0 })]);
});

test('a member who left a members-only community is not emailed what was queued for them there: access is checked at delivery', async () => {
  const community = await t.people.community({ visibility: 'MEMBERS_ONLY' });
  const member = await memberOf(community);
  await t.people.domain.roster.leave(memberViewer(member.id), community.id);
  await t.factories.notifications(member, community, 1);
  await emailsSettled(t.running.runtime);
  expect(await deliveries(member.id)).toEqual([expect.objectContaining({ status: 'SKIPPED', skipped_reason: 'NO_ACCESS' })]);
  expect(mailTo(member.email)).toHaveLength(0);
});

test('a member removed from a community, even a public one, is emailed nothing more from it', async () => {
  const community = await t.people.community({ visibility: 'PUBLIC' });
  const member = await memberOf(community);
  await t.people.domain.roster.remove(memberViewer(community.coordinator.id), { communityId: community.id, memberId: member.id, reason: 'Left the service' });
  await t.factories.drain(t.membership);
  await t.factories.notifications(member, community, 1);
  await emailsSettled(t.running.runtime);
  expect((await deliveries(member.id)).filter((row) => row.status === 'SENT')).toEqual([]);
  expect(mailTo(member.email)).toHaveLength(0);
});
