import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people);
});
afterAll(() => world?.stop());

const SUMMARY = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { viewerDiscussionUnread { threadsWithUnread unreadPosts unreadThreadsInFollowedForums } } } }`;
const THREAD = `query ($id: ID!) { discussionThread(id: $id) { viewerUnreadCount viewerFollowing viewCount } }`;
const FORUM = `query ($id: ID!) { discussionForum(id: $id) { viewerUnreadThreadCount viewerFollowing } }`;

test('follows and read positions give unread counts', async () => {
  const reader = cast.member;
  const writer = cast.moderator;
  const forum = await world.factories.forum(cast.community);
  const followed = await world.factories.thread(forum, reader, { title: 'Consent in rural homes' });
  const { engagement } = world.running.domain;
  await world.run(`mutation ($id: ID!) { followDiscussionThread(input: { threadId: $id }) { thread { id } } }`, { id: followed.id }, reader);
  await world.run(`mutation ($id: ID!) { followDiscussionForum(input: { forumId: $id }) { forum { id } } }`, { id: forum.id }, reader);
  await world.factories.reply(followed, reader, { body: 'My own reply is never unread to me' });
  const first = await world.factories.reply(followed, writer);
  await world.factories.reply(followed, writer);
  await world.factories.thread(forum, writer, { title: 'Another thread in the forum' });

  const summary = async () => ((await world.run<{ _entities: { viewerDiscussionUnread: unknown }[] }>(SUMMARY, { r: [{ __typename: 'Community', id: cast.community.id }] }, reader)).data!._entities[0]!.viewerDiscussionUnread);
  const thread = async () => (await world.run<{ discussionThread: { viewerUnreadCount: number; viewerFollowing: boolean } }>(THREAD, { id: followed.id }, reader)).data!.discussionThread;
  expect(await summary()).toEqual({ threadsWithUnread: 1, unreadPosts: 2, unreadThreadsInFollowedForums: 2 });
  expect(await thread()).toMatchObject({ viewerUnreadCount: 2, viewerFollowing: true });

  await world.run(`mutation ($id: ID!, $p: ID) { markDiscussionThreadRead(input: { threadId: $id, upToPostId: $p }) { thread { id } } }`, { id: followed.id, p: first.id }, reader);
  expect((await thread()).viewerUnreadCount).toBe(1);
  await engagement.markThreadRead(world.factories.access(reader), followed.id, null);
  expect((await thread()).viewerUnreadCount).toBe(0);
  // Read positions never move back.
  await engagement.markThreadRead(world.factories.access(reader), followed.id, first.id);
  expect((await thread()).viewerUnreadCount).toBe(0);
  expect(await summary()).toEqual({ threadsWithUnread: 0, unreadPosts: 0, unreadThreadsInFollowedForums: 1 });

  await world.factories.reply(followed, writer);
  expect(await summary()).toEqual({ threadsWithUnread: 1, unreadPosts: 1, unreadThreadsInFollowedForums: 2 });
  expect((await world.run(FORUM, { id: forum.id }, reader)).data).toEqual({ discussionForum: { viewerUnreadThreadCount: 2, viewerFollowing: true } });

  await world.run(`mutation ($id: ID!) { markDiscussionForumRead(input: { forumId: $id }) { forum { viewerUnreadThreadCount } } }`, { id: forum.id }, reader);
  expect(await summary()).toEqual({ threadsWithUnread: 0, unreadPosts: 0, unreadThreadsInFollowedForums: 0 });

  await world.factories.reply(followed, writer);
  await world.run(`mutation ($id: ID!) { unfollowDiscussionThread(input: { threadId: $id }) { thread { viewerFollowing } } }`, { id: followed.id }, reader);
  await world.run(`mutation ($id: ID!) { unfollowDiscussionForum(input: { forumId: $id }) { forum { viewerFollowing } } }`, { id: forum.id }, reader);
  expect(await summary()).toEqual({ threadsWithUnread: 0, unreadPosts: 0, unreadThreadsInFollowedForums: 0 });
  expect(await thread()).toMatchObject({ viewerUnreadCount: 1, viewerFollowing: false });
});

test('reading never counts a view or moves a read position; only the mutations do', async () => {
  const forum = await world.factories.forum(cast.community);
  const thread = await world.factories.thread(forum, cast.moderator);
  for (let i = 0; i < 3; i += 1) await world.run(`query ($id: ID!) { discussionThread(id: $id) { title replies { nodes { bodyHtml } } } }`, { id: thread.id }, cast.member);
  const state = async () => (await world.run<{ discussionThread: { viewCount: number; viewerUnreadCount: number } }>(THREAD, { id: thread.id }, cast.member)).data!.discussionThread;
  expect(await state()).toMatchObject({ viewCount: 0, viewerUnreadCount: 1 });
  await world.run(`mutation ($id: ID!) { recordDiscussionThreadView(input: { threadId: $id }) { counted } }`, { id: thread.id }, cast.member);
  expect(await state()).toMatchObject({ viewCount: 1, viewerUnreadCount: 1 });
});

test('anonymous viewers get no unread state', async () => {
  const open = await newCast(world.people, { visibility: 'PUBLIC' });
  const forum = await world.factories.forum(open.community);
  const thread = await world.factories.thread(forum, open.member);
  const result = await world.run(
    `query ($id: ID!, $r: [_Any!]!) { discussionThread(id: $id) { viewerUnreadCount viewerFollowing viewerCanReply } _entities(representations: $r) { ... on Community { viewerDiscussionUnread { unreadPosts } } } }`,
    { id: thread.id, r: [{ __typename: 'Community', id: open.community.id }] },
  );
  expect(result.data).toEqual({ discussionThread: { viewerUnreadCount: 0, viewerFollowing: false, viewerCanReply: false }, _entities: [{ viewerDiscussionUnread: null }] });
});

test('views are kept per day in the network’s time zone', async () => {
  const forum = await world.factories.forum(cast.community);
  const thread = await world.factories.thread(forum, cast.moderator);
  await world.running.runtime.drainEvents();
  const zone = await world.running.domain.read.run('SELECT time_zone FROM networks WHERE id = $1', [cast.community.network.id]);
  expect(zone).toEqual([{ time_zone: 'Australia/Perth' }]);
  await world.running.domain.engagement.recordView(world.factories.access(cast.member), thread.id);
  const perth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Perth' }).format(new Date());
  const rows = await world.running.domain.read.run('SELECT day::text AS day FROM thread_views WHERE thread_id = $1', [thread.id]);
  expect(rows).toEqual([{ day: perth }]);
});

test('daily views take at most 366 calendar days, as every per-day figure does', async () => {
  const thread = await world.factories.thread(await world.factories.forum(cast.community), cast.moderator);
  const DAILY = `query ($id: ID!, $from: String!, $to: String!) { discussionThread(id: $id) { dailyViews(from: $from, to: $to) { viewers } } }`;
  const ask = (from: string, to: string) => world.run(DAILY, { id: thread.id, from, to }, cast.member);
  expect((await ask('2028-01-01', '2028-12-31')).errors).toBeUndefined();
  expect((await ask('2026-01-01', '2027-01-02')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  expect((await ask('2026-02-30', '2026-03-02')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
});
