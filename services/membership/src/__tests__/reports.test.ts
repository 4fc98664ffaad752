import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { ANONYMOUS, memberAttributesConsumer, membershipContracts, type EventEnvelope } from '@praxis/platform';
import { countStatements, outcome, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { CommunityEntity, MemberEntity, NetworkEntity, TermEntity } from '../entities';
import { activityConsumer } from '../membership/activity';
import { membership } from '../testing';

/**
 * A hand-made history in Perth (UTC+8), reported January to March 2026 by month with a
 * suppression threshold of 2, so every figure below was worked out by hand in advance.
 *
 *   K STAFF (coordinator) joined 2025-12-15      A STAFF, Nurse, Perth   joined 01-10
 *   V VOLUNTEER joined 01-05, STAFF from 03-01   B STAFF, Nurse, Perth   joined 01-20
 *   X PRACTITIONER asked 01-15, approved 01-17   C STAFF                 joined 02-05
 *   D CONSUMER_REPRESENTATIVE 02-10, left 03-15  E CARER_REPRESENTATIVE  joined 03-01 00:30
 *   Y OTHER asked 02-01, declined 02-02          Z PRACTITIONER asked 02-20, still pending
 */
let t: SubgraphTest<typeof membership>;
let network: NetworkEntity & { admin: MemberEntity };
let community: CommunityEntity & { coordinator: MemberEntity };
let people: Record<'K' | 'A' | 'B' | 'V' | 'X' | 'C' | 'D' | 'E' | 'Y' | 'Z', MemberEntity>;
let nurse: TermEntity;

const ZONE = 'Australia/Perth';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();

async function shift(sql: string, params: unknown[]): Promise<void> {
  await t.running.runtime.db.query(sql, params);
}

/** Feeds a projection the way the event log would, with the time the activity happened. */
async function deliver(consumer: ReturnType<typeof activityConsumer>, type: string, occurredAt: Date, payload: Record<string, unknown>): Promise<void> {
  const envelope: EventEnvelope = { id: randomUUID(), type, version: 1, publisher: type.split('.')[0]!, seq: 0, occurredAt, payload };
  await t.running.runtime.db.transaction((manager) => consumer.handle(envelope, manager));
}

beforeAll(async () => {
  t = await startSubgraphTest(membership, { env: { REPORT_SUPPRESSION_THRESHOLD: '2' } });
  network = await t.factories.network({ timeZone: ZONE });
  nurse = await t.factories.term(network, 'PROFESSION', 'Nurse');
  const perth = await t.factories.term(network, 'REGION', 'Perth');
  const make = (participantType: MemberEntity['participantType']) => t.factories.member({ participantType: participantType! });
  people = {
    K: await make('STAFF'),
    A: await make('STAFF'),
    B: await make('STAFF'),
    V: await make('VOLUNTEER'),
    X: await make('PRACTITIONER'),
    C: await make('STAFF'),
    D: await make('CONSUMER_REPRESENTATIVE'),
    E: await make('CARER_REPRESENTATIVE'),
    Y: await make('OTHER'),
    Z: await make('PRACTITIONER'),
  };
  for (const key of ['A', 'B'] as const) {
    await t.factories.domain.members.updateNetworkProfile(t.factories.viewer(people[key]), { networkId: network.id, professionId: nurse.id, regionId: perth.id });
  }
  community = await t.factories.community({ network, coordinator: people.K, joinPolicy: 'APPROVAL' });
  for (const key of ['A', 'B', 'V', 'C', 'D', 'E'] as const) await t.factories.join(community, people[key]);
  const coordinator = t.factories.viewer(people.K);
  const r1 = await t.factories.domain.joining.requestToJoin(t.factories.viewer(people.X), { communityId: community.id, answers: [] });
  await t.factories.domain.joining.approve(coordinator, r1.id);
  const r2 = await t.factories.domain.joining.requestToJoin(t.factories.viewer(people.Y), { communityId: community.id, answers: [] });
  await t.factories.domain.joining.decline(coordinator, { id: r2.id, reason: 'Not yet.' });
  const r3 = await t.factories.domain.joining.requestToJoin(t.factories.viewer(people.Z), { communityId: community.id, answers: [] });
  await t.factories.domain.roster.leave(t.factories.viewer(people.D), community.id);
  await t.running.runtime.drainEvents();

  // Move the history to the dates of the story above.
  const joined: Record<string, string> = { K: '2025-12-15T09:00', A: '2026-01-10T09:00', B: '2026-01-20T09:00', V: '2026-01-05T09:00', X: '2026-01-17T10:00', C: '2026-02-05T09:00', D: '2026-02-10T09:00', E: '2026-03-01T00:30' };
  for (const [key, when] of Object.entries(joined)) {
    await shift(`UPDATE membership_history SET occurred_at = $3 WHERE community_id = $1 AND member_id = $2 AND change = 'JOINED'`, [community.id, people[key as 'A'].id, at(when)]);
  }
  await shift(`UPDATE membership_history SET occurred_at = $3 WHERE community_id = $1 AND member_id = $2 AND change = 'LEFT'`, [community.id, people.D.id, at('2026-03-15T12:00')]);
  await shift('UPDATE join_requests SET created_at = $2, decided_at = $3 WHERE id = $1', [r1.id, at('2026-01-15T10:00'), at('2026-01-17T10:00')]);
  await shift('UPDATE join_requests SET created_at = $2, decided_at = $3 WHERE id = $1', [r2.id, at('2026-02-01T09:00'), at('2026-02-02T09:00')]);
  await shift('UPDATE join_requests SET created_at = $2 WHERE id = $1', [r3.id, at('2026-02-20T09:00')]);

  // V became staff on 1 March.
  await deliver(memberAttributesConsumer() as never, membershipContracts.MemberProfileChanged.type, at('2026-03-01T00:00'), {
    memberId: people.V.id,
    participantType: 'STAFF',
    participantTypeHidden: false,
    changed: ['participantType'],
  });
  const activity = activityConsumer();
  const act = (key: keyof typeof people, type: string, when: string, extra: Record<string, unknown>) =>
    deliver(activity, type, at(when), { memberId: people[key].id, communityId: community.id, networkId: network.id, ...extra });
  const post = { threadId: randomUUID(), postId: randomUUID(), forumId: randomUUID() };
  await act('A', 'discussion.ThreadPosted', '2026-01-12T10:00', { ...post, kind: 'DISCUSSION', subject: null });
  await act('A', 'discussion.ReplyPosted', '2026-01-20T10:00', { ...post, postId: randomUUID(), replyToPostId: null });
  await act('B', 'discussion.PostReacted', '2026-01-25T10:00', { ...post, authorId: people.A.id, reaction: 'LIKE' });
  await act('V', 'discussion.ReplyPosted', '2026-02-14T10:00', { ...post, postId: randomUUID(), replyToPostId: null });
  await act('C', 'discussion.ThreadPosted', '2026-02-06T10:00', { ...post, postId: randomUUID(), kind: 'QUESTION', subject: null });
  await act('D', 'resources.ResourceContributed', '2026-02-11T10:00', { resourceId: randomUUID(), kind: 'TOOLKIT', occurredAt: at('2026-02-11T10:00').toISOString() });
  await act('V', 'discussion.ReplyPosted', '2026-03-03T10:00', { ...post, postId: randomUUID(), replyToPostId: null });
  const event = { eventId: randomUUID(), seriesId: null, eventStartsAt: at('2026-03-20T10:00').toISOString() };
  await act('E', 'events.EventRegistered', '2026-03-02T10:00', { ...event, status: 'REGISTERED', viaSeries: false });
  await act('E', 'events.EventAttendanceMarked', '2026-03-20T11:00', { ...event, attended: true, cpdHours: 1, markedBy: people.K.id });
  await act('A', 'discussion.PostReacted', '2026-03-31T23:30', { ...post, authorId: people.C.id, reaction: 'HELPFUL' });
  await act('B', 'discussion.PostReacted', '2026-04-01T00:30', { ...post, authorId: people.C.id, reaction: 'HELPFUL' });
}, 120_000);
afterAll(() => t?.stop());

const COUNT = `total byParticipantType { key value suppressed } byProfession { key term { label } value suppressed }`;
const REPORT = `query ($input: ParticipationReportInput!) { participationReport(input: $input) {
  scope timeZone threshold buckets { label start end
    members { total { ${COUNT} } joined { ${COUNT} } left { ${COUNT} } }
    joinRequests { received { ${COUNT} } approved { ${COUNT} } declined { ${COUNT} } medianHoursToDecision }
    activeMembers { ${COUNT} } } } }`;

interface Cell {
  key: string;
  value: number | null;
  suppressed: boolean;
  term?: { label: string } | null;
}
interface Count {
  total: number;
  byParticipantType: Cell[];
  byProfession: Cell[];
}

/** The non-zero participant-type cells as { TYPE: value }, null for suppressed; zeros must show. */
function byType(count: Count): Record<string, number | null> {
  for (const cell of count.byParticipantType) if (cell.value === 0) expect(cell.suppressed).toBe(false);
  return Object.fromEntries(count.byParticipantType.filter((cell) => cell.value !== 0).map((cell) => [cell.key, cell.value]));
}

async function report(input: Record<string, unknown>, viewer = t.factories.viewer(people.K)) {
  return t.run<{ participationReport: { buckets: Record<string, never>[]; scope: string; timeZone: string; threshold: number } }>(REPORT, { input }, viewer);
}

test('every figure of the community report is the one worked out by hand', async () => {
  const result = await report({ communityId: community.id, from: '2026-01-01', to: '2026-04-01', granularity: 'MONTH' });
  expect(result.errors).toBeUndefined();
  const data = result.data!.participationReport;
  expect([data.scope, data.timeZone, data.threshold]).toEqual(['COMMUNITY', ZONE, 2]);
  const [jan, feb, mar] = data.buckets as unknown as {
    label: string;
    start: string;
    members: Record<'total' | 'joined' | 'left', Count>;
    joinRequests: Record<'received' | 'approved' | 'declined', Count> & { medianHoursToDecision: number | null };
    activeMembers: Count;
  }[];
  expect([jan!.label, feb!.label, mar!.label]).toEqual(['2026-01', '2026-02', '2026-03']);
  expect(jan!.start).toBe('2025-12-31T16:00:00.000Z');

  expect([jan, feb, mar].map((b) => b!.members.total.total)).toEqual([5, 7, 7]);
  expect(byType(jan!.members.total)).toEqual({ STAFF: 3, VOLUNTEER: null, PRACTITIONER: null });
  expect(byType(feb!.members.total)).toEqual({ STAFF: 4, VOLUNTEER: null, PRACTITIONER: null, CONSUMER_REPRESENTATIVE: null });
  expect(byType(mar!.members.total)).toEqual({ STAFF: 5, PRACTITIONER: null, CARER_REPRESENTATIVE: null });

  expect([jan, feb, mar].map((b) => b!.members.joined.total)).toEqual([4, 2, 1]);
  expect(byType(jan!.members.joined)).toEqual({ STAFF: 2, VOLUNTEER: null, PRACTITIONER: null });
  expect(byType(feb!.members.joined)).toEqual({ STAFF: null, CONSUMER_REPRESENTATIVE: null });
  expect(byType(mar!.members.joined)).toEqual({ CARER_REPRESENTATIVE: null });
  expect(jan!.members.joined.byProfession.map((cell) => [cell.term?.label ?? cell.key, cell.value])).toEqual([
    ['Nurse', 2],
    ['NOT_STATED', 2],
  ]);

  expect([jan, feb, mar].map((b) => b!.members.left.total)).toEqual([0, 0, 1]);
  expect(byType(mar!.members.left)).toEqual({ CONSUMER_REPRESENTATIVE: null });

  expect([jan, feb, mar].map((b) => b!.joinRequests.received.total)).toEqual([1, 2, 0]);
  expect(byType(feb!.joinRequests.received)).toEqual({ OTHER: null, PRACTITIONER: null });
  expect([jan, feb, mar].map((b) => [b!.joinRequests.approved.total, b!.joinRequests.declined.total])).toEqual([
    [1, 0],
    [0, 1],
    [0, 0],
  ]);
  expect([jan, feb, mar].map((b) => b!.joinRequests.medianHoursToDecision)).toEqual([48, 24, null]);

  expect([jan, feb, mar].map((b) => b!.activeMembers.total)).toEqual([2, 3, 3]);
  expect(byType(jan!.activeMembers)).toEqual({ STAFF: 2 });
  // V replied in February as a volunteer and in March as staff: attributes at the time.
  expect(byType(feb!.activeMembers)).toEqual({ STAFF: null, VOLUNTEER: null, CONSUMER_REPRESENTATIVE: null });
  expect(byType(mar!.activeMembers)).toEqual({ STAFF: null, CARER_REPRESENTATIVE: null });
});

test('a network report counts people once across its communities', async () => {
  const other = await t.factories.community({ network, coordinator: people.K });
  await t.factories.join(other, people.A);
  await shift(`UPDATE membership_history SET occurred_at = $3 WHERE community_id = $1 AND member_id = $2 AND change = 'JOINED'`, [other.id, people.A.id, at('2026-01-11T09:00')]);
  await shift(`UPDATE membership_history SET occurred_at = $2 WHERE community_id = $1 AND member_id = $3 AND change = 'JOINED'`, [other.id, at('2025-12-01T09:00'), people.K.id]);
  const result = await report({ networkId: network.id, from: '2026-01-01', to: '2026-02-01', granularity: 'MONTH' }, t.factories.viewer(network.admin));
  expect(result.errors).toBeUndefined();
  const [jan] = result.data!.participationReport.buckets as unknown as { members: Record<'total' | 'joined', Count> }[];
  expect(jan!.members.total.total).toBe(5);
  expect(jan!.members.joined.total).toBe(5);
});

test('a month and a quarter that start together, asked for in one request, are counted apart', async () => {
  // As the gateway would ask, in one _entities call: three months and the quarter they make up.
  const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ReportBucket { members { joined { total } } } } }`;
  const bucket = (start: string, end: string) => ({ __typename: 'ReportBucket', scope: 'COMMUNITY', scopeId: community.id, start: at(start).toISOString(), end: at(end).toISOString(), threshold: 2, breakdowns: 'PARTICIPANT_TYPE' });
  const representations = [bucket('2026-01-01', '2026-02-01'), bucket('2026-02-01', '2026-03-01'), bucket('2026-03-01', '2026-04-01'), bucket('2026-01-01', '2026-04-01')];
  const result = await t.run<{ _entities: { members: { joined: { total: number } } }[] }>(ENTITIES, { representations }, t.factories.viewer(people.K));
  expect(result.errors).toBeUndefined();
  expect(result.data!._entities.map((entity) => entity.members.joined.total)).toEqual([4, 2, 1, 7]);
  // February and March with the quarter around them: different starts, overlapping periods.
  const overlapping = await t.run<{ _entities: { members: { joined: { total: number } } }[] }>(ENTITIES, { representations: representations.slice(1) }, t.factories.viewer(people.K));
  expect(overlapping.data!._entities.map((entity) => entity.members.joined.total)).toEqual([2, 1, 7]);
});

test('the number of statements does not grow with the number of buckets', async () => {
  const counters = { membership: t.running.runtime.queries };
  const viewer = t.factories.viewer(people.K);
  const quarter = await countStatements(counters, () => report({ communityId: community.id, from: '2026-01-01', to: '2026-04-01', granularity: 'QUARTER' }, viewer));
  const weeks = await countStatements(counters, () => report({ communityId: community.id, from: '2025-01-01', to: '2026-04-01', granularity: 'WEEK' }, viewer));
  expect(quarter.result.data!.participationReport.buckets).toHaveLength(1);
  expect(weeks.result.data!.participationReport.buckets.length).toBeGreaterThan(60);
  expect(weeks.total).toBe(quarter.total);
});

describe('who may read it', () => {
  test.each([
    ['the coordinator', () => t.factories.viewer(people.K), 'OK'],
    ['a network admin', () => t.factories.viewer(network.admin), 'OK'],
    ['a plain member', () => t.factories.viewer(people.A), 'FORBIDDEN'],
    ['anonymous', () => ANONYMOUS, 'UNAUTHENTICATED'],
  ])('%s', async (_label, viewer, expected) => {
    const result = await report({ communityId: community.id, from: '2026-01-01', to: '2026-02-01', granularity: 'MONTH' }, viewer());
    expect(outcome(result)).toBe(expected);
  });

  test('an analyst reads every community and the network; a coordinator not the network', async () => {
    const analyst = await t.factories.member();
    await t.factories.domain.networks.grantRole(t.factories.viewer(network.admin), { networkId: network.id, memberId: analyst.id, role: 'ANALYST' });
    expect((await report({ communityId: community.id, from: '2026-01-01', to: '2026-02-01', granularity: 'MONTH' }, t.factories.viewer(analyst))).errors).toBeUndefined();
    expect((await report({ networkId: network.id, from: '2026-01-01', to: '2026-02-01', granularity: 'MONTH' }, t.factories.viewer(analyst))).errors).toBeUndefined();
    const coordinatorOnNetwork = await report({ networkId: network.id, from: '2026-01-01', to: '2026-02-01', granularity: 'MONTH' });
    expect(coordinatorOnNetwork.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

test('a network role announces an empty profile in the network, once, so reports know the holder there', async () => {
  const curator = await t.factories.member();
  const profiled = await t.factories.member();
  await t.factories.domain.members.updateNetworkProfile(t.factories.viewer(profiled), { networkId: network.id, regionId: null, professionId: null });
  for (const someone of [curator, profiled]) {
    for (const role of ['ANALYST', 'ADMIN'] as const) {
      await t.factories.domain.networks.grantRole(t.factories.viewer(network.admin), { networkId: network.id, memberId: someone.id, role });
    }
  }
  await t.running.runtime.drainEvents();
  const announced = async (memberId: string) =>
    (await t.running.runtime.db.query(`SELECT payload FROM eventlog.events WHERE type = $1 AND payload->>'memberId' = $2`, [membershipContracts.NetworkProfileChanged.type, memberId])) as { payload: unknown }[];
  expect((await announced(curator.id)).map((row) => row.payload)).toEqual([{ memberId: curator.id, networkId: network.id, professionTermId: null, regionTermId: null }]);
  // A profile already set was announced when it was set, not again.
  expect(await announced(profiled.id)).toHaveLength(1);
});

test.each([
  ['a range that ends before it starts', { from: '2026-03-01', to: '2026-01-01', granularity: 'MONTH' }, 'input.to'],
  ['more than five years of weeks', { from: '2020-01-01', to: '2026-01-02', granularity: 'WEEK' }, 'input.to'],
])('%s is BAD_USER_INPUT on its field', async (_label, input, field) => {
  const result = await report({ communityId: community.id, ...input });
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
});

test.each([
  ['an unknown community', { communityId: '00000000-0000-4000-8000-000000000000' }],
  ['a malformed community id', { communityId: 'hpco/hcc-acp' }],
  ['an unknown network', { communityId: null, networkId: '00000000-0000-4000-8000-000000000000' }],
])('%s is NOT_FOUND: the report names a required target (ADR 8)', async (_label, target) => {
  const result = await report({ from: '2026-01-01', to: '2026-02-01', granularity: 'MONTH', ...target });
  expect(result.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
});

// Dates and breakdowns are typed (Date, ReportBreakdown), so the schema refuses them before the
// report runs, naming the argument in the message.
test.each([
  ['an unknown breakdown', { from: '2026-01-01', to: '2026-02-01', breakdowns: ['PARTICIPANT_TYPE', 'SHOE_SIZE'] }, 'input.breakdowns[1]'],
  ['a malformed date', { from: '2026-1-1', to: '2026-02-01' }, 'input.from'],
  ['a day February does not have', { from: '2026-01-01', to: '2026-02-30' }, 'input.to'],
  ['a thirteenth month', { from: '2026-13-01', to: '2027-02-01' }, 'input.from'],
  ['a two-digit year', { from: '26-01-01', to: '2026-02-01' }, 'input.from'],
  ['a date with a time', { from: '2026-01-01T00:00:00Z', to: '2026-02-01' }, 'input.from'],
  ['an empty date', { from: '', to: '2026-02-01' }, 'input.from'],
])('%s is BAD_USER_INPUT naming the argument', async (_label, input, path) => {
  const result = await report({ communityId: community.id, granularity: 'MONTH', ...input });
  expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(result.errors?.[0]?.message).toContain(`at "${path}"`);
  expect(result.data ?? null).toBeNull();
});

test('the report lists the labels of its cell keys, for the breakdowns asked for, in one statement', async () => {
  const QUERY = `query ($input: ParticipationReportInput!) { participationReport(input: $input) { from to breakdowns terms { breakdown key label term { id label archived } } } }`;
  type Terms = { participationReport: { from: string; to: string; breakdowns: string[]; terms: { breakdown: string; key: string; label: string; term: { id: string; label: string; archived: boolean } | null }[] } };
  await t.factories.term(network, 'PROFESSION', 'Podiatrist');
  const input = { communityId: community.id, from: '2026-01-01', to: '2026-04-01', granularity: 'MONTH' };
  const counted = await countStatements({ membership: t.running.runtime.queries }, () => t.run<Terms>(QUERY, { input }, t.factories.viewer(people.K)));
  expect(counted.result.errors).toBeUndefined();
  const report = counted.result.data!.participationReport;
  expect([report.from, report.to, report.breakdowns]).toEqual(['2026-01-01', '2026-04-01', ['PARTICIPANT_TYPE', 'PROFESSION', 'REGION']]);
  expect(report.terms.filter((term) => term.breakdown === 'PARTICIPANT_TYPE').map((term) => [term.key, term.label])).toEqual([
    ['STAFF', 'Staff'],
    ['CONSUMER_REPRESENTATIVE', 'Consumer representative'],
    ['CARER_REPRESENTATIVE', 'Carer representative'],
    ['VOLUNTEER', 'Volunteer'],
    ['PRACTITIONER', 'Practitioner'],
    ['OTHER', 'Other'],
    ['NOT_STATED', 'Not stated'],
  ]);
  // A and B are nurses in Perth; nobody holds Podiatrist, so it names no cell and is not listed.
  expect(report.terms.filter((term) => term.breakdown !== 'PARTICIPANT_TYPE').map((term) => [term.breakdown, term.label, term.term?.label ?? null])).toEqual([
    ['PROFESSION', 'Nurse', 'Nurse'],
    ['PROFESSION', 'Not stated', null],
    ['REGION', 'Perth', 'Perth'],
    ['REGION', 'Not stated', null],
  ]);
  expect(report.terms.find((term) => term.label === 'Nurse')!.key).toBe(nurse.id);
  // Access checks aside, the labels are one statement, whatever the number of periods.
  const weekly = await countStatements({ membership: t.running.runtime.queries }, () => t.run<Terms>(QUERY, { input: { ...input, granularity: 'WEEK' } }, t.factories.viewer(people.K)));
  expect(weekly.total).toBe(counted.total);
  // Only the breakdowns asked for.
  const professions = await t.run<Terms>(QUERY, { input: { ...input, breakdowns: ['PROFESSION'] } }, t.factories.viewer(people.K));
  expect(professions.data!.participationReport.terms.map((term) => term.label)).toEqual(['Nurse', 'Not stated']);
  const twice = await t.run<Terms>(QUERY, { input: { ...input, breakdowns: ['PROFESSION', 'PROFESSION'] } }, t.factories.viewer(people.K));
  expect(twice.data!.participationReport.terms.map((term) => term.label)).toEqual(['Nurse', 'Not stated']);
});

test('the engagement list shows the quiet first, for coordinators only', async () => {
  const QUERY = `query ($id: ID!, $since: DateTime) { community(id: $id) { memberEngagement(first: 20, inactiveSince: $since) {
    nodes { member { id } lastActiveAt threads replies reactions contributions registrations attendances } } } }`;
  const result = await t.run<{ community: { memberEngagement: { nodes: { member: { id: string }; lastActiveAt: string | null; replies: number; attendances: number }[] } } }>(
    QUERY,
    { id: community.id },
    t.factories.viewer(people.K),
  );
  const rows = result.data!.community.memberEngagement.nodes;
  const idOf = (key: keyof typeof people) => people[key].id;
  expect(rows.slice(0, 2).map((row) => row.member.id).sort()).toEqual([idOf('K'), idOf('X')].sort());
  expect(rows.every((row, index) => index < 2 || row.lastActiveAt !== null)).toBe(true);
  expect(rows.find((row) => row.member.id === idOf('E'))).toMatchObject({ attendances: 1, lastActiveAt: '2026-03-20T03:00:00.000Z' });
  expect(rows.find((row) => row.member.id === idOf('V'))).toMatchObject({ replies: 2 });
  const quiet = await t.run<{ community: { memberEngagement: { nodes: unknown[] } } }>(QUERY, { id: community.id, since: at('2026-03-01T00:00').toISOString() }, t.factories.viewer(people.K));
  // K and X never acted; C was last active in February. B's reaction in April counts as activity.
  expect(quiet.data!.community.memberEngagement.nodes).toHaveLength(3);
  const member = await t.run(QUERY, { id: community.id }, t.factories.viewer(people.A));
  expect(member.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test("members see their own participation", async () => {
  const result = await t.run<{ me: { activity: { nodes: { kind: string; occurredAt: string; community: { id: string } }[] } } }>(
    `{ me { activity(first: 10) { nodes { kind occurredAt community { id } } } } }`,
    {},
    t.factories.viewer(people.A),
  );
  expect(result.data!.me.activity.nodes.map((node) => node.kind)).toEqual(['REACTION', 'REPLY', 'THREAD']);
  expect(result.data!.me.activity.nodes.every((node) => node.community.id === community.id)).toBe(true);
});

test('an API token needs the REPORTS scope to read reports', async () => {
  const input = { communityId: community.id, from: '2026-01-01', to: '2026-02-01', granularity: 'MONTH' };
  const readOnly = await report(input, { memberId: people.K.id, scopes: ['read'], source: 'api_token' });
  expect(readOnly.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
  expect((await report(input, { memberId: people.K.id, scopes: ['read', 'reports'], source: 'api_token' })).errors).toBeUndefined();
});

describe('active members from the monthly rollup', () => {
  const ACTIVE = `query ($input: ParticipationReportInput!) { participationReport(input: $input) { buckets { label activeMembers { ${COUNT} } } } }`;
  type Active = { participationReport: { buckets: { label: string; activeMembers: Count }[] } };
  const active = async (from: string) => {
    const result = await t.run<Active>(ACTIVE, { input: { communityId: community.id, from, to: '2026-05-01', granularity: 'MONTH' } }, t.factories.viewer(people.K));
    expect(result.errors).toBeUndefined();
    return result.data!.participationReport.buckets.filter((bucket) => bucket.label >= '2026-02');
  };

  test('whole months (rollup) and a report with a clipped first month (activities) agree', async () => {
    // From 15 January the first period is clipped, so the whole report counts from the activities.
    expect(await active('2026-01-15')).toEqual(await active('2026-01-01'));
  });

  test("a new network time zone recuts the months, and the two ways still agree", async () => {
    const admin = t.factories.viewer(network.admin);
    const before = (await active('2026-01-01')).map((bucket) => bucket.activeMembers.total);
    await t.factories.domain.networks.update(admin, { id: network.id, timeZone: 'Pacific/Auckland' });
    try {
      const rollup = await active('2026-01-01');
      expect(rollup).toEqual(await active('2026-01-15'));
      // B's reaction at 00:30 on 1 April in Perth is 04:30 in Auckland: still April. A's at 23:30
      // on 31 March in Perth is 03:30 on 1 April in Auckland: it moves from March to April.
      expect(rollup.map((bucket) => bucket.activeMembers.total)).not.toEqual(before);
    } finally {
      await t.factories.domain.networks.update(admin, { id: network.id, timeZone: ZONE });
    }
    expect((await active('2026-01-01')).map((bucket) => bucket.activeMembers.total)).toEqual(before);
  });

  // Last in the file: it changes C's history for good.
  test('a change of attributes that arrives late recuts the months it reaches, and the two ways still agree', async () => {
    const before = await active('2026-01-01');
    // C posted on 6 February; the event saying C had been a volunteer since 1 February comes now.
    await deliver(memberAttributesConsumer() as never, membershipContracts.MemberProfileChanged.type, at('2026-02-01T00:00'), {
      memberId: people.C.id,
      participantType: 'VOLUNTEER',
      participantTypeHidden: false,
      changed: ['participantType'],
    });
    const rollup = await active('2026-01-01');
    expect(rollup).toEqual(await active('2026-01-15'));
    expect(rollup).not.toEqual(before);
  });
});
