import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { memberAttributesConsumer, membershipContracts, reportBuckets, type EventEnvelope } from '@praxis/platform';
import { countStatements, everyone, outcome, startSubgraphTest, viewerMatrix, type AsViewer, type SubgraphTest } from '@praxis/platform/testing';
import { newCast, membership, TEST_PASSWORD, type Cast } from '@praxis/membership/testing';
import type { PostEntity } from '../entities';
import { discussion } from '../testing';

/**
 * A hand-made discussion history in Perth (UTC+8), reported January to March 2026 by month with
 * a suppression threshold of 2, so every figure below was worked out by hand in advance.
 *
 *   K STAFF, coordinator   A STAFF, Nurse, Perth   B STAFF, Nurse, Perth
 *   V VOLUNTEER until 1 March, STAFF from then     C CARER_REPRESENTATIVE
 *   D CONSUMER_REPRESENTATIVE, deletes their account at the end
 *   H PRACTITIONER and J OTHER, whose first posts are held by pre-moderation
 *
 *   Dec  K starts a thread (before the range)
 *   Jan  A starts T1; replies by B, V, K (deleted later) and C at 23:30 on 31 January;
 *        B and V like T1
 *   Feb  C starts T2 (hidden later); replies by V and D; D likes T2, A marks V's reply helpful
 *        and withdraws it, A likes D's reply, B and V like V's and D's replies
 *   Mar  B replies at midnight on 1 March; V (staff now) starts T3; A starts T4; H's reply,
 *        held and approved; J's thread, still held; J's reply, held and refused; replies by V,
 *        K and C; C, K and H react to T3
 *   Apr  A replies at 00:30 on 1 April (after the range)
 *
 * A second community of the same network has a thread, a reply and a reaction in February,
 * and a community of another network a thread; only the network report sees the first.
 */
let world: SubgraphTest<typeof discussion, [typeof membership]>;
type Person = Awaited<ReturnType<SubgraphTest<typeof discussion, [typeof membership]>['people']['member']>>;
let people: Record<'K' | 'A' | 'B' | 'V' | 'C' | 'D' | 'H' | 'J', Person>;
let community: Awaited<ReturnType<SubgraphTest<typeof discussion, [typeof membership]>['people']['community']>>;
let nurseId: string;
let perthId: string;

const ZONE = 'Australia/Perth';
const ALL = 'PARTICIPANT_TYPE,PROFESSION,REGION';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();

async function sql(query: string, params: unknown[]): Promise<void> {
  await world.running.runtime.db.query(query, params);
}

/** Moves a post to the time of the story; its publication too, if it was published. */
const writtenAt = (post: PostEntity, when: string) =>
  sql('UPDATE posts SET created_at = $2::timestamptz, published_at = CASE WHEN published_at IS NULL THEN NULL ELSE $2::timestamptz END WHERE id = $1', [post.id, at(when)]);

async function react(who: Person, post: PostEntity, when: string, kind: 'LIKE' | 'HELPFUL' = 'LIKE'): Promise<void> {
  await world.running.domain.engagement.react(world.factories.access(who), post.id, kind);
  await sql('UPDATE reactions_given SET given_at = $4 WHERE post_id = $1 AND member_id = $2 AND kind = $3', [post.id, who.id, kind, at(when)]);
}

/** Feeds the attribute projection as the event log would, with the time the change happened. */
async function deliver(type: string, occurredAt: Date, payload: Record<string, unknown>): Promise<void> {
  const envelope: EventEnvelope = { id: randomUUID(), type, version: 1, publisher: 'membership', seq: 0, occurredAt, payload };
  await world.running.runtime.db.transaction((manager) => memberAttributesConsumer().handle(envelope, manager));
}

