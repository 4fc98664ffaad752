import { randomUUID } from 'node:crypto';
import { discussionContracts, memberAttributesConsumer, membershipContracts, type EventEnvelope } from '@praxis/platform';
import type { EntityManager } from 'typeorm';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { activityConsumer, lockingMembersActivity, rebuildActiveMonths } from '../membership/activity';
import { membership } from '../testing';

/**
 * The two writers of member_active_months, run against each other on the same members in
 * opposite orders, as during a catch-up on the scale data: the activity projection (one
 * statement over a batch) and the re-cut of members' attribute pieces (member after member).
 */

let t: SubgraphTest<typeof membership>;
let community: Awaited<ReturnType<SubgraphTest<typeof membership>['factories']['community']>>;
let memberIds: string[];

const activity = activityConsumer();
const attributes = lockingMembersActivity(memberAttributesConsumer());
const MONTH = 31 * 86_400_000;
const START = Date.parse('2026-01-15T12:00:00Z');

beforeAll(async () => {
  t = await startSubgraphTest(membership);
  community = await t.factories.community();
  memberIds = [];
  for (let i = 0; i < 16; i += 1) memberIds.push((await t.factories.memberOf(community)).id);
  await t.running.runtime.drainEvents();
});
afterAll(() => t?.stop());

function posted(memberId: string, at: Date): EventEnvelope {
  const { ThreadPosted } = discussionContracts;
  return {
    id: randomUUID(),
    type: ThreadPosted.type,
    version: ThreadPosted.version,
    publisher: 'discussion',
    seq: 0,
    occurredAt: at,
    payload: { memberId, communityId: community.id, networkId: community.network.id, threadId: randomUUID(), postId: randomUUID(), forumId: randomUUID(), kind: 'DISCUSSION', subject: null },
  };
}

function retyped(memberId: string, at: Date, participantType: 'STAFF' | 'VOLUNTEER'): EventEnvelope {
  const { MemberProfileChanged } = membershipContracts;
  return {
    id: randomUUID(),
    type: MemberProfileChanged.type,
    version: MemberProfileChanged.version,
    publisher: 'membership',
    seq: 0,
    occurredAt: at,
    payload: { memberId, participantType, participantTypeHidden: false, changed: ['participantType'] },
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const run = (work: (manager: EntityManager) => Promise<void>) => t.running.runtime.db.transaction(work).then(
  () => 'ok',
  (error: { code?: string; driverError?: { code?: string } }) => error.driverError?.code ?? error.code ?? 'error',
);

test('the activity projection, the attribute re-cut and the time-zone recut never deadlock on the same members', async () => {
  // Every member active in six months, so each writer has many rows per member to lock.
  await run((manager) => activity.handleBatch!(memberIds.flatMap((id) => Array.from({ length: 6 }, (_, month) => posted(id, new Date(START + month * MONTH)))), manager));
  const sorted = [...memberIds].sort();
  const outcomes: string[] = [];
  for (let iteration = 0; iteration < 40; iteration += 1) {
    // Overlapping sets in different orders: ascending, descending and shuffled, a few left out.
    const forActivity = iteration % 2 ? sorted.slice(iteration % 4) : shuffled(memberIds, iteration + 1).slice(1);
    const forAttributes = iteration % 3 ? [...sorted].reverse() : shuffled(memberIds, iteration + 101);
    const at = (offset: number) => new Date(START + (iteration % 6) * MONTH + offset * 60_000 + iteration * 1000);
    const writers = [
      run((manager) => attributes.handleBatch!(forAttributes.map((id, index) => retyped(id, at(index), iteration % 2 ? 'STAFF' : 'VOLUNTEER')), manager)),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, iteration % 5));
        return run((manager) => activity.handleBatch!(forActivity.flatMap((id) => [posted(id, at(1)), posted(id, new Date(at(2).getTime() + MONTH))]), manager));
      })(),
    ];
    if (iteration % 4 === 3) writers.push(run((manager) => rebuildActiveMonths(manager, community.network.id)));
    outcomes.push(...(await Promise.all(writers)));
  }
  expect(outcomes.filter((outcome) => outcome !== 'ok')).toEqual([]);
  // Whatever the interleaving, the months carry the attributes their last activity had.
  const stale: unknown[] = await t.running.runtime.db.query(
    `SELECT r.member_id FROM member_active_months r JOIN report_member_pieces p ON p.member_id = r.member_id AND p.network_id = r.network_id AND r.last_at >= p.valid_from AND r.last_at < p.valid_to
     WHERE r.network_id = $1 AND r.participant_type IS DISTINCT FROM p.participant_type`,
    [community.network.id],
  );
  expect(stale).toEqual([]);
});
