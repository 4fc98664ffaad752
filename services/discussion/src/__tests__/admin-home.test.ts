import { membership } from '@praxis/membership/testing';
import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

/**
 * The admin app's home screen reads `Community.discussionModerationQueueCount` for every
 * community a viewer runs: the count of what `discussionModerationQueue` lists, for those who
 * may moderate, in one statement and one permission batch for any number of communities.
 */
let t: SubgraphTest<typeof discussion, [typeof membership]>;
type Community = Awaited<ReturnType<SubgraphTest<typeof membership>['factories']['community']>>;
let community: Community;
let moderator: { id: string };
let member: { id: string };
let stranger: { id: string };

const COUNTS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Community { id discussionModerationQueueCount } } }`;
const reps = (ids: string[]) => ({ reps: ids.map((id) => ({ __typename: 'Community', id })) });

beforeAll(async () => {
  t = await startSubgraphTest(discussion, { with: [membership] });
  community = await t.people.community({ visibility: 'MEMBERS_ONLY' });
  [moderator, member, stranger] = await Promise.all([t.people.memberOf(community, 'MODERATOR'), t.people.memberOf(community), t.people.member()]);
  const forum = await t.factories.forum(community);
  const threads = [];
  for (let i = 0; i < 3; i += 1) threads.push(await t.factories.thread(forum, member));
  const { moderation } = t.running.domain;
  for (const thread of threads) await moderation.report(t.factories.access(moderator), { threadId: thread.id, reason: 'Please check' });
  // A dismissed report leaves the queue.
  await moderation.dismissReports(t.factories.access(moderator), { postId: (await t.factories.openingPost(threads[2]!)).id, reason: 'Fine as it is' });
}, 120_000);
afterAll(() => t?.stop());

async function countAs(viewer: { id: string } | null): Promise<number | null> {
  const result = await t.run<{ _entities: { discussionModerationQueueCount: number | null }[] }>(COUNTS, reps([community.id]), viewer);
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0]!.discussionModerationQueueCount;
}

test('moderators, coordinators and network admins get the number of items the queue lists', async () => {
  const queue = await t.run<{ _entities: { discussionModerationQueue: { nodes: unknown[] } }[] }>(
    `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Community { discussionModerationQueue(first: 100) { nodes { waitingSince } } } } }`,
    reps([community.id]),
    moderator,
  );
  expect(queue.data!._entities[0]!.discussionModerationQueue.nodes).toHaveLength(2);
  expect(await countAs(moderator)).toBe(2);
  expect(await countAs(community.coordinator)).toBe(2);
  expect(await countAs(community.network.admin)).toBe(2);
});

test('members, non-members and anonymous viewers get null, without an error', async () => {
  expect(await countAs(member)).toBeNull();
  expect(await countAs(stranger)).toBeNull();
  expect(await countAs(null)).toBeNull();
});

test('20 communities cost the same statements as 1, in discussion and in membership', async () => {
  const ids = [community.id];
  for (let i = 1; i < 20; i += 1) ids.push((await t.people.community({ network: community.network, coordinator: community.coordinator })).id);
  const measure = (some: string[]) =>
    countStatements({ discussion: t.running.runtime.queries, membership: t.membership.runtime.queries }, () =>
      t.run<{ _entities: { id: string; discussionModerationQueueCount: number | null }[] }>(COUNTS, reps(some), community.coordinator),
    );
  const one = await measure(ids.slice(0, 1));
  const twenty = await measure(ids);
  expect(twenty.result.errors).toBeUndefined();
  expect(twenty.result.data!._entities.map((entity) => entity.discussionModerationQueueCount)).toEqual([2, ...ids.slice(1).map(() => 0)]);
  expect(twenty.statements).toEqual(one.statements);
  process.stdout.write(`\nadmin home (discussion): 1 community -> ${JSON.stringify(one.statements)}, 20 -> ${JSON.stringify(twenty.statements)}\n`);
});
