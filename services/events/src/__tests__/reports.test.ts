import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { TEST_PASSWORD, membership } from '@praxis/membership/testing';
import { ANONYMOUS, memberAttributesConsumer, membershipContracts, PARTICIPANT_TYPES, reportBuckets, type EventEnvelope, type Granularity, type Viewer } from '@praxis/platform';
import { countStatements, outcome, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { EventEntity } from '../entities';
import { events } from '../testing';

/**
 * A hand-made history in Perth (UTC+8), reported January to March 2026 by month, so every figure
 * below was worked out by hand in advance. Community P, coordinated by K:
 *
 *   A STAFF, Nurse, Perth      B STAFF, Nurse, Perth      C STAFF, region Perth
 *   V VOLUNTEER, STAFF from 1 March 00:00                 E CARER_REPRESENTATIVE
 *   D CONSUMER_REPRESENTATIVE, deletes their account after all of it
 *
 *   E1 15 Jan, 1.5 h   registered C (20 Dec), A 5 Jan, B 6 Jan, V 7 Jan, D 8 Jan   attended A B V
 *   E2 10 Feb, 2 h, 2 places   A 28 Jan, D 1 Feb (places), E 2 Feb (waitlist),
 *                              C 4 Feb (waitlist, then cancelled)                 attended A D
 *   E3 20 Feb, cancelled       B 3 Feb
 *   E4 5 Mar, 1 h      V 28 Feb 23:59 (a volunteer then), E 1 Mar 00:00, C 2 Mar      attended V C
 *   E5 12 Mar, 0.5 h   B 3 Mar, attended B; deleted after it took place (still held)
 *   E6 25 Mar          A 4 Mar; deleted on 20 Mar, before it started (not held)
 *   E7 18 Mar          a proposal (not held)
 *   E8 20 Jan, 3 h     in community Q of the same network: A 10 Jan, attended A
 *   E9 22 Jan          in another network: A 11 Jan, attended A
 */
let h: SubgraphTest<typeof events, [typeof membership]>;
const ZONE = 'Australia/Perth';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();

type Person = 'K' | 'A' | 'B' | 'C' | 'V' | 'D' | 'E';
let people: Record<Person, { id: string }>;
let network: Awaited<ReturnType<SubgraphTest<typeof events, [typeof membership]>['people']['network']>>;
let community: Awaited<ReturnType<SubgraphTest<typeof events, [typeof membership]>['people']['community']>>;
let labels: Map<string, string>;

/** Feeds the attribute projection the way the event log would, at the time the change happened. */
async function deliver(type: string, occurredAt: Date, payload: Record<string, unknown>): Promise<void> {
  const envelope: EventEnvelope = { id: randomUUID(), type, version: 1, publisher: 'membership', seq: 0, occurredAt, payload };
  await h.running.runtime.db.transaction((manager) => memberAttributesConsumer().handle(envelope, manager));
}

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
  network = await h.people.network({ timeZone: ZONE });
  const nurse = await h.people.term(network, 'PROFESSION', 'Nurse');
  const perth = await h.people.term(network, 'REGION', 'Perth');
  labels = new Map([
    [nurse.id, 'Nurse'],
    [perth.id, 'Perth'],
  ]);
  const make = (participantType: (typeof PARTICIPANT_TYPES)[number]) => h.people.member({ participantType });
  const members = { K: await make('STAFF'), A: await make('STAFF'), B: await make('STAFF'), C: await make('STAFF'), V: await make('VOLUNTEER'), D: await make('CONSUMER_REPRESENTATIVE'), E: await make('CARER_REPRESENTATIVE') };
  people = members;
  for (const [key, profile] of [['A', { professionId: nurse.id, regionId: perth.id }], ['B', { professionId: nurse.id, regionId: perth.id }], ['C', { regionId: perth.id }]] as const) {
    await h.people.domain.members.updateNetworkProfile(h.people.viewer(members[key]), { networkId: network.id, ...profile });
  }
  const p = await h.people.community({ network, coordinator: members.K });
  const q = await h.people.community({ network, coordinator: members.K });
  const elsewhere = await h.people.community();
  community = p;
  for (const key of ['A', 'B', 'C', 'V', 'D', 'E'] as const) await h.people.join(p, members[key]);
  await h.people.join(q, members.A);
  await h.people.join(elsewhere, members.A);

  const f = h.factories;
  const event = (where: typeof p, input: Record<string, unknown> = {}) => f.event(where, { cpdHours: 1, ...input });
  const e1 = await event(p, { cpdHours: 1.5 });
  const e2 = await event(p, { cpdHours: 2, capacity: 2 });
  const e3 = await event(p);
  const e4 = await event(p);
  const e5 = await event(p, { cpdHours: 0.5 });
  const e6 = await event(p);
  const e8 = await event(q, { cpdHours: 3 });
  const e9 = await event(elsewhere, { cpdHours: 2 });
  const registrations: [EventEntity, Person, string][] = [
    [e1, 'C', '2025-12-20T10:00'],
    [e1, 'A', '2026-01-05T10:00'],
    [e1, 'B', '2026-01-06T10:00'],
    [e1, 'V', '2026-01-07T10:00'],
    [e1, 'D', '2026-01-08T10:00'],
    [e2, 'A', '2026-01-28T10:00'],
    [e2, 'D', '2026-02-01T10:00'],
    [e2, 'E', '2026-02-02T10:00'],
    [e2, 'C', '2026-02-04T10:00'],
    [e3, 'B', '2026-02-03T10:00'],
    [e4, 'V', '2026-02-28T23:59'],
    [e4, 'E', '2026-03-01T00:00'],
    [e4, 'C', '2026-03-02T10:00'],
    [e5, 'B', '2026-03-03T10:00'],
    [e6, 'A', '2026-03-04T10:00'],
    [e8, 'A', '2026-01-10T10:00'],
    [e9, 'A', '2026-01-11T10:00'],
  ];
  for (const [each, person] of registrations) await f.register(each, members[person]);
  await f.domain.registrations.cancel(f.access(members.C), { eventId: e2.id });

  const coordinatorOf = (each: EventEntity) => (each.communityId === elsewhere.id ? elsewhere.coordinator : members.K);
  const move = (each: EventEntity, day: string) => f.domain.lifecycle.reschedule(f.access(coordinatorOf(each)), { id: each.id, localStart: `${day}T19:00`, localEnd: `${day}T20:30` });
  for (const [each, day] of [[e1, '2026-01-15'], [e2, '2026-02-10'], [e3, '2026-02-20'], [e4, '2026-03-05'], [e5, '2026-03-12'], [e6, '2026-03-25'], [e8, '2026-01-20'], [e9, '2026-01-22']] as const) await move(each, day);
  await f.domain.lifecycle.cancel(f.access(members.K), { id: e3.id, reason: 'The speaker is unwell.' });
  const attended: [EventEntity, Person[]][] = [[e1, ['A', 'B', 'V']], [e2, ['A', 'D']], [e4, ['V', 'C']], [e5, ['B']], [e8, ['A']], [e9, ['A']]];
  for (const [each, who] of attended) await f.domain.attendance.mark(f.access(coordinatorOf(each)), { eventId: each.id, memberIds: who.map((key) => members[key].id) });
  await f.domain.lifecycle.delete(f.access(members.K), e5.id);
  await f.domain.lifecycle.delete(f.access(members.K), e6.id);
  const proposal = await f.domain.lifecycle.propose(f.access(members.A), { communityId: p.id, title: 'Journal club', kind: 'ONLINE_MEETING', localStart: '2027-03-18T19:00', localEnd: '2027-03-18T20:00', timeZone: ZONE });

  // Move the history to the dates of the story above.
  const db = h.running.runtime.db;
  for (const [each, person, when] of registrations) {
    await db.query('UPDATE event_registrations SET registered_at = $3 WHERE event_id = $1 AND member_id = $2', [each.id, members[person].id, at(when)]);
  }
  await db.query('UPDATE event_registrations SET cancelled_at = $2 WHERE event_id = $1 AND cancelled_at IS NOT NULL', [e2.id, at('2026-02-05T10:00')]);
  await db.query('UPDATE events SET deleted_at = $2 WHERE id = $1', [e6.id, at('2026-03-20T10:00')]);
  await db.query('UPDATE events SET starts_at = $2, ends_at = $3 WHERE id = $1', [proposal.id, at('2026-03-18T19:00'), at('2026-03-18T20:00')]);

  await h.people.domain.erasure.deleteAccount(h.people.viewer(members.D), TEST_PASSWORD);
  await h.membership.runtime.drainEvents();
  await h.running.runtime.drainEvents();
  // V became staff on 1 March.
  await deliver(membershipContracts.MemberProfileChanged.type, at('2026-03-01T00:00'), { memberId: members.V.id, participantType: 'STAFF', participantTypeHidden: false, changed: ['participantType'] });
}, 120_000);
afterAll(() => h?.stop());

