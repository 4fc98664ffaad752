import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { request } from 'undici';
import { membership } from '@praxis/membership/testing';
import { eventsContracts, resourcesContracts, TestClock } from '@praxis/platform';
import { startSmtpCapture, startSubgraphTest, type SmtpCapture, type SubgraphTest } from '@praxis/platform/testing';
import { emailsSettled } from '../notifications/delivery';
import { notifications, publishEvents } from '../testing';

/**
 * Weekly digests at the member's hour in their own time zone, once per week, and nothing when
 * there is nothing to say. The clock starts at the real present and only moves forward.
 */
const ZONE = 'Australia/Melbourne';
let t: SubgraphTest<typeof notifications, [typeof membership]>;
let smtp: SmtpCapture;
const clock = new TestClock();

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startSubgraphTest(notifications, { with: [membership], smtpUrl: smtp.url, clock, env: { PUBLIC_GRAPH_URL: 'https://graph.example.org' } });
});
afterAll(async () => {
  await t?.stop();
  await smtp?.close();
});

let sequence = 0;
async function memberOf(community: Parameters<typeof t.people.memberOf>[0]) {
  const email = `digest-${Date.now()}-${(sequence += 1)}@example.org`;
  return Object.assign(await t.people.memberOf(community, 'MEMBER', { email }), { email });
}

const digestsOf = (memberId: string): Promise<{ period_key: string; item_count: number }[]> =>
  t.running.runtime.db.query('SELECT period_key, item_count FROM digests WHERE member_id = $1 ORDER BY period_key', [memberId]);

/** Next week's chosen weekday at 09:00 in Melbourne: a period no earlier run can have recorded. */
function nextWeekAtNine(): DateTime {
  return DateTime.fromJSDate(clock.now(), { zone: ZONE }).plus({ weeks: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
}

test('a weekly digest goes out once, at the member’s hour in their time zone, with what waited for it', async () => {
  const community = await t.people.community({ name: 'Lymphoedema Network' });
  const elsewhere = await t.people.community({ visibility: 'MEMBERS_ONLY' });
  const member = await memberOf(community);
  const quiet = await memberOf(await t.people.community());
  const slot = nextWeekAtNine();
  for (const who of [member, quiet]) {
    await t.factories.preferences(who, { digestFrequency: 'WEEKLY', digestWeekday: slot.weekday, digestHour: 9, timeZone: ZONE, channels: [{ kind: 'RESOURCE_REVIEWED', channel: 'DIGEST' }] });
  }

  clock.set(slot.minus({ minutes: 55 }).toJSDate());
  await t.factories.notifications(member, community, 2);
  const now = clock.now();
  const event = (communityId: string, title: string) => ({
    eventId: randomUUID(), networkId: community.networkId, communityId, change: 'CREATED' as const, title,
    startsAt: slot.plus({ days: 2 }).toUTC().toISO()!, endsAt: slot.plus({ days: 2, hours: 1 }).toUTC().toISO()!,
  });
  await publishEvents(eventsContracts.EventChanged, [event(community.id, 'Monthly case review'), event(elsewhere.id, 'Closed meeting')], now);
  await publishEvents(resourcesContracts.ResourceFeatured, [{ resourceId: randomUUID(), networkId: community.networkId, communityId: community.id, featured: true, title: 'Compression garment guide' }], now);
  await t.factories.drain();
  await t.running.domain.delivery.runDueDigests();
  await emailsSettled(t.running.runtime);
  // Waiting for the digest: no email at once, and none before 09:00 Melbourne time.
  expect(smtp.messages.filter((mail) => mail.to.includes(member.email))).toHaveLength(0);
  expect(await digestsOf(member.id)).toEqual([]);

  clock.set(slot.plus({ minutes: 5 }).toJSDate());
  expect(await t.running.domain.delivery.runDueDigests()).toBeGreaterThanOrEqual(1);
  const digest = await smtp.waitFor((mail) => mail.to.includes(member.email));
  expect(digest.subject).toBe('Your weekly Praxis digest');
  expect(digest.text).toContain('Your contribution “Resource 1” was approved and is now in the library in Lymphoedema Network.');
  expect(digest.text).toContain('Resource 2');
  // Upcoming events in their communities, at the member's time; newly featured resources; nothing from a community they are not in.
  expect(digest.text).toContain(`Monthly case review, Lymphoedema Network: ${slot.plus({ days: 2 }).toFormat('cccc d LLLL yyyy')}, 09:00 (Australia/Melbourne)`);
  expect(digest.text).toContain('Compression garment guide (Lymphoedema Network)');
  expect(digest.text).not.toContain('Closed meeting');
  expect(digest.html).toContain('Lymphoedema Network');
  expect(digest.headers['list-unsubscribe']).toMatch(/^<https:\/\/graph\.example\.org\/notifications\/unsubscribe\?token=[\w.-]+>$/);
  expect(digest.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  const key = `WEEKLY:${slot.toFormat("kkkk-'W'WW")}`;
  expect(await digestsOf(member.id)).toEqual([{ period_key: key, item_count: 4 }]);

  // Nothing to say: the period is recorded and nothing is sent.
  expect(await digestsOf(quiet.id)).toEqual([{ period_key: key, item_count: 0 }]);
  expect(smtp.messages.filter((mail) => mail.to.includes(quiet.email))).toHaveLength(0);

  // Later in the same week, and again at the next hourly run: nothing more.
  clock.set(slot.plus({ hours: 3, minutes: 5 }).toJSDate());
  await t.running.domain.delivery.runDueDigests();
  await emailsSettled(t.running.runtime);
  expect(smtp.messages.filter((mail) => mail.to.includes(member.email))).toHaveLength(1);
  expect(await digestsOf(member.id)).toHaveLength(1);

  // The digest's own one-click link turns the digest off.
  const link = /^<(.+)>$/.exec(digest.headers['list-unsubscribe']!)![1]!.replace('https://graph.example.org', t.running.url);
  const posted = await request(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(posted.statusCode).toBe(200);
  await posted.body.text();
  const prefs = await t.run<{ notificationPreferences: { digestFrequency: string } }>('{ notificationPreferences { digestFrequency } }', {}, member);
  expect(prefs.data!.notificationPreferences.digestFrequency).toBe('OFF');
});

test('a digest leaves out what the member may no longer read', async () => {
  const community = await t.people.community({ visibility: 'MEMBERS_ONLY' });
  const member = await memberOf(community);
  const slot = nextWeekAtNine();
  await t.factories.preferences(member, { digestFrequency: 'WEEKLY', digestWeekday: slot.weekday, digestHour: 9, timeZone: ZONE, channels: [{ kind: 'RESOURCE_REVIEWED', channel: 'DIGEST' }] });
  await t.factories.notifications(member, community, 1);
  await t.people.domain.roster.remove(t.people.viewer(community.coordinator), { communityId: community.id, memberId: member.id, reason: 'Moved on' });

  clock.set(slot.plus({ minutes: 5 }).toJSDate());
  await t.running.domain.delivery.runDueDigests();
  await emailsSettled(t.running.runtime);
  expect(await digestsOf(member.id)).toEqual([{ period_key: `WEEKLY:${slot.toFormat("kkkk-'W'WW")}`, item_count: 0 }]);
  expect(smtp.messages.filter((mail) => mail.to.includes(member.email))).toHaveLength(0);
});
