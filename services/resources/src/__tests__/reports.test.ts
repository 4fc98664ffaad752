import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import {
  ANONYMOUS,
  loadSubgraphSdl,
  memberAttributesConsumer,
  membershipContracts,
  memberViewer,
  reportBuckets,
  revertLastMigration,
  runMigrationsLocked,
  type EventEnvelope,
  type Viewer,
} from '@praxis/platform';
import { countStatements, outcome, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { TEST_PASSWORD, membership } from '@praxis/membership/testing';
import type { ResourceEntity } from '../entities';
import { resources } from '../testing';

/**
 * A hand-made library history in Perth (UTC+8), reported January to March 2026 by month with a
 * suppression threshold of 2 (and of 1, which hides nothing, to see every cell), so every figure
 * below was worked out by hand in advance. Community P curates submissions; Q is its sibling.
 *
 *   K STAFF, coordinator of P and Q      A STAFF, Nurse, Perth      B STAFF, Nurse, Kimberley
 *   V VOLUNTEER, STAFF from 03-01        C CONSUMER_REPRESENTATIVE  D CARER_REPRESENTATIVE, account deleted at the end
 *   admin (the network's) STAFF
 *
 * Contributions to P (local times): R0 A 2025-12-31 23:00 (before the range); R1 A 01-05;
 * R2 A 01-20, still waiting for curation; R3 K 01-31 23:30; R4 D 01-25; R5 C 01-28; R7 K 02-01
 * 00:30; R6 V 02-10; R8 V 02-12; R9 C 02-15, deleted since; R10 B 02-18; R11 V 03-05; R12 B 03-10,
 * moved to Q since; R13 A 03-31 23:59; R14 K 04-01 00:00 (after the range). To Q: Q1 B 01-15.
 * Shared network-wide: N1 admin 02-20.
 *
 * Helpful marks: on R1 by B 01-10, K 01-11, C 01-12, D 01-26, V 01-27; on R3 by A 01-31 23:45,
 * V 02-20, C 02-21; on R7 by V 03-02, A 03-03, K 03-04, D 03-06, C 03-07, B 04-01 00:00 (after);
 * on Q1 by B 01-16; on N1 by A 02-22.
 *
 * Views and downloads per local day: R0 1 view 2025-12-31 (before); R1 3 views 01-31 and 2
 * downloads 02-01; R7 4 views 03-31 and 1 view 04-01 (after); R12 2 views 03-20 while in P;
 * Q1 1 view 01-02 and 1 download 2025-12-31 (before); N1 5 views 02-14.
 */
const ZONE = 'Australia/Perth';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();

let stack: SubgraphTest<typeof resources, [typeof membership]>;
type Community = Awaited<ReturnType<SubgraphTest<typeof resources, [typeof membership]>['factories']['people']['community']>>;
type Member = Awaited<ReturnType<SubgraphTest<typeof resources, [typeof membership]>['factories']['people']['member']>>;
let network: Community['network'];
let P: Community;
let Q: Community;
let people: Record<'K' | 'A' | 'B' | 'V' | 'C' | 'D' | 'admin' | 'analyst' | 'outsider' | 'banned', Member>;
let labels: Map<string, string>;

const f = () => stack.factories;
const db = () => stack.running.runtime.db;

/** Feeds the attribute projection the way the event log would, with the time the change happened. */
async function deliver(type: string, occurredAt: Date, payload: Record<string, unknown>): Promise<void> {
  const envelope: EventEnvelope = { id: randomUUID(), type, version: 1, publisher: 'membership', seq: 0, occurredAt, payload };
  await db().transaction((manager) => memberAttributesConsumer().handle(envelope, manager));
}

/** Counts on a resource through the domain, then moves that day's counter to the day of the story. */
async function counted(resource: ResourceEntity, counter: 'views' | 'downloads', times: number, day: string): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    if (counter === 'views') await f().domain.engagement.recordView(f().as(people.K), { resourceId: resource.id });
    else await f().domain.engagement.count('downloads', resource, null);
  }
  await db().query(`UPDATE resource_daily_stats SET day = $2 WHERE resource_id = $1 AND day = (SELECT max(day) FROM resource_daily_stats WHERE resource_id = $1)`, [resource.id, day]);
}

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
  const p = f().people;
  network = await p.network({ timeZone: ZONE });
  const nurse = await p.term(network, 'PROFESSION', 'Nurse');
  const perth = await p.term(network, 'REGION', 'Perth');
  const kimberley = await p.term(network, 'REGION', 'Kimberley');
  labels = new Map([nurse, perth, kimberley].map((term) => [term.id, term.label]));
  const make = (participantType: NonNullable<Parameters<typeof p.member>[0]>['participantType']) => p.member({ participantType });
  people = {
    K: await make('STAFF'),
    A: await make('STAFF'),
    B: await make('STAFF'),
    V: await make('VOLUNTEER'),
    C: await make('CONSUMER_REPRESENTATIVE'),
    D: await make('CARER_REPRESENTATIVE'),
    admin: network.admin,
    analyst: await p.member(),
    outsider: await p.member(),
    banned: await p.member(),
  };
  // Profiles first, so they are the first values known and stand for all of the story.
  await p.domain.members.updateNetworkProfile(p.viewer(people.A), { networkId: network.id, professionId: nurse.id, regionId: perth.id });
  await p.domain.members.updateNetworkProfile(p.viewer(people.B), { networkId: network.id, professionId: nurse.id, regionId: kimberley.id });
  await p.domain.networks.grantRole(p.viewer(network.admin), { networkId: network.id, memberId: people.analyst.id, role: 'ANALYST' });
  P = await p.community({ network, coordinator: people.K });
  Q = await p.community({ network, coordinator: people.K });
  for (const key of ['A', 'B', 'V', 'C', 'D', 'banned'] as const) await p.join(P, people[key]);
  await p.ban(P, people.banned);
  await p.join(Q, people.B);
  await f().domain.curation.updateSettings(f().as(people.K), { communityId: P.id, curated: true });
  await f().sync();
  // V became staff on 1 March.
  await deliver(membershipContracts.MemberProfileChanged.type, at('2026-03-01T00:00'), {
    memberId: people.V.id,
    participantType: 'STAFF',
    participantTypeHidden: false,
    changed: ['participantType'],
  });

  const r: Record<string, ResourceEntity> = {};
  const contribute = async (name: string, key: keyof typeof people, when: string, options: { approve?: boolean; community?: Community } = {}) => {
    r[name] = await f().resource(options.community ?? P, { by: people[key] });
    if (options.approve) r[name] = await f().domain.curation.approve(f().as(people.K), { resourceId: r[name].id });
    await db().query('UPDATE resources SET created_at = $2 WHERE id = $1', [r[name].id, at(when)]);
  };
  await contribute('R0', 'A', '2025-12-31T23:00', { approve: true });
  await contribute('R1', 'A', '2026-01-05T10:00', { approve: true });
  await contribute('R2', 'A', '2026-01-20T10:00');
  await contribute('R3', 'K', '2026-01-31T23:30');
  await contribute('R4', 'D', '2026-01-25T10:00', { approve: true });
  await contribute('R5', 'C', '2026-01-28T10:00', { approve: true });
  await contribute('R7', 'K', '2026-02-01T00:30');
  await contribute('R6', 'V', '2026-02-10T10:00', { approve: true });
  await contribute('R8', 'V', '2026-02-12T10:00');
  await contribute('R9', 'C', '2026-02-15T10:00', { approve: true });
  await contribute('R10', 'B', '2026-02-18T10:00');
  await contribute('R11', 'V', '2026-03-05T10:00');
  await contribute('R12', 'B', '2026-03-10T10:00', { approve: true });
  await contribute('R13', 'A', '2026-03-31T23:59');
  await contribute('R14', 'K', '2026-04-01T00:00');
  await contribute('Q1', 'B', '2026-01-15T10:00', { community: Q });
  r.N1 = await f().shared(network);
  await db().query('UPDATE resources SET created_at = $2 WHERE id = $1', [r.N1.id, at('2026-02-20T10:00')]);

  const marks: [string, keyof typeof people, string][] = [
    ['R1', 'B', '2026-01-10T10:00'],
    ['R1', 'K', '2026-01-11T10:00'],
    ['R1', 'C', '2026-01-12T10:00'],
    ['R1', 'D', '2026-01-26T10:00'],
    ['R1', 'V', '2026-01-27T10:00'],
    ['R3', 'A', '2026-01-31T23:45'],
    ['R3', 'V', '2026-02-20T10:00'],
    ['R3', 'C', '2026-02-21T10:00'],
    ['R7', 'V', '2026-03-02T10:00'],
    ['R7', 'A', '2026-03-03T10:00'],
    ['R7', 'K', '2026-03-04T10:00'],
    ['R7', 'D', '2026-03-06T10:00'],
    ['R7', 'C', '2026-03-07T10:00'],
    ['R7', 'B', '2026-04-01T00:00'],
    ['Q1', 'B', '2026-01-16T10:00'],
    ['N1', 'A', '2026-02-22T10:00'],
  ];
  for (const [name, key, when] of marks) {
    await f().domain.engagement.setHelpful(f().as(people[key]), { resourceId: r[name]!.id, helpful: true });
    await db().query('UPDATE resource_helpful_marks SET marked_at = $3 WHERE resource_id = $1 AND member_id = $2', [r[name]!.id, people[key].id, at(when)]);
  }

  await counted(r.R0!, 'views', 1, '2025-12-31');
  await counted(r.R1!, 'views', 3, '2026-01-31');
  await counted(r.R1!, 'downloads', 2, '2026-02-01');
  await counted(r.R7!, 'views', 4, '2026-03-31');
  await counted(r.R7!, 'views', 1, '2026-04-01');
  await counted(r.R12!, 'views', 2, '2026-03-20');
  await counted(r.Q1!, 'views', 1, '2026-01-02');
  await counted(r.Q1!, 'downloads', 1, '2025-12-31');
  await counted(r.N1!, 'views', 5, '2026-02-14');

  // What happened since: a deletion, a move, and D's account deleted.
  await f().domain.contributions.delete(f().as(people.C), { resourceId: r.R9!.id });
  await f().domain.contributions.move(f().as(people.K), { id: r.R12!.id, communityId: Q.id });
  await p.domain.erasure.deleteAccount(memberViewer(people.D.id), TEST_PASSWORD);
  await f().sync();
}, 120_000);
afterAll(() => stack?.stop());

