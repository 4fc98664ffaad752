import type { ForumEntity } from '../entities';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { outcome, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;
let forum: ForumEntity;

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people, { visibility: 'PUBLIC' });
  forum = await world.factories.forum(cast.community, { name: 'Introductions' });
});
afterAll(() => world?.stop());

const QUEUE = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { discussionModerationQueue(first: 50) { nodes { pendingApproval openReportCount post { id status } reports { nodes { reason reporter { id } } } } } } } }`;
const AUDIT = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { discussionAuditLog(first: 50) { nodes { action reason actor { id } post { id } thread { id } fromForum { id } toForum { id } preModerationHeldPosts } } } } }`;
const community = () => ({ r: [{ __typename: 'Community', id: cast.community.id }] });

type QueueItem = { pendingApproval: boolean; openReportCount: number; post: { id: string; status: string }; reports: { nodes: { reason: string; reporter: { id: string } }[] } };
const queue = async () => ((await world.run<{ _entities: { discussionModerationQueue: { nodes: QueueItem[] } }[] }>(QUEUE, community(), cast.moderator)).data!._entities[0]!.discussionModerationQueue.nodes);
type AuditEntry = { action: string; reason: string; actor: { id: string }; post: { id: string } | null; thread: { id: string } | null; fromForum: { id: string } | null; toForum: { id: string } | null; preModerationHeldPosts: number | null };
const audit = async () => ((await world.run<{ _entities: { discussionAuditLog: { nodes: AuditEntry[] } }[] }>(AUDIT, community(), cast.coordinator)).data!._entities[0]!.discussionAuditLog.nodes);
const moderatePost = (postId: string, action: string, reason = 'Moderated') =>
  world.run<{ moderateDiscussionPost: { post: { status: string } } }>(`mutation ($id: ID!, $a: DiscussionPostModeration!, $r: String!) { moderateDiscussionPost(input: { postId: $id, action: $a, reason: $r }) { post { status } } }`, { id: postId, a: action, r: reason }, cast.moderator);

test('anyone signed in reports a post with a reason; the queue shows it until a moderator acts', async () => {
  const thread = await world.factories.thread(forum, cast.member);
  const reply = await world.factories.reply(thread, cast.member, { body: 'Call me on 0400 000 000' });
  const REPORT = `mutation ($id: ID!, $r: String!) { reportDiscussionContent(input: { postId: $id, reason: $r }) { report { id reason } } }`;
  const first = await world.run<{ reportDiscussionContent: { report: { id: string } } }>(REPORT, { id: reply.id, r: 'Shares a phone number' }, cast.nonMember);
  const again = await world.run<{ reportDiscussionContent: { report: { id: string } } }>(REPORT, { id: reply.id, r: 'Still there' }, cast.nonMember);
  expect(again.data!.reportDiscussionContent.report.id).toBe(first.data!.reportDiscussionContent.report.id);
  await world.run(REPORT, { id: reply.id, r: 'Personal details' }, cast.coordinator);
  expect(outcome(await world.run(REPORT, { id: reply.id, r: '  ' }, cast.member))).toBe('BAD_USER_INPUT');
  const item = (await queue()).find((entry) => entry.post.id === reply.id)!;
  expect(item).toMatchObject({ pendingApproval: false, openReportCount: 2 });
  expect(item.reports.nodes.map((report) => report.reason)).toEqual(['Shares a phone number', 'Personal details']);

  expect((await moderatePost(reply.id, 'HIDE', 'Personal details removed')).data!.moderateDiscussionPost.post.status).toBe('HIDDEN');
  expect((await queue()).find((entry) => entry.post.id === reply.id)).toBeUndefined();
  const BODY = `query ($id: ID!) { discussionPost(id: $id) { status bodyMarkdown } }`;
  expect((await world.run(BODY, { id: reply.id }, cast.nonMember)).data).toEqual({ discussionPost: { status: 'HIDDEN', bodyMarkdown: null } });
  expect((await world.run(BODY, { id: reply.id }, cast.member)).data).toEqual({ discussionPost: { status: 'HIDDEN', bodyMarkdown: 'Call me on 0400 000 000' } });
  expect((await world.run(BODY, { id: reply.id }, cast.moderator)).data).toEqual({ discussionPost: { status: 'HIDDEN', bodyMarkdown: 'Call me on 0400 000 000' } });
  expect(outcome(await moderatePost(reply.id, 'HIDE'))).toBe('CONFLICT');
  expect((await moderatePost(reply.id, 'RESTORE', 'Number was a helpline')).data!.moderateDiscussionPost.post.status).toBe('PUBLISHED');
  expect((await moderatePost(reply.id, 'DELETE', 'Spam after all')).data!.moderateDiscussionPost.post.status).toBe('DELETED');

  const entries = (await audit()).filter((entry) => entry.post?.id === reply.id);
  expect(entries.map((entry) => [entry.action, entry.reason, entry.actor.id])).toEqual([
    ['DELETE_POST', 'Spam after all', cast.moderator.id],
    ['RESTORE_POST', 'Number was a helpline', cast.moderator.id],
    ['HIDE_POST', 'Personal details removed', cast.moderator.id],
  ]);
});

