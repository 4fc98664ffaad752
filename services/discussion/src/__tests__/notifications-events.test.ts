import { discussionContracts, type EventDefinition, type EventPayload } from '@praxis/platform';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { ForumEntity } from '../entities';
import { DiscussionAnnounceFollows1766000000000 } from '../migrations/1766000000000-discussion-announce-follows';
import { discussion } from '../testing';

/** What notifications learns from discussion: follows, moderation, and thread titles (issue 17). */

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;
let forum: ForumEntity;

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people, { visibility: 'PUBLIC' });
  forum = await world.factories.forum(cast.community, { name: 'Palliative care at home' });
});
afterAll(() => world?.stop());

const as = (who: { id: string }) => world.factories.access(who);

/** The events of one type in discussion's outbox whose payload names `value` in `field`, oldest first, checked against the contract. */
async function published<D extends EventDefinition>(definition: D, field: string, value: string): Promise<EventPayload<D>[]> {
  const rows: { payload: unknown }[] = await world.running.runtime.db.query('SELECT payload FROM outbox WHERE type = $1 AND payload->>$2 = $3 ORDER BY position', [definition.type, field, value]);
  return rows.map((row) => definition.schema.parse(row.payload) as EventPayload<D>);
}

const FOLLOW_THREAD = `mutation ($id: ID!) { followDiscussionThread(input: { threadId: $id }) { thread { viewerFollowing } } }`;
const UNFOLLOW_THREAD = `mutation ($id: ID!) { unfollowDiscussionThread(input: { threadId: $id }) { thread { viewerFollowing } } }`;
const FOLLOW_FORUM = `mutation ($id: ID!) { followDiscussionForum(input: { forumId: $id }) { forum { viewerFollowing } } }`;
const UNFOLLOW_FORUM = `mutation ($id: ID!) { unfollowDiscussionForum(input: { forumId: $id }) { forum { viewerFollowing } } }`;

test('following and unfollowing a thread announces each change once; repeating one announces nothing', async () => {
  const thread = await world.factories.thread(forum, cast.moderator);
  const scope = { memberId: cast.member.id, target: 'THREAD', targetId: thread.id, communityId: cast.community.id, networkId: cast.community.network.id };
  await world.run(FOLLOW_THREAD, { id: thread.id }, cast.member);
  expect(await published(discussionContracts.FollowChanged, 'targetId', thread.id)).toEqual([{ ...scope, following: true }]);
  await world.run(FOLLOW_THREAD, { id: thread.id }, cast.member);
  expect(await published(discussionContracts.FollowChanged, 'targetId', thread.id)).toHaveLength(1);
  await world.run(UNFOLLOW_THREAD, { id: thread.id }, cast.member);
  await world.run(UNFOLLOW_THREAD, { id: thread.id }, cast.member);
  expect(await published(discussionContracts.FollowChanged, 'targetId', thread.id)).toEqual([
    { ...scope, following: true },
    { ...scope, following: false },
  ]);
});

test('following and unfollowing a forum announces each change once; repeating one announces nothing', async () => {
  const other = await world.factories.forum(cast.community);
  const scope = { memberId: cast.member.id, target: 'FORUM', targetId: other.id, communityId: cast.community.id, networkId: cast.community.network.id };
  await world.run(UNFOLLOW_FORUM, { id: other.id }, cast.member);
  expect(await published(discussionContracts.FollowChanged, 'targetId', other.id)).toEqual([]);
  await world.run(FOLLOW_FORUM, { id: other.id }, cast.member);
  await world.run(FOLLOW_FORUM, { id: other.id }, cast.member);
  await world.run(UNFOLLOW_FORUM, { id: other.id }, cast.member);
  expect(await published(discussionContracts.FollowChanged, 'targetId', other.id)).toEqual([
    { ...scope, following: true },
    { ...scope, following: false },
  ]);
});