const CELLS = 'key term { id } value suppressed';
const COUNT = `total byParticipantType { ${CELLS} } byProfession { ${CELLS} } byRegion { ${CELLS} }`;
const QUERY = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ReportBucket { start
  events { held attendanceRate registrations { ${COUNT} } attendance { ${COUNT} } cpdHours { ${COUNT} } } } } }`;

interface Cell {
  key: string;
  term: { id: string } | null;
  value: number | null;
  suppressed: boolean;
}
interface Breakdown {
  total: number;
  byParticipantType: Cell[];
  byProfession: Cell[];
  byRegion: Cell[];
}
interface Measures {
  held: number;
  attendanceRate: number | null;
  registrations: Breakdown;
  attendance: Breakdown;
  cpdHours: Breakdown;
}

interface ReportOptions {
  scope?: 'COMMUNITY' | 'NETWORK';
  scopeId?: string;
  from?: string;
  to?: string;
  granularity?: Granularity;
  threshold?: number;
  breakdowns?: string;
}

/** The bucket references membership hands the gateway, cut the same way. */
function references(options: ReportOptions = {}) {
  const { scope = 'COMMUNITY', scopeId = community.id, from = '2026-01-01', to = '2026-04-01', granularity = 'MONTH', threshold = 2, breakdowns = 'PARTICIPANT_TYPE,PROFESSION,REGION' } = options;
  return reportBuckets({ from, to, granularity, timeZone: ZONE }).map((bucket) => ({
    __typename: 'ReportBucket',
    scope,
    scopeId,
    start: bucket.start.toISOString(),
    end: bucket.end.toISOString(),
    threshold,
    breakdowns,
  }));
}

async function report(options: ReportOptions = {}, viewer: Viewer | { id: string } = people.K) {
  return h.run<{ _entities: { start: string; events: Measures }[] }>(QUERY, { r: references(options) }, viewer);
}

async function measures(options: ReportOptions = {}, viewer: Viewer | { id: string } = people.K): Promise<Measures[]> {
  const result = await report(options, viewer);
  expect(result.errors).toBeUndefined();
  return result.data!._entities.map((bucket) => bucket.events);
}

type Cells = Record<string, number | null>;
interface Summary {
  total: number;
  type: Cells;
  profession: Cells;
  region: Cells;
}

/**
 * A count or amount as its total and its non-zero cells by name (terms by label), null where
 * suppressed. Zeros must show, every participant type is listed, and terms are references.
 */
function summary(value: Breakdown): Summary {
  expect(value.byParticipantType.map((cell) => cell.key).slice(0, PARTICIPANT_TYPES.length)).toEqual([...PARTICIPANT_TYPES]);
  const cells = (list: Cell[]): Cells => {
    for (const cell of list) {
      if (cell.value === 0) expect(cell.suppressed).toBe(false);
      expect(cell.suppressed).toBe(cell.value === null);
      expect(cell.term).toEqual(labels.has(cell.key) ? { id: cell.key } : null);
    }
    return Object.fromEntries(list.filter((cell) => cell.value !== 0).map((cell) => [labels.get(cell.key) ?? cell.key, cell.value]));
  };
  return { total: value.total, type: cells(value.byParticipantType), profession: cells(value.byProfession), region: cells(value.byRegion) };
}

const NS = 'NOT_STATED';
const CONSUMER = 'CONSUMER_REPRESENTATIVE';
const CARER = 'CARER_REPRESENTATIVE';

test('every figure of the community report is the one worked out by hand, small cells suppressed', async () => {
  const [jan, feb, mar] = await measures();
  expect([jan, feb, mar].map((m) => m!.held)).toEqual([1, 1, 2]);
  // Places: E1 5 (C registered in December), E2 2 (the waitlist and the cancelled are not places), E4 3 + E5 1.
  expect([jan, feb, mar].map((m) => m!.attendanceRate)).toEqual([0.6, 1, 0.75]);

  expect(summary(jan!.registrations)).toEqual({ total: 5, type: { STAFF: 3, VOLUNTEER: null, [CONSUMER]: null }, profession: { Nurse: 3, [NS]: 2 }, region: { Perth: 3, [NS]: 2 } });
  expect(summary(feb!.registrations)).toEqual({ total: 5, type: { STAFF: 2, VOLUNTEER: null, [CONSUMER]: null, [CARER]: null }, profession: { Nurse: null, [NS]: null }, region: { Perth: 2, [NS]: 3 } });
  expect(summary(mar!.registrations)).toEqual({ total: 4, type: { STAFF: null, [CARER]: null }, profession: { Nurse: 2, [NS]: 2 }, region: { Perth: null, [NS]: null } });

  // A lone small cell takes the next smallest with it.
  expect(summary(jan!.attendance)).toEqual({ total: 3, type: { STAFF: null, VOLUNTEER: null }, profession: { Nurse: null, [NS]: null }, region: { Perth: null, [NS]: null } });
  expect(summary(feb!.attendance)).toEqual({ total: 2, type: { STAFF: null, [CONSUMER]: null }, profession: { Nurse: null, [NS]: null }, region: { Perth: null, [NS]: null } });
  // V attended on 5 March as staff, not as the volunteer they were when they registered.
  expect(summary(mar!.attendance)).toEqual({ total: 3, type: { STAFF: 3 }, profession: { Nurse: null, [NS]: null }, region: { Perth: null, [NS]: null } });

  // Hours are hidden wherever the attendance behind them is.
  expect(summary(jan!.cpdHours)).toEqual({ total: 4.5, type: { STAFF: null, VOLUNTEER: null }, profession: { Nurse: null, [NS]: null }, region: { Perth: null, [NS]: null } });
  expect(summary(feb!.cpdHours)).toEqual({ total: 4, type: { STAFF: null, [CONSUMER]: null }, profession: { Nurse: null, [NS]: null }, region: { Perth: null, [NS]: null } });
  expect(summary(mar!.cpdHours)).toEqual({ total: 2.5, type: { STAFF: 2.5 }, profession: { Nurse: null, [NS]: null }, region: { Perth: null, [NS]: null } });
});

test('with a threshold of 1 every cell shows its exact value, by the attributes at the time', async () => {
  const [jan, feb, mar] = await measures({ threshold: 1 });
  expect(summary(jan!.registrations)).toEqual({ total: 5, type: { STAFF: 3, VOLUNTEER: 1, [CONSUMER]: 1 }, profession: { Nurse: 3, [NS]: 2 }, region: { Perth: 3, [NS]: 2 } });
  // V registered on 28 February at 23:59 as a volunteer; E's registration at midnight is March's.
  expect(summary(feb!.registrations)).toEqual({ total: 5, type: { STAFF: 2, VOLUNTEER: 1, [CONSUMER]: 1, [CARER]: 1 }, profession: { Nurse: 1, [NS]: 4 }, region: { Perth: 2, [NS]: 3 } });
  expect(summary(mar!.registrations)).toEqual({ total: 4, type: { STAFF: 3, [CARER]: 1 }, profession: { Nurse: 2, [NS]: 2 }, region: { Perth: 3, [NS]: 1 } });

  expect(summary(jan!.attendance)).toEqual({ total: 3, type: { STAFF: 2, VOLUNTEER: 1 }, profession: { Nurse: 2, [NS]: 1 }, region: { Perth: 2, [NS]: 1 } });
  // D deleted their account since, and still counts as the consumer representative they were.
  expect(summary(feb!.attendance)).toEqual({ total: 2, type: { STAFF: 1, [CONSUMER]: 1 }, profession: { Nurse: 1, [NS]: 1 }, region: { Perth: 1, [NS]: 1 } });
  expect(summary(mar!.attendance)).toEqual({ total: 3, type: { STAFF: 3 }, profession: { Nurse: 1, [NS]: 2 }, region: { Perth: 2, [NS]: 1 } });

  expect(summary(jan!.cpdHours)).toEqual({ total: 4.5, type: { STAFF: 3, VOLUNTEER: 1.5 }, profession: { Nurse: 3, [NS]: 1.5 }, region: { Perth: 3, [NS]: 1.5 } });
  expect(summary(feb!.cpdHours)).toEqual({ total: 4, type: { STAFF: 2, [CONSUMER]: 2 }, profession: { Nurse: 2, [NS]: 2 }, region: { Perth: 2, [NS]: 2 } });
  expect(summary(mar!.cpdHours)).toEqual({ total: 2.5, type: { STAFF: 2.5 }, profession: { Nurse: 0.5, [NS]: 2 }, region: { Perth: 1.5, [NS]: 1 } });
});

test("a network report sums its communities and nothing of another network's", async () => {
  const [jan, feb, mar] = await measures({ scope: 'NETWORK', scopeId: network.id }, network.admin);
  // January adds E8 in community Q: one event, one registration, one place, one attendance, 3 hours.
  expect([jan, feb, mar].map((m) => [m!.held, m!.registrations.total, m!.attendance.total, m!.attendanceRate, m!.cpdHours.total])).toEqual([
    [2, 6, 4, 0.667, 7.5],
    [1, 5, 2, 1, 4],
    [2, 4, 3, 0.75, 2.5],
  ]);
  expect(summary(jan!.registrations)).toEqual({ total: 6, type: { STAFF: 4, VOLUNTEER: null, [CONSUMER]: null }, profession: { Nurse: 4, [NS]: 2 }, region: { Perth: 4, [NS]: 2 } });
});

test('only the breakdowns asked for are computed, and an empty period is zeros with no rate', async () => {
  const [first] = await measures({ breakdowns: 'PARTICIPANT_TYPE', from: '2026-01-01', to: '2026-02-01' });
  expect(first!.registrations.byProfession).toEqual([]);
  expect(first!.cpdHours.byRegion).toEqual([]);
  expect(summary(first!.registrations).type).toEqual({ STAFF: 3, VOLUNTEER: null, [CONSUMER]: null });
  const [empty] = await measures({ from: '2025-06-01', to: '2025-07-01' });
  expect([empty!.held, empty!.attendanceRate, empty!.registrations.total, empty!.attendance.total, empty!.cpdHours.total]).toEqual([0, null, 0, 0, 0]);
  expect(empty!.registrations.byProfession).toEqual([]);
});

test('events held are a count like the others, broken down by their organiser when each started', async () => {
  const result = await h.run<{ _entities: { events: { held: number; eventsHeld: Breakdown } }[] }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ReportBucket { events { held eventsHeld { ${COUNT} } } } } }`,
    { r: references() },
    people.K,
  );
  expect(result.errors).toBeUndefined();
  const [jan, feb, mar] = result.data!._entities.map((bucket) => bucket.events);
  expect([jan, feb, mar].map((m) => m!.eventsHeld.total)).toEqual([jan, feb, mar].map((m) => m!.held));
  // K, staff with no profession or region, organised E4 and E5 (and the lone ones of January and February).
  expect(summary(mar!.eventsHeld)).toEqual({ total: 2, type: { STAFF: 2 }, profession: { [NS]: 2 }, region: { [NS]: 2 } });
  expect(summary(jan!.eventsHeld).total).toBe(1);
});