test('reports can be dismissed with a reason; dismissing nothing is a CONFLICT', async () => {
  const thread = await world.factories.thread(forum, cast.member);
  await world.running.domain.moderation.report(world.factories.access(cast.nonMember), { threadId: thread.id, reason: 'Disagree' });
  const opening = await world.factories.openingPost(thread);
  const DISMISS = `mutation ($id: ID!) { dismissDiscussionReports(input: { postId: $id, reason: "A difference of opinion" }) { post { status } } }`;
  expect(outcome(await world.run(DISMISS, { id: opening.id }, cast.moderator))).toBe('OK');
  expect((await queue()).find((entry) => entry.post.id === opening.id)).toBeUndefined();
  expect(outcome(await world.run(DISMISS, { id: opening.id }, cast.moderator))).toBe('CONFLICT');
  expect((await audit())[0]).toMatchObject({ action: 'DISMISS_REPORTS', reason: 'A difference of opinion', post: { id: opening.id } });
});

test('pre-moderation holds a new member’s first posts until approved', async () => {
  const SET = `mutation ($c: ID!, $n: Int!) { setDiscussionPreModeration(input: { communityId: $c, heldPosts: $n, reason: "New members from the workshop" }) { settings { preModerationHeldPosts } } }`;
  expect(outcome(await world.run(SET, { c: cast.community.id, n: 51 }, cast.coordinator))).toBe('BAD_USER_INPUT');
  expect((await world.run(SET, { c: cast.community.id, n: 2 }, cast.coordinator)).data).toEqual({ setDiscussionPreModeration: { settings: { preModerationHeldPosts: 2 } } });
  const newcomer = await world.people.memberOf(cast.community);
  const held = await world.factories.thread(forum, newcomer, { title: 'Hello, I am new here' });
  expect(held.status).toBe('PENDING_APPROVAL');

  const LIST = `query ($id: ID!) { discussionForum(id: $id) { threads(first: 100) { nodes { id } } } }`;
  const listed = async (viewer: { id: string }) => ((await world.run<{ discussionForum: { threads: { nodes: { id: string }[] } } }>(LIST, { id: forum.id }, viewer)).data!.discussionForum.threads.nodes.map((node) => node.id));
  expect(await listed(cast.member)).not.toContain(held.id);
  expect(await listed(cast.moderator)).toContain(held.id);
  expect((await world.run(`query ($id: ID!) { discussionThread(id: $id) { id } }`, { id: held.id }, cast.member)).data).toEqual({ discussionThread: null });
  expect((await world.run(`query ($id: ID!) { discussionThread(id: $id) { status } }`, { id: held.id }, newcomer)).data).toEqual({ discussionThread: { status: 'PENDING_APPROVAL' } });

  const opening = await world.factories.openingPost(held);
  expect((await queue()).find((entry) => entry.post.id === opening.id)).toMatchObject({ pendingApproval: true });
  await world.running.runtime.drainEvents();
  const posted = async () => world.running.domain.read.run(`SELECT occurred_at FROM eventlog.events WHERE type = 'discussion.ThreadPosted' AND payload->>'threadId' = $1`, [held.id]);
  expect(await posted()).toHaveLength(0);

  expect((await moderatePost(opening.id, 'APPROVE', 'Welcome')).data!.moderateDiscussionPost.post.status).toBe('PUBLISHED');
  expect(await listed(cast.member)).toContain(held.id);
  await world.running.runtime.drainEvents();
  const events = await posted();
  expect(events).toHaveLength(1);
  expect(new Date(events[0]!.occurred_at as string).getTime()).toBe(new Date(opening.createdAt).getTime());

  const second = await world.factories.reply(held, newcomer);
  expect(second.status).toBe('PENDING_APPROVAL');
  await moderatePost(second.id, 'APPROVE', 'Fine');
  expect((await world.factories.reply(held, newcomer)).status).toBe('PUBLISHED');
  expect((await world.factories.thread(forum, cast.moderator)).status).toBe('PUBLISHED');
  expect((await audit()).find((entry) => entry.action === 'SET_PRE_MODERATION')).toMatchObject({ preModerationHeldPosts: 2, actor: { id: cast.coordinator.id } });
  await world.running.domain.moderation.setPreModeration(world.factories.access(cast.coordinator), { communityId: cast.community.id, heldPosts: 0, reason: 'Off again' });
});