async function drain(): Promise<void> {
  await world.membership.runtime.drainEvents();
  await world.running.runtime.drainEvents();
}

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  const { people: make, factories: talk } = world;
  const { editing, moderation } = world.running.domain;
  const network = await make.network({ timeZone: ZONE });
  nurseId = (await make.term(network, 'PROFESSION', 'Nurse')).id;
  perthId = (await make.term(network, 'REGION', 'Perth')).id;
  const person = (participantType: Person['participantType']) => make.member({ participantType: participantType! });
  people = {
    K: await person('STAFF'),
    A: await person('STAFF'),
    B: await person('STAFF'),
    V: await person('VOLUNTEER'),
    C: await person('CARER_REPRESENTATIVE'),
    D: await person('CONSUMER_REPRESENTATIVE'),
    H: await person('PRACTITIONER'),
    J: await person('OTHER'),
  };
  // Profession and region before joining, so they are the first known and stand for the story.
  for (const key of ['A', 'B'] as const) {
    await make.domain.members.updateNetworkProfile(make.viewer(people[key]), { networkId: network.id, professionId: nurseId, regionId: perthId });
  }
  community = await make.community({ network, coordinator: people.K });
  for (const key of ['A', 'B', 'V', 'C', 'D', 'H', 'J'] as const) await make.join(community, people[key]);
  const forum = await talk.forum(community);
  const as = (key: keyof typeof people) => talk.access(people[key]);

  const early = await talk.openingPost(await talk.thread(forum, people.K));
  await writtenAt(early, '2025-12-20T10:00');

  const t1Thread = await talk.thread(forum, people.A);
  const t1 = await talk.openingPost(t1Thread);
  await writtenAt(t1, '2026-01-05T10:00');
  await writtenAt(await talk.reply(t1Thread, people.B), '2026-01-06T10:00');
  await writtenAt(await talk.reply(t1Thread, people.V), '2026-01-07T10:00');
  const deleted = await talk.reply(t1Thread, people.K);
  await writtenAt(deleted, '2026-01-08T10:00');
  await editing.delete(as('K'), deleted.id);
  await writtenAt(await talk.reply(t1Thread, people.C), '2026-01-31T23:30');
  await react(people.B, t1, '2026-01-06T12:00');
  await react(people.V, t1, '2026-01-09T12:00');

  const t2Thread = await talk.thread(forum, people.C);
  const t2 = await talk.openingPost(t2Thread);
  await writtenAt(t2, '2026-02-03T10:00');
  const byV = await talk.reply(t2Thread, people.V);
  await writtenAt(byV, '2026-02-10T10:00');
  const byD = await talk.reply(t2Thread, people.D);
  await writtenAt(byD, '2026-02-11T10:00');
  await react(people.D, t2, '2026-02-12T10:00');
  await react(people.A, byV, '2026-02-14T10:00', 'HELPFUL');
  await world.running.domain.engagement.unreact(as('A'), byV.id, 'HELPFUL');
  await react(people.A, byD, '2026-02-15T10:00');
  await react(people.B, byV, '2026-02-16T10:00');
  await react(people.V, byD, '2026-02-17T10:00');
  await moderation.moderatePost(as('K'), { postId: t2.id, action: 'HIDE', reason: 'Names a patient.' });

  await writtenAt(await talk.reply(t1Thread, people.B), '2026-03-01T00:00');
  const t3Thread = await talk.thread(forum, people.V);
  const t3 = await talk.openingPost(t3Thread);
  await writtenAt(t3, '2026-03-02T10:00');
  await writtenAt(await talk.openingPost(await talk.thread(forum, people.A)), '2026-03-15T10:00');
  await writtenAt(await talk.reply(t3Thread, people.V), '2026-03-08T10:00');
  await writtenAt(await talk.reply(t3Thread, people.K), '2026-03-09T10:00');
  await writtenAt(await talk.reply(t3Thread, people.C), '2026-03-20T10:00');
  await writtenAt(await talk.reply(t1Thread, people.A), '2026-04-01T00:30');

  await moderation.setPreModeration(as('K'), { communityId: community.id, heldPosts: 1, reason: 'New members first.' });
  const approved = await talk.reply(t3Thread, people.H);
  await writtenAt(approved, '2026-03-05T10:00');
  await moderation.moderatePost(as('K'), { postId: approved.id, action: 'APPROVE', reason: 'Welcome.' });
  const held = await talk.openingPost(await talk.thread(forum, people.J));
  await writtenAt(held, '2026-03-06T10:00');
  const refused = await talk.reply(t3Thread, people.J);
  await writtenAt(refused, '2026-03-07T10:00');
  await moderation.moderatePost(as('K'), { postId: refused.id, action: 'DELETE', reason: 'Advertising.' });
  expect([approved, held, refused].map((post) => post.status)).toEqual(['PENDING_APPROVAL', 'PENDING_APPROVAL', 'PENDING_APPROVAL']);
  await react(people.C, t3, '2026-03-10T10:00');
  await react(people.K, t3, '2026-03-11T10:00');
  await react(people.H, t3, '2026-03-12T10:00', 'HELPFUL');

  const sibling = await make.community({ network, coordinator: people.K });
  for (const key of ['A', 'B'] as const) await make.join(sibling, people[key]);
  const elsewhere = await talk.thread(await talk.forum(sibling), people.A);
  const elsewhereOpening = await talk.openingPost(elsewhere);
  await writtenAt(elsewhereOpening, '2026-02-20T10:00');
  await writtenAt(await talk.reply(elsewhere, people.B), '2026-02-21T10:00');
  await react(people.B, elsewhereOpening, '2026-02-22T10:00');
  const stranger = await make.community();
  await writtenAt(await talk.openingPost(await talk.thread(await talk.forum(stranger), stranger.coordinator)), '2026-02-20T10:00');

  await world.membership.domain.erasure.deleteAccount(make.viewer(people.D), TEST_PASSWORD);
  await drain();
  // V became staff on 1 March, delivered after everything membership published so far.
  await deliver(membershipContracts.MemberProfileChanged.type, at('2026-03-01T00:00'), {
    memberId: people.V.id,
    participantType: 'STAFF',
    participantTypeHidden: false,
    changed: ['participantType'],
  });
}, 120_000);
afterAll(() => world?.stop());

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
type Measures = Record<'threads' | 'replies' | 'reactions', Count>;