interface Cell {
  key: string;
  term: { id: string } | null;
  value: number | null;
  suppressed: boolean;
}
interface Count {
  total: number;
  byParticipantType: Cell[];
  byProfession: Cell[];
  byRegion: Cell[];
}
interface Measures {
  contributed: Count;
  views: number;
  downloads: number;
  helpfulMarks: Count;
}

const COUNT = 'total byParticipantType { key term { id } value suppressed } byProfession { key term { id } value suppressed } byRegion { key term { id } value suppressed }';
const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on ReportBucket { start resources { contributed { ${COUNT} } views downloads helpfulMarks { ${COUNT} } } } } }`;

/** The report periods as membership would hand them to the gateway, and the library's answer for them. */
function representations(scope: 'COMMUNITY' | 'NETWORK', scopeId: string, options: { from?: string; to?: string; granularity?: 'WEEK' | 'MONTH' | 'QUARTER'; threshold?: number } = {}) {
  const buckets = reportBuckets({ from: options.from ?? '2026-01-01', to: options.to ?? '2026-04-01', granularity: options.granularity ?? 'MONTH', timeZone: ZONE });
  return buckets.map((bucket) => ({
    __typename: 'ReportBucket',
    scope,
    scopeId,
    start: bucket.start.toISOString(),
    end: bucket.end.toISOString(),
    threshold: options.threshold ?? 2,
    breakdowns: 'PARTICIPANT_TYPE,PROFESSION,REGION',
  }));
}

async function report(scope: 'COMMUNITY' | 'NETWORK', scopeId: string, options: Parameters<typeof representations>[2] & { viewer?: Viewer } = {}) {
  return stack.run(ENTITIES, { representations: representations(scope, scopeId, options) }, options.viewer ?? memberViewer(people.K.id)) as Promise<{
    data?: { _entities: ({ start: string; resources: Measures } | null)[] } | null;
    errors?: readonly { extensions?: Record<string, unknown> }[];
  }>;
}

async function months(scope: 'COMMUNITY' | 'NETWORK', scopeId: string, threshold = 2): Promise<Measures[]> {
  const result = await report(scope, scopeId, { threshold, viewer: memberViewer(network.admin.id) });
  expect(result.errors).toBeUndefined();
  return result.data!._entities.map((bucket) => bucket!.resources);
}

/** The non-zero participant-type cells as { TYPE: value }, null for suppressed; zeros must show. */
function byType(count: Count): Record<string, number | null> {
  for (const cell of count.byParticipantType) if (cell.value === 0) expect(cell.suppressed).toBe(false);
  return Object.fromEntries(count.byParticipantType.filter((cell) => cell.value !== 0).map((cell) => [cell.key, cell.value]));
}

/** Profession or region cells as { label: value }, NOT_STATED as such; each term cell names its term. */
function byTerm(cells: Cell[]): Record<string, number | null> {
  for (const cell of cells) expect(cell.term).toEqual(cell.key === 'NOT_STATED' ? null : { id: cell.key });
  return Object.fromEntries(cells.map((cell) => [labels.get(cell.key) ?? cell.key, cell.value]));
}

test('the shared report shapes are loaded word for word', () => {
  const shared = readFileSync(join(__dirname, '../../../platform/src/reports/report-types.graphql'), 'utf8');
  expect(loadSubgraphSdl(join(__dirname, '../schema'), { shared: ['reports'] })).toContain(shared);
});

test('every figure of the community report is the one worked out by hand', async () => {
  const [jan, feb, mar] = await months('COMMUNITY', P.id);

  // Pending, deleted and since-moved submissions count; before and after the range do not.
  expect([jan, feb, mar].map((m) => m!.contributed.total)).toEqual([5, 5, 3]);
  expect(byType(jan!.contributed)).toEqual({ STAFF: 3, CONSUMER_REPRESENTATIVE: null, CARER_REPRESENTATIVE: null });
  expect(byTerm(jan!.contributed.byProfession)).toEqual({ NOT_STATED: 3, Nurse: 2 });
  expect(byTerm(jan!.contributed.byRegion)).toEqual({ NOT_STATED: 3, Perth: 2 });
  // One small cell alone would be recoverable from the total: the next smallest goes too.
  expect(byType(feb!.contributed)).toEqual({ STAFF: null, VOLUNTEER: 2, CONSUMER_REPRESENTATIVE: null });
  expect(byTerm(feb!.contributed.byProfession)).toEqual({ NOT_STATED: null, Nurse: null });
  expect(byTerm(feb!.contributed.byRegion)).toEqual({ NOT_STATED: null, Kimberley: null });
  // V contributed in February as a volunteer and in March as staff: attributes at the time.
  expect(byType(mar!.contributed)).toEqual({ STAFF: 3 });
  expect(byTerm(mar!.contributed.byProfession)).toEqual({ Nurse: null, NOT_STATED: null });
  expect(byTerm(mar!.contributed.byRegion)).toEqual({ Kimberley: null, Perth: null, NOT_STATED: null });

  expect([jan, feb, mar].map((m) => [m!.views, m!.downloads])).toEqual([
    [3, 0],
    [0, 2],
    [6, 0],
  ]);

  expect([jan, feb, mar].map((m) => m!.helpfulMarks.total)).toEqual([6, 2, 5]);
  expect(byType(jan!.helpfulMarks)).toEqual({ STAFF: 3, VOLUNTEER: null, CONSUMER_REPRESENTATIVE: null, CARER_REPRESENTATIVE: null });
  expect(byTerm(jan!.helpfulMarks.byProfession)).toEqual({ NOT_STATED: 4, Nurse: 2 });
  expect(byTerm(jan!.helpfulMarks.byRegion)).toEqual({ NOT_STATED: 4, Kimberley: null, Perth: null });
  expect(byType(feb!.helpfulMarks)).toEqual({ VOLUNTEER: null, CONSUMER_REPRESENTATIVE: null });
  expect(byTerm(feb!.helpfulMarks.byProfession)).toEqual({ NOT_STATED: 2 });
  expect(byTerm(feb!.helpfulMarks.byRegion)).toEqual({ NOT_STATED: 2 });
  expect(byType(mar!.helpfulMarks)).toEqual({ STAFF: 3, CONSUMER_REPRESENTATIVE: null, CARER_REPRESENTATIVE: null });
  expect(byTerm(mar!.helpfulMarks.byProfession)).toEqual({ NOT_STATED: null, Nurse: null });
  expect(byTerm(mar!.helpfulMarks.byRegion)).toEqual({ NOT_STATED: null, Perth: null });
});

test('with nothing suppressed, each activity sits with the attributes of its member at the time, deleted accounts included', async () => {
  const [jan, feb, mar] = await months('COMMUNITY', P.id, 1);
  expect(byType(jan!.contributed)).toEqual({ STAFF: 3, CONSUMER_REPRESENTATIVE: 1, CARER_REPRESENTATIVE: 1 });
  expect(byType(feb!.contributed)).toEqual({ STAFF: 2, VOLUNTEER: 2, CONSUMER_REPRESENTATIVE: 1 });
  expect(byType(mar!.contributed)).toEqual({ STAFF: 3 });
  expect(byTerm(mar!.contributed.byRegion)).toEqual({ Kimberley: 1, Perth: 1, NOT_STATED: 1 });
  // D's marks lost their owner when D deleted the account, and still count as a carer's.
  expect(byType(jan!.helpfulMarks)).toEqual({ STAFF: 3, VOLUNTEER: 1, CONSUMER_REPRESENTATIVE: 1, CARER_REPRESENTATIVE: 1 });
  expect(byTerm(jan!.helpfulMarks.byRegion)).toEqual({ NOT_STATED: 4, Kimberley: 1, Perth: 1 });
  expect(byType(feb!.helpfulMarks)).toEqual({ VOLUNTEER: 1, CONSUMER_REPRESENTATIVE: 1 });
  expect(byType(mar!.helpfulMarks)).toEqual({ STAFF: 3, CONSUMER_REPRESENTATIVE: 1, CARER_REPRESENTATIVE: 1 });
  expect(byTerm(mar!.helpfulMarks.byProfession)).toEqual({ NOT_STATED: 4, Nurse: 1 });
  const orphaned: { count: number }[] = await db().query(`SELECT count(*)::int AS count FROM resource_helpful_marks WHERE member_id IS NULL AND former_participant_type = 'CARER_REPRESENTATIVE'`);
  expect(orphaned).toEqual([{ count: 2 }]);
});

test('a network report sums its communities and adds what is shared network-wide', async () => {
  const [jan, feb, mar] = await months('NETWORK', network.id);
  expect([jan, feb, mar].map((m) => m!.contributed.total)).toEqual([6, 6, 3]);
  expect(byType(jan!.contributed)).toEqual({ STAFF: 4, CONSUMER_REPRESENTATIVE: null, CARER_REPRESENTATIVE: null });
  expect(byTerm(jan!.contributed.byProfession)).toEqual({ NOT_STATED: 3, Nurse: 3 });
  expect(byTerm(jan!.contributed.byRegion)).toEqual({ NOT_STATED: 3, Perth: null, Kimberley: null });
  expect(byType(feb!.contributed)).toEqual({ STAFF: 3, VOLUNTEER: null, CONSUMER_REPRESENTATIVE: null });
  expect(byType(mar!.contributed)).toEqual({ STAFF: 3 });
  // Q1's download on 31 December (local) is before the range, though in UTC it is its last day.
  expect([jan, feb, mar].map((m) => [m!.views, m!.downloads])).toEqual([
    [4, 0],
    [5, 2],
    [6, 0],
  ]);
  expect([jan, feb, mar].map((m) => m!.helpfulMarks.total)).toEqual([7, 3, 5]);
  expect(byType(jan!.helpfulMarks)).toEqual({ STAFF: 4, VOLUNTEER: null, CONSUMER_REPRESENTATIVE: null, CARER_REPRESENTATIVE: null });
  expect(byType(feb!.helpfulMarks)).toEqual({ STAFF: null, VOLUNTEER: null, CONSUMER_REPRESENTATIVE: null });

  // Q holds R12 now, but it was submitted to P; Q counts only its own history.
  const [qJan, qFeb, qMar] = await months('COMMUNITY', Q.id);
  expect([qJan, qFeb, qMar].map((m) => [m!.contributed.total, m!.views, m!.downloads, m!.helpfulMarks.total])).toEqual([
    [1, 1, 0, 1],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ]);
});

test('the number of statements does not grow with the number of buckets', async () => {
  const counters = { resources: stack.running.runtime.queries, membership: stack.membership.runtime.queries };
  const quarter = await countStatements(counters, () => report('COMMUNITY', P.id, { granularity: 'QUARTER' }));
  const weeks = await countStatements(counters, () => report('COMMUNITY', P.id, { from: '2025-01-01', granularity: 'WEEK' }));
  expect(quarter.result.errors).toBeUndefined();
  expect(weeks.result.errors).toBeUndefined();
  expect(quarter.result.data!._entities).toHaveLength(1);
  expect(weeks.result.data!._entities.length).toBeGreaterThan(60);
  expect(quarter.result.data!._entities[0]!.resources.contributed.total).toBe(13);
  expect(weeks.result.data!._entities.reduce((sum, bucket) => sum + bucket!.resources.contributed.total, 0)).toBe(14);
  expect(weeks.statements).toEqual(quarter.statements);
  process.stdout.write(`\nReport statements, 1 bucket vs ${weeks.result.data!._entities.length}: ${JSON.stringify(quarter.statements)} vs ${JSON.stringify(weeks.statements)}\n`);
});

test('two reports of one scope in one request are counted apart, even where their periods start together', async () => {
  const months = representations('COMMUNITY', P.id);
  const [quarter] = representations('COMMUNITY', P.id, { granularity: 'QUARTER' });
  const result = await stack.run(ENTITIES, { representations: [...months, quarter] }, memberViewer(people.K.id));
  expect(result.errors).toBeUndefined();
  const buckets = (result.data as { _entities: { resources: Measures }[] })._entities;
  expect(buckets.map((bucket) => [bucket.resources.contributed.total, bucket.resources.views, bucket.resources.helpfulMarks.total])).toEqual([
    [5, 3, 6],
    [5, 0, 2],
    [3, 6, 5],
    [13, 9, 13],
  ]);
});

describe('who may read it', () => {
  const viewers: Record<string, () => Viewer> = {
    coordinator: () => memberViewer(people.K.id),
    'network admin': () => memberViewer(network.admin.id),
    analyst: () => memberViewer(people.analyst.id),
    member: () => memberViewer(people.A.id),
    'non-member': () => memberViewer(people.outsider.id),
    banned: () => memberViewer(people.banned.id),
    anonymous: () => ANONYMOUS,
  };
  const answer = async (scope: 'COMMUNITY' | 'NETWORK', viewer: Viewer) => {
    const result = await report(scope, scope === 'COMMUNITY' ? P.id : network.id, { viewer });
    const code = outcome(result);
    if (code === 'OK') expect(result.data!._entities.every((bucket) => bucket!.resources.contributed.total >= 0)).toBe(true);
    else expect(result.data?._entities.every((bucket) => (bucket?.resources ?? null) === null) ?? true).toBe(true);
    return code;
  };

  test.each([
    ['coordinator', 'OK', 'FORBIDDEN'],
    ['network admin', 'OK', 'OK'],
    ['analyst', 'OK', 'OK'],
    ['member', 'FORBIDDEN', 'FORBIDDEN'],
    ['non-member', 'FORBIDDEN', 'FORBIDDEN'],
    ['banned', 'FORBIDDEN', 'FORBIDDEN'],
    ['anonymous', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  ])('%s: community %s, network %s', async (who, community, wholeNetwork) => {
    expect([await answer('COMMUNITY', viewers[who]!()), await answer('NETWORK', viewers[who]!())]).toEqual([community, wholeNetwork]);
  });

  test('a malformed report period is refused, not counted', async () => {
    const [bucket] = representations('COMMUNITY', P.id);
    const result = await stack.run(ENTITIES, { representations: [{ ...bucket, end: bucket!.start }] }, memberViewer(people.K.id));
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

test('the reports migrations go down and up on a real history: moved resources still count where they were submitted, and pieces are cut again', async () => {
  const before = await months('COMMUNITY', P.id, 1);
  const later = ['ResourcesReports1763900000300', 'ReportMemberPieces1764000000000', 'ResourcesReportIndexes1764000000300'];
  for (let i = 0; i < later.length; i += 1) await revertLastMigration(db());
  expect(await runMigrationsLocked(db(), 'resources')).toEqual(later);
  const after = await months('COMMUNITY', P.id, 1);
  // Contributions break down by the pieces, which the migration cut again from the two histories.
  expect(after.map((m) => m.contributed)).toEqual(before.map((m) => m.contributed));
  expect(after.map((m) => m.contributed.total)).toEqual([5, 5, 3]);
});