test('moderators lock, pin and move threads; each action is in the audit log with its reason', async () => {
  const other = await world.factories.forum(cast.community, { name: 'Case scenarios' });
  const [older, newer] = [await world.factories.thread(forum, cast.member, { title: 'Older' }), await world.factories.thread(forum, cast.member, { title: 'Newer' })];
  const THREAD = `mutation ($id: ID!, $a: DiscussionThreadModeration!) { moderateDiscussionThread(input: { threadId: $id, action: $a, reason: "Housekeeping" }) { thread { locked pinned } } }`;
  expect((await world.run(THREAD, { id: older.id, a: 'PIN' }, cast.moderator)).data).toEqual({ moderateDiscussionThread: { thread: { locked: false, pinned: true } } });
  const order = await world.run<{ discussionForum: { threads: { nodes: { id: string }[] } } }>(`query ($id: ID!) { discussionForum(id: $id) { threads(first: 2) { nodes { id } } } }`, { id: forum.id }, cast.member);
  expect(order.data!.discussionForum.threads.nodes.map((node) => node.id)).toEqual([older.id, newer.id]);
  expect((await world.run(THREAD, { id: older.id, a: 'LOCK' }, cast.moderator)).data).toEqual({ moderateDiscussionThread: { thread: { locked: true, pinned: true } } });
  expect(outcome(await world.run(THREAD, { id: older.id, a: 'LOCK' }, cast.moderator))).toBe('CONFLICT');
  await world.run(THREAD, { id: older.id, a: 'UNLOCK' }, cast.moderator);
  await world.run(THREAD, { id: older.id, a: 'UNPIN' }, cast.moderator);

  const MOVE = `mutation ($id: ID!, $to: ID!) { moveDiscussionThread(input: { threadId: $id, forumId: $to, reason: "Belongs with the cases" }) { thread { forum { id } } } }`;
  expect((await world.run(MOVE, { id: newer.id, to: other.id }, cast.moderator)).data).toEqual({ moveDiscussionThread: { thread: { forum: { id: other.id } } } });
  const elsewhere = await world.factories.forum(await world.people.community(), { name: 'Elsewhere' });
  expect(outcome(await world.run(MOVE, { id: older.id, to: elsewhere.id }, cast.moderator))).toBe('BAD_USER_INPUT');

  const entries = (await audit()).filter((entry) => entry.thread?.id === older.id || entry.thread?.id === newer.id);
  expect(entries.map((entry) => entry.action)).toEqual(['MOVE_THREAD', 'UNPIN_THREAD', 'UNLOCK_THREAD', 'LOCK_THREAD', 'PIN_THREAD']);
  expect(entries[0]).toMatchObject({ reason: 'Belongs with the cases', fromForum: { id: forum.id }, toForum: { id: other.id } });
  await world.running.runtime.drainEvents();
  const moved = await world.running.domain.read.run(`SELECT payload FROM eventlog.events WHERE type = 'discussion.ThreadChanged' AND payload->>'threadId' = $1 ORDER BY seq`, [newer.id]);
  expect(moved.map((row) => (row.payload as { change: string; forumId: string }).change)).toEqual(['CREATED', 'MOVED']);
  expect((moved[1]!.payload as { forumId: string }).forumId).toBe(other.id);
});

test('coordinators order, rename and archive forums', async () => {
  const community2 = await world.people.community({ coordinator: cast.coordinator });
  const [a, b, c] = [await world.factories.forum(community2, { name: 'A' }), await world.factories.forum(community2, { name: 'B' }), await world.factories.forum(community2, { name: 'C' })];
  await world.running.domain.forums.reorder(world.factories.access(cast.coordinator), { communityId: community2.id, forumIds: [c.id, a.id, b.id] });
  await world.running.domain.forums.update(world.factories.access(cast.coordinator), { forumId: a.id, name: 'Introductions', description: '' });
  await world.running.domain.forums.setArchived(world.factories.access(cast.coordinator), { forumId: b.id, archived: true });
  const LIST = `query ($r: [_Any!]!, $all: Boolean) { _entities(representations: $r) { ... on Community { discussionForums(includeArchived: $all) { nodes { name position archived description } } } } }`;
  const r = [{ __typename: 'Community', id: community2.id }];
  const visible = await world.run<{ _entities: { discussionForums: { nodes: unknown[] } }[] }>(LIST, { r, all: false }, cast.coordinator);
  expect(visible.data!._entities[0]!.discussionForums.nodes).toEqual([
    { name: 'C', position: 0, archived: false, description: 'A place to talk.' },
    { name: 'Introductions', position: 1, archived: false, description: null },
  ]);
  const all = await world.run<{ _entities: { discussionForums: { nodes: { name: string }[] } }[] }>(LIST, { r, all: true }, cast.coordinator);
  expect(all.data!._entities[0]!.discussionForums.nodes.map((node) => node.name)).toEqual(['C', 'Introductions', 'B']);
  const partial = await world.run(`mutation ($c: ID!, $ids: [ID!]!) { reorderDiscussionForums(input: { communityId: $c, forumIds: $ids }) { forums { id } } }`, { c: community2.id, ids: [a.id, b.id] }, cast.coordinator);
  expect(partial.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.forumIds' });
});