test('the migration announces every follow that exists, as the mutations would', async () => {
  const thread = await world.factories.thread(forum, cast.moderator);
  const followedForum = await world.factories.forum(cast.community);
  await world.factories.domain.engagement.followThread(as(cast.member), thread.id, true);
  await world.factories.domain.engagement.followThread(as(cast.coordinator), thread.id, true);
  await world.factories.domain.engagement.followForum(as(cast.member), followedForum.id, true);
  const network = { communityId: cast.community.id, networkId: cast.community.network.id };
  // Run inside a transaction that is rolled back, so the worker's other tests see no extra announcements.
  const runner = world.running.runtime.db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const one = async <T>(sql: string): Promise<T> => ((await runner.query(sql)) as T[])[0]!;
    const { last } = await one<{ last: string }>('SELECT coalesce(max(position), 0) AS last FROM outbox');
    await new DiscussionAnnounceFollows1766000000000().up(runner);
    const rows: { type: string; version: number; occurred_at: Date; payload: unknown }[] = await runner.query('SELECT type, version, occurred_at, payload FROM outbox WHERE position > $1 ORDER BY position', [last]);
    const { follows } = await one<{ follows: string }>('SELECT (SELECT count(*) FROM thread_follows) + (SELECT count(*) FROM forum_follows) AS follows');
    expect(rows).toHaveLength(Number(follows));
    expect(new Set(rows.map((row) => `${row.type} v${row.version}`))).toEqual(new Set(['discussion.FollowChanged v1']));
    const payloads = rows.map((row) => discussionContracts.FollowChanged.schema.parse(row.payload));
    const ours = payloads.filter((payload) => payload.targetId === thread.id || payload.targetId === followedForum.id);
    expect(ours).toEqual(
      expect.arrayContaining([
        { ...network, memberId: cast.member.id, target: 'THREAD', targetId: thread.id, following: true },
        { ...network, memberId: cast.coordinator.id, target: 'THREAD', targetId: thread.id, following: true },
        { ...network, memberId: cast.member.id, target: 'FORUM', targetId: followedForum.id, following: true },
      ]),
    );
    expect(ours).toHaveLength(3);
    const { now } = await one<{ now: Date }>('SELECT now() AS now');
    expect(rows.every((row) => row.occurred_at.getTime() === now.getTime())).toBe(true);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
});

test('thread and post events name the thread: created, posted, replied, moved and deleted', async () => {
  const other = await world.factories.forum(cast.community);
  const thread = await world.factories.thread(forum, cast.member, { title: 'Managing breathlessness' });
  const reply = await world.factories.reply(thread, cast.moderator);
  await world.factories.domain.moderation.move(as(cast.moderator), { threadId: thread.id, forumId: other.id, reason: 'Better fit' });
  await world.factories.domain.editing.delete(as(cast.member), (await world.factories.openingPost(thread)).id);

  const changes = await published(discussionContracts.ThreadChanged, 'threadId', thread.id);
  expect(changes.map((change) => [change.change, change.title])).toEqual([
    ['CREATED', 'Managing breathlessness'],
    ['MOVED', 'Managing breathlessness'],
    ['DELETED', 'Managing breathlessness'],
  ]);
  expect(await published(discussionContracts.ThreadPosted, 'threadId', thread.id)).toEqual([expect.objectContaining({ title: 'Managing breathlessness' })]);
  expect(await published(discussionContracts.ReplyPosted, 'postId', reply.id)).toEqual([expect.objectContaining({ title: 'Managing breathlessness' })]);
  // An author deleting their own post is not moderation.
  expect(await published(discussionContracts.PostModerated, 'threadId', thread.id)).toEqual([]);
});

test('a thread held for approval is named when it is approved', async () => {
  const held = await newCast(world.people, { like: cast });
  const heldForum = await world.factories.forum(held.community);
  await world.factories.domain.moderation.setPreModeration(as(held.coordinator), { communityId: held.community.id, heldPosts: 2, reason: 'New members first' });
  const thread = await world.factories.thread(heldForum, held.member, { title: 'Night-time agitation' });
  expect(await published(discussionContracts.ThreadPosted, 'threadId', thread.id)).toEqual([]);
  await world.factories.domain.moderation.moderatePost(as(held.moderator), { postId: (await world.factories.openingPost(thread)).id, action: 'APPROVE', reason: 'Welcome' });
  const reply = await world.factories.reply(thread, held.member);
  expect(reply.status).toBe('PENDING_APPROVAL');
  expect(await published(discussionContracts.ReplyPosted, 'postId', reply.id)).toEqual([]);
  await world.factories.domain.moderation.moderatePost(as(held.moderator), { postId: reply.id, action: 'APPROVE', reason: 'Fine' });
  expect(await published(discussionContracts.ThreadPosted, 'threadId', thread.id)).toEqual([expect.objectContaining({ title: 'Night-time agitation' })]);
  expect(await published(discussionContracts.ReplyPosted, 'postId', reply.id)).toEqual([expect.objectContaining({ title: 'Night-time agitation' })]);
  // Approving is not something the author is told about as moderation.
  expect(await published(discussionContracts.PostModerated, 'threadId', thread.id)).toEqual([]);
});

