import type { ThreadEntity } from '../entities';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;
let thread: ThreadEntity;
let crowd: { id: string }[];

const events = async (type: string, key: string, value: string) =>
  Number((await world.running.domain.read.run(`SELECT count(*)::int AS n FROM eventlog.events WHERE type = $1 AND payload->>$2 = $3`, [type, key, value]))[0]!.n);

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people, { visibility: 'PUBLIC' });
  const forum = await world.factories.forum(cast.community);
  thread = await world.factories.thread(forum, cast.member, { title: 'Webinar follow-up: advance care planning' });
  crowd = await Promise.all(Array.from({ length: 40 }, () => world.people.memberOf(cast.community)));
});
afterAll(() => world?.stop());

test('concurrent views lose nothing and count each viewer once a day', async () => {
  const view = (who: { id: string }) => world.run<{ recordDiscussionThreadView: { counted: boolean } }>(`mutation ($id: ID!) { recordDiscussionThreadView(input: { threadId: $id }) { counted } }`, { id: thread.id }, who);
  // Everyone at once, and one of them hammering the button.
  const results = await Promise.all([...crowd.map(view), ...Array.from({ length: 15 }, () => view(crowd[0]!))]);
  expect(results.every((result) => result.errors === undefined)).toBe(true);
  expect(results.filter((result) => result.data!.recordDiscussionThreadView.counted)).toHaveLength(40);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const counts = await world.run<{ discussionThread: { viewCount: number; dailyViews: { viewers: number }[] } }>(
    `query ($id: ID!, $from: String!, $to: String!) { discussionThread(id: $id) { viewCount dailyViews(from: $from, to: $to) { viewers } } }`,
    { id: thread.id, from: day(-1), to: day(1) },
    cast.member,
  );
  expect(counts.data!.discussionThread.viewCount).toBe(40);
  expect(counts.data!.discussionThread.dailyViews.map((entry) => entry.viewers)).toEqual([40]);
  await world.running.runtime.drainEvents();
  expect(await events('discussion.ThreadViewed', 'threadId', thread.id)).toBe(40);
});

test('concurrent reactions lose nothing and count once per member and kind', async () => {
  const opening = await world.factories.openingPost(thread);
  const react = (who: { id: string }, kind: 'LIKE' | 'HELPFUL') =>
    world.run(`mutation ($id: ID!, $kind: DiscussionReactionKind!) { reactToDiscussionPost(input: { postId: $id, kind: $kind }) { post { id } } }`, { id: opening.id, kind }, who);
  const results = await Promise.all([
    ...crowd.map((who) => react(who, 'LIKE')),
    ...crowd.map((who) => react(who, 'HELPFUL')),
    ...Array.from({ length: 10 }, () => react(crowd[1]!, 'LIKE')),
  ]);
  expect(results.every((result) => result.errors === undefined)).toBe(true);
  const summary = await world.run<{ discussionPost: { reactions: { likeCount: number; helpfulCount: number; viewerLiked: boolean } } }>(
    `query ($id: ID!) { discussionPost(id: $id) { reactions { likeCount helpfulCount viewerLiked } } }`,
    { id: opening.id },
    crowd[1],
  );
  expect(summary.data!.discussionPost.reactions).toEqual({ likeCount: 40, helpfulCount: 40, viewerLiked: true });
  await world.running.runtime.drainEvents();
  expect(await events('discussion.PostReacted', 'postId', opening.id)).toBe(80);
});

test('concurrent replies all land, and the thread’s activity time is the latest', async () => {
  const results = await Promise.all(crowd.slice(0, 30).map((who, i) => world.run(`mutation ($id: ID!, $body: String!) { replyToDiscussionThread(input: { threadId: $id, body: $body }) { post { id } } }`, { id: thread.id, body: `Reply ${i}` }, who)));
  expect(results.every((result) => result.errors === undefined)).toBe(true);
  const rows = await world.running.domain.read.run(
    `SELECT t.last_activity_at = (SELECT max(created_at) FROM posts WHERE thread_id = t.id) AS latest,
            (SELECT count(*)::int FROM posts WHERE thread_id = t.id AND NOT is_opening) AS replies FROM threads t WHERE t.id = $1`,
    [thread.id],
  );
  expect(rows[0]).toEqual({ latest: true, replies: 30 });
});