const COUNT = `total byParticipantType { key term { id } value suppressed } byProfession { key term { id } value suppressed } byRegion { key term { id } value suppressed }`;
const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on ReportBucket { discussion { threads { ${COUNT} } replies { ${COUNT} } reactions { ${COUNT} } } } } }`;

/** The bucket references the gateway would send for a report membership has cut. */
function references(scope: 'COMMUNITY' | 'NETWORK', scopeId: string, range: { from: string; to: string; granularity: 'WEEK' | 'MONTH' | 'QUARTER' }, breakdowns = ALL) {
  return reportBuckets({ ...range, timeZone: ZONE }).map((bucket) => ({
    __typename: 'ReportBucket',
    scope,
    scopeId,
    start: bucket.start.toISOString(),
    end: bucket.end.toISOString(),
    threshold: 2,
    breakdowns,
  }));
}

async function report(representations: Record<string, unknown>[], viewer: AsViewer) {
  return world.run<{ _entities: ({ discussion: Measures } | null)[] }>(ENTITIES, { representations }, viewer);
}

const QUARTER = { from: '2026-01-01', to: '2026-04-01', granularity: 'MONTH' } as const;

/** The non-zero participant-type cells as { TYPE: value }, null for suppressed; zeros must show. */
function byType(count: Count): Record<string, number | null> {
  for (const cell of count.byParticipantType) if (cell.value === 0) expect(cell.suppressed).toBe(false);
  return Object.fromEntries(count.byParticipantType.filter((cell) => cell.value !== 0).map((cell) => [cell.key, cell.value]));
}

/** The non-zero profession or region cells as [Nurse | Perth | NOT_STATED, value], in the order given. */
function byTerm(cells: Cell[]): [string, number | null][] {
  const names: Record<string, string> = { [nurseId]: 'Nurse', [perthId]: 'Perth' };
  return cells.filter((cell) => cell.value !== 0).map((cell) => {
    expect(cell.term?.id ?? null).toBe(cell.key === 'NOT_STATED' ? null : cell.key);
    expect(cell.suppressed).toBe(cell.value === null);
    return [names[cell.key] ?? cell.key, cell.value];
  });
}

test('every figure of the community report is the one worked out by hand', async () => {
  const result = await report(references('COMMUNITY', community.id, QUARTER), people.K);
  expect(result.errors).toBeUndefined();
  const [jan, feb, mar] = result.data!._entities.map((entity) => entity!.discussion);

  // Opening posts only: T1; T2 (hidden since); T3 and T4. K's December thread and J's held one do not count.
  expect([jan, feb, mar].map((b) => b!.threads.total)).toEqual([1, 1, 2]);
  expect(byType(jan!.threads)).toEqual({ STAFF: null });
  expect(byType(feb!.threads)).toEqual({ CARER_REPRESENTATIVE: null });
  // V started T3 as staff: attributes at the time of the activity.
  expect(byType(mar!.threads)).toEqual({ STAFF: 2 });
  expect(byTerm(jan!.threads.byProfession)).toEqual([['Nurse', null]]);
  expect(byTerm(mar!.threads.byProfession)).toEqual([
    ['Nurse', null],
    ['NOT_STATED', null],
  ]);

  // January counts K's deleted reply and C's at 23:30 on the 31st; March B's at midnight on the
  // 1st and H's approved reply, not J's refused one nor A's on 1 April.
  expect([jan, feb, mar].map((b) => b!.replies.total)).toEqual([4, 2, 5]);
  expect(byType(jan!.replies)).toEqual({ STAFF: 2, CARER_REPRESENTATIVE: null, VOLUNTEER: null });
  // D's account is deleted; their reply still counts, as a consumer representative's.
  expect(byType(feb!.replies)).toEqual({ CONSUMER_REPRESENTATIVE: null, VOLUNTEER: null });
  expect(byType(mar!.replies)).toEqual({ STAFF: 3, CARER_REPRESENTATIVE: null, PRACTITIONER: null });
  expect(byTerm(jan!.replies.byProfession)).toEqual([
    ['NOT_STATED', null],
    ['Nurse', null],
  ]);
  expect(byTerm(feb!.replies.byProfession)).toEqual([['NOT_STATED', 2]]);
  expect(byTerm(mar!.replies.byRegion)).toEqual([
    ['NOT_STATED', null],
    ['Perth', null],
  ]);

  // February counts A's withdrawn helpful mark and the deleted member's like.
  expect([jan, feb, mar].map((b) => b!.reactions.total)).toEqual([2, 5, 3]);
  expect(byType(jan!.reactions)).toEqual({ STAFF: null, VOLUNTEER: null });
  expect(byType(feb!.reactions)).toEqual({ STAFF: 3, CONSUMER_REPRESENTATIVE: null, VOLUNTEER: null });
  expect(byType(mar!.reactions)).toEqual({ STAFF: null, CARER_REPRESENTATIVE: null, PRACTITIONER: null });
  expect(byTerm(feb!.reactions.byProfession)).toEqual([
    ['Nurse', 3],
    ['NOT_STATED', 2],
  ]);
  expect(byTerm(feb!.reactions.byRegion)).toEqual([
    ['Perth', 3],
    ['NOT_STATED', 2],
  ]);
  expect(byTerm(mar!.reactions.byProfession)).toEqual([['NOT_STATED', 3]]);
});

test('a network report sums its communities, and only its own', async () => {
  const result = await report(references('NETWORK', community.networkId, QUARTER), community.network.admin);
  expect(result.errors).toBeUndefined();
  const [jan, feb, mar] = result.data!._entities.map((entity) => entity!.discussion);
  expect([jan, feb, mar].map((b) => [b!.threads.total, b!.replies.total, b!.reactions.total])).toEqual([
    [1, 4, 2],
    [2, 3, 6],
    [2, 5, 3],
  ]);
  expect(byType(feb!.threads)).toEqual({ STAFF: null, CARER_REPRESENTATIVE: null });
  expect(byType(feb!.reactions)).toEqual({ STAFF: 4, CONSUMER_REPRESENTATIVE: null, VOLUNTEER: null });
});

test('only the breakdowns asked for are computed', async () => {
  const result = await report(references('COMMUNITY', community.id, { from: '2026-02-01', to: '2026-03-01', granularity: 'MONTH' }, 'PARTICIPANT_TYPE'), people.K);
  const feb = result.data!._entities[0]!.discussion;
  expect(byType(feb.reactions)).toEqual({ STAFF: 3, CONSUMER_REPRESENTATIVE: null, VOLUNTEER: null });
  expect([feb.reactions.byProfession, feb.reactions.byRegion]).toEqual([[], []]);
});

test('the number of statements does not grow with the number of buckets', async () => {
  const counters = { discussion: world.running.runtime.queries, membership: world.membership.runtime.queries };
  const one = await countStatements(counters, () => report(references('COMMUNITY', community.id, { from: '2026-01-01', to: '2026-04-01', granularity: 'QUARTER' }), people.K));
  const weeks = references('COMMUNITY', community.id, { from: '2025-01-01', to: '2026-04-01', granularity: 'WEEK' });
  const many = await countStatements(counters, () => report(weeks, people.K));
  expect(one.result.data!._entities).toHaveLength(1);
  expect(many.result.data!._entities).toHaveLength(weeks.length);
  expect(weeks.length).toBeGreaterThan(60);
  expect(many.result.data!._entities.reduce((sum, entity) => sum + entity!.discussion.replies.total, 0)).toBe(11);
  expect(many.statements).toEqual(one.statements);
  expect(one.statements.discussion).toBe(2);
  process.stdout.write(`\nStatements for a report of 1 vs ${weeks.length} buckets: ${JSON.stringify(one.statements)} vs ${JSON.stringify(many.statements)}\n`);
});

describe('who may read it', () => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await newCast(world.people);
  });
  const JAN = { from: '2026-01-01', to: '2026-02-01', granularity: 'MONTH' } as const;

  describe('the community report', () => {
    viewerMatrix({ ...everyone('FORBIDDEN'), anonymous: 'UNAUTHENTICATED', coordinator: 'OK', admin: 'OK', analyst: 'OK' }, async (kind) => {
      const result = await report(references('COMMUNITY', cast.community.id, JAN), cast[kind]);
      if (outcome(result) === 'OK') expect(result.data!._entities[0]!.discussion.threads.total).toBe(0);
      return result;
    });
  });

  describe('the network report', () => {
    viewerMatrix({ admin: 'OK', analyst: 'OK', coordinator: 'FORBIDDEN', member: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' }, async (kind) =>
      report(references('NETWORK', cast.community.networkId, JAN), cast[kind]),
    );
  });

  test('a forged reference reads nothing: another community, or no report period at all', async () => {
    const [ours] = references('COMMUNITY', cast.community.id, JAN);
    const [theirs] = references('COMMUNITY', community.id, JAN);
    const result = await report([ours!, theirs!, { ...ours!, scopeId: 'not-an-id' }, { ...ours!, start: 'yesterday' }], cast.coordinator);
    expect(result.data!._entities.map((entity) => entity?.discussion?.threads.total ?? null)).toEqual([0, null, null, null]);
    expect(result.errors!.map((error) => [error.path?.[1], error.extensions?.code])).toEqual([
      [1, 'FORBIDDEN'],
      [2, 'BAD_USER_INPUT'],
      [3, 'BAD_USER_INPUT'],
    ]);
  });
});