test('a moderator hiding, restoring and removing a reply announces each with the reason', async () => {
  const thread = await world.factories.thread(forum, cast.member);
  const reply = await world.factories.reply(thread, cast.member, { body: 'Call me on 0400 000 000' });
  await world.factories.domain.moderation.report(as(cast.nonMember), { postId: reply.id, reason: 'A phone number' });
  const moderate = (action: 'HIDE' | 'RESTORE' | 'DELETE', reason: string) => world.factories.domain.moderation.moderatePost(as(cast.moderator), { postId: reply.id, action, reason });
  await moderate('HIDE', 'Shares a phone number');
  await moderate('RESTORE', 'It is a public helpline');
  await world.factories.domain.moderation.report(as(cast.nonMember), { postId: reply.id, reason: 'Spam' });
  await world.factories.domain.moderation.dismissReports(as(cast.moderator), { postId: reply.id, reason: 'Not spam' });
  await moderate('DELETE', 'Advertising after all');
  const scope = { postId: reply.id, threadId: thread.id, communityId: cast.community.id, networkId: cast.community.network.id, authorId: cast.member.id, moderatorId: cast.moderator.id, openingPost: false };
  expect(await published(discussionContracts.PostModerated, 'postId', reply.id)).toEqual([
    { ...scope, action: 'HIDDEN', reason: 'Shares a phone number' },
    { ...scope, action: 'RESTORED', reason: 'It is a public helpline' },
    { ...scope, action: 'REMOVED', reason: 'Advertising after all' },
  ]);
});

test('hiding or removing an opening post says the thread went with it', async () => {
  const hidden = await world.factories.thread(forum, cast.member);
  const removed = await world.factories.thread(forum, cast.member);
  const hiddenPost = await world.factories.openingPost(hidden);
  const removedPost = await world.factories.openingPost(removed);
  await world.factories.domain.moderation.moderatePost(as(cast.moderator), { postId: hiddenPost.id, action: 'HIDE', reason: 'Identifies a patient' });
  await world.factories.domain.moderation.moderatePost(as(cast.moderator), { postId: removedPost.id, action: 'DELETE', reason: 'Off topic' });
  expect(await published(discussionContracts.PostModerated, 'postId', hiddenPost.id)).toEqual([expect.objectContaining({ action: 'HIDDEN', openingPost: true, threadId: hidden.id })]);
  expect(await published(discussionContracts.PostModerated, 'postId', removedPost.id)).toEqual([expect.objectContaining({ action: 'REMOVED', openingPost: true, threadId: removed.id, reason: 'Off topic' })]);
  expect((await published(discussionContracts.ThreadChanged, 'threadId', removed.id)).map((change) => change.change)).toEqual(['CREATED', 'DELETED']);
});

test('refusing a post held for approval removes it, and says so to its author', async () => {
  const held = await newCast(world.people, { like: cast });
  const heldForum = await world.factories.forum(held.community);
  await world.factories.domain.moderation.setPreModeration(as(held.coordinator), { communityId: held.community.id, heldPosts: 1, reason: 'New members first' });
  const thread = await world.factories.thread(heldForum, held.member);
  const opening = await world.factories.openingPost(thread);
  await world.factories.domain.moderation.moderatePost(as(held.moderator), { postId: opening.id, action: 'DELETE', reason: 'Please do not advertise' });
  expect(await published(discussionContracts.PostModerated, 'postId', opening.id)).toEqual([
    { postId: opening.id, threadId: thread.id, communityId: held.community.id, networkId: held.community.network.id, authorId: held.member.id, moderatorId: held.moderator.id, action: 'REMOVED', reason: 'Please do not advertise', openingPost: true },
  ]);
});

test('removing the first comment on a resource leaves its thread, so it is not the thread going', async () => {
  const resourceId = await world.factories.resource(cast.community.network.id, cast.community.id);
  const comment = await world.factories.domain.posting.comment(as(cast.member), { subjectType: 'RESOURCE', subjectId: resourceId, body: 'Useful toolkit.' });
  await world.factories.domain.moderation.moderatePost(as(cast.moderator), { postId: comment.id, action: 'DELETE', reason: 'Duplicate' });
  expect(await published(discussionContracts.PostModerated, 'postId', comment.id)).toEqual([expect.objectContaining({ action: 'REMOVED', openingPost: false })]);
  // Comment threads have no title: the events leave it out rather than inventing one.
  expect((await published(discussionContracts.ThreadPosted, 'postId', comment.id))[0]).not.toHaveProperty('title');
});
