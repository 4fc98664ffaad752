import { membership } from '@praxis/membership/testing';
import { TestClock } from '@praxis/platform';
import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { NOTIFICATION_KINDS } from '../entities';
import { notifications } from '../testing';

let t: SubgraphTest<typeof notifications, [typeof membership]>;

beforeAll(async () => {
  t = await startSubgraphTest(notifications, { with: [membership], clock: new TestClock() });
});
afterAll(() => t?.stop());

const FIELDS = 'channels { kind channel } digestFrequency digestWeekday digestHour timeZone emailUndeliverable emailUndeliverableSince';
const READ = `query { notificationPreferences { ${FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { preferences { ${FIELDS} } } }`;
const QUIET = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { quietMemberCount } } }`;

type Prefs = { channels: { kind: string; channel: string }[]; digestFrequency: string; digestWeekday: number; digestHour: number; timeZone: string; emailUndeliverable: boolean };

const channelOf = (prefs: Prefs, kind: string) => prefs.channels.find((setting) => setting.kind === kind)!.channel;

test("a member who never chose has the defaults, the digest in their first network's time zone", async () => {
  const network = await t.people.network({ timeZone: 'Europe/London' });
  const community = await t.people.community({ network });
  const member = await t.people.memberOf(community);
  await t.factories.drain(t.membership);
  const result = await t.run<{ notificationPreferences: Prefs }>(READ, {}, member);
  expect(result.errors).toBeUndefined();
  const prefs = result.data!.notificationPreferences;
  expect(prefs.channels.map((setting) => setting.kind)).toEqual([...NOTIFICATION_KINDS]);
  expect(channelOf(prefs, 'NEW_THREAD')).toBe('DIGEST');
  expect(channelOf(prefs, 'MENTION')).toBe('EMAIL');
  expect(prefs).toMatchObject({ digestFrequency: 'WEEKLY', digestWeekday: 1, digestHour: 8, timeZone: 'Europe/London', emailUndeliverable: false });
  // Someone in no community yet gets UTC.
  const loner = await t.people.member();
  expect((await t.run<{ notificationPreferences: Prefs }>(READ, {}, loner)).data!.notificationPreferences.timeZone).toBe('UTC');
});

test('an update changes what it names and keeps the rest; choosing a default again forgets the choice', async () => {
  const member = await t.people.member();
  const first = await t.run<{ updateNotificationPreferences: { preferences: Prefs } }>(
    UPDATE,
    { input: { channels: [{ kind: 'MENTION', channel: 'IN_APP' }], digestFrequency: 'DAILY', digestHour: 7, timeZone: 'Australia/Melbourne' } },
    member,
  );
  expect(first.errors).toBeUndefined();
  expect(first.data!.updateNotificationPreferences.preferences).toMatchObject({ digestFrequency: 'DAILY', digestHour: 7, digestWeekday: 1, timeZone: 'Australia/Melbourne' });
  expect(channelOf(first.data!.updateNotificationPreferences.preferences, 'MENTION')).toBe('IN_APP');

  const second = await t.run<{ updateNotificationPreferences: { preferences: Prefs } }>(UPDATE, { input: { digestWeekday: 5, channels: [{ kind: 'MENTION', channel: 'EMAIL' }] } }, member);
  expect(second.data!.updateNotificationPreferences.preferences).toMatchObject({ digestFrequency: 'DAILY', digestHour: 7, digestWeekday: 5, timeZone: 'Australia/Melbourne' });
  const stored: { channels: object }[] = await t.running.runtime.db.query('SELECT channels FROM preferences WHERE member_id = $1', [member.id]);
  expect(stored[0]!.channels).toEqual({});
});

test.each([
  ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'input.timeZone'],
  ['an hour past 23', { digestHour: 24 }, 'input.digestHour'],
  ['a negative hour', { digestHour: -1 }, 'input.digestHour'],
  ['weekday 0', { digestWeekday: 0 }, 'input.digestWeekday'],
  ['weekday 8', { digestWeekday: 8 }, 'input.digestWeekday'],
])('%s is BAD_USER_INPUT naming the field, and changes nothing', async (_name, input, field) => {
  const member = await t.people.member();
  const result = await t.run(UPDATE, { input: { digestFrequency: 'OFF', ...input } }, member);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field }] });
  const after = await t.run<{ notificationPreferences: Prefs }>(READ, {}, member);
  expect(after.data!.notificationPreferences.digestFrequency).toBe('WEEKLY');
});

test('coordinators see how many members get no email at all, as a count; others see null', async () => {
  const community = await t.people.community();
  const [quiet, digestOnly, defaults] = [await t.people.memberOf(community), await t.people.memberOf(community), await t.people.memberOf(community)];
  await t.factories.drain(t.membership);
  const allInApp = NOTIFICATION_KINDS.map((kind) => ({ kind, channel: 'IN_APP' as const }));
  await t.factories.preferences(quiet, { channels: allInApp, digestFrequency: 'OFF' });
  // Still emailed: the digest.
  await t.factories.preferences(digestOnly, { channels: allInApp, digestFrequency: 'WEEKLY' });
  const ask = (viewer: { id: string }) => t.run<{ _entities: { quietMemberCount: number | null }[] }>(QUIET, { r: [{ __typename: 'Community', id: community.id }] }, viewer);
  expect((await ask(community.coordinator)).data!._entities[0]!.quietMemberCount).toBe(1);
  expect((await ask(defaults)).data!._entities[0]!.quietMemberCount).toBeNull();

  // A quiet member who leaves stops counting.
  await t.people.domain.roster.remove(t.people.viewer(community.coordinator), { communityId: community.id, memberId: quiet.id, reason: 'Moved on.' });
  await t.factories.drain(t.membership);
  expect((await ask(community.coordinator)).data!._entities[0]!.quietMemberCount).toBe(0);
});

test('quiet member counts of many communities cost one statement, as one does', async () => {
  const network = await t.people.network();
  const coordinator = await t.people.member();
  const communities = await Promise.all([1, 2, 3, 4, 5].map(() => t.people.community({ network, coordinator })));
  await t.factories.drain(t.membership);
  const cost = async (count: number) => {
    const { result, statements } = await countStatements({ notifications: t.running.runtime.queries }, () =>
      t.run<{ _entities: { quietMemberCount: number }[] }>(QUIET, { r: communities.slice(0, count).map((community) => ({ __typename: 'Community', id: community.id })) }, coordinator),
    );
    expect(result.data!._entities.map((entity) => entity.quietMemberCount)).toEqual(Array.from({ length: count }, () => 0));
    return statements.notifications;
  };
  expect(await cost(1)).toBe(1);
  expect(await cost(5)).toBe(1);
});