test('the number of statements does not grow with the number of buckets', async () => {
  const counters = { events: h.running.runtime.queries, membership: h.membership.runtime.queries };
  const quarter = await countStatements(counters, () => report({ granularity: 'QUARTER' }));
  const weeks = await countStatements(counters, () => report({ from: '2025-01-01', granularity: 'WEEK' }));
  expect(quarter.result.errors).toBeUndefined();
  expect(weeks.result.errors).toBeUndefined();
  expect(quarter.result.data!._entities).toHaveLength(1);
  expect(weeks.result.data!._entities.length).toBeGreaterThan(60);
  expect(weeks.result.data!._entities.reduce((sum, bucket) => sum + bucket.events.registrations.total, 0)).toBe(quarter.result.data!._entities[0]!.events.registrations.total + 1);
  expect(weeks.statements).toEqual(quarter.statements);
  process.stdout.write(`report statements (events/membership), 1 bucket vs ${weeks.result.data!._entities.length}: ${JSON.stringify(quarter.statements)} vs ${JSON.stringify(weeks.statements)}\n`);
});

describe('who may read it, checked live from the reference', () => {
  let viewers: Record<'analyst' | 'member' | 'nonMember' | 'banned', { id: string }>;

  beforeAll(async () => {
    const analyst = await h.people.member();
    await h.people.domain.networks.grantRole(h.people.viewer(network.admin), { networkId: network.id, memberId: analyst.id, role: 'ANALYST' });
    const banned = await h.people.member();
    await h.people.join(community, banned);
    await h.people.ban(community, banned);
    viewers = { analyst, member: people.A, nonMember: await h.people.member(), banned };
  });

  const code = async (scope: 'COMMUNITY' | 'NETWORK', viewer: () => Viewer | { id: string }) => {
    const result = await report({ scope, scopeId: scope === 'NETWORK' ? network.id : community.id }, viewer());
    return outcome(result);
  };

  test.each([
    ['the coordinator', () => people.K, 'OK'],
    ['a network admin', () => network.admin, 'OK'],
    ['a network analyst', () => viewers.analyst, 'OK'],
    ['a plain member', () => viewers.member, 'FORBIDDEN'],
    ['a non-member', () => viewers.nonMember, 'FORBIDDEN'],
    ['a banned member', () => viewers.banned, 'FORBIDDEN'],
    ['anonymous', () => ANONYMOUS, 'UNAUTHENTICATED'],
  ] as const)('community report: %s', async (_label, viewer, expected) => {
    expect(await code('COMMUNITY', viewer)).toBe(expected);
  });

  test.each([
    ['a network admin', () => network.admin, 'OK'],
    ['a network analyst', () => viewers.analyst, 'OK'],
    ['a community coordinator', () => people.K, 'FORBIDDEN'],
    ['a plain member', () => viewers.member, 'FORBIDDEN'],
    ['anonymous', () => ANONYMOUS, 'UNAUTHENTICATED'],
  ] as const)('network report: %s', async (_label, viewer, expected) => {
    expect(await code('NETWORK', viewer)).toBe(expected);
  });

  test('a forged reference reads nothing: unknown scopes and malformed periods are refused', async () => {
    const unknown = await report({ scopeId: randomUUID() });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [reference] = references();
    const malformed = await h.run(QUERY, { r: [{ ...reference, end: reference!.start }] }, people.K);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
