import { randomUUID } from 'node:crypto';
import { resourcesContracts } from '@praxis/platform';
import { publishForeignEvent, discussion } from '../testing';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { outcome, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';

/**
 * Comments under resources and events. The owning community reaches discussion in two ways,
 * neither of them the client: in the entity key the owner's subgraph supplies, and in the
 * projection of the owner's lifecycle events that mutations use.
 */
let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people);
});
afterAll(() => world?.stop());

const COMMENT = `mutation ($type: DiscussionSubjectType!, $id: ID!, $body: String!) { commentOnDiscussionSubject(input: { subjectType: $type, subjectId: $id, body: $body }) { post { id isOpeningPost thread { id title forum { id } subject { __typename ... on Event { id communityId } ... on Resource { id resourceCommunityId: communityId } } } } } }`;
const DISCUSSION = `query ($r: [_Any!]!) { _entities(representations: $r) {
  ... on Resource { discussion { id openingPost { bodyMarkdown author { id } } replyCount } discussionViewerCanComment }
  ... on Event { discussion { id openingPost { bodyMarkdown author { id } } replyCount } discussionViewerCanComment } } }`;

type Discussion = { discussion: { id: string; openingPost: { bodyMarkdown: string; author: { id: string } }; replyCount: number } | null; discussionViewerCanComment: boolean };
const entity = async (typename: 'Resource' | 'Event', id: string, communityId: string | null, viewer?: { id: string }) =>
  ((await world.run<{ _entities: Discussion[] }>(DISCUSSION, { r: [{ __typename: typename, id, communityId }] }, viewer)).data!._entities[0]!);

test('the first comment under an event starts its thread; later ones reply in it', async () => {
  const eventId = await world.factories.event(cast.community.network.id, cast.community.id);
  const first = await world.run<{ commentOnDiscussionSubject: { post: { isOpeningPost: boolean; thread: { id: string; title: null; subject: unknown } } } }>(
    COMMENT,
    { type: 'EVENT', id: eventId, body: 'Questions after the webinar: where are the slides?' },
    cast.member,
  );
  expect(first.errors).toBeUndefined();
  expect(first.data!.commentOnDiscussionSubject.post).toMatchObject({ isOpeningPost: true, thread: { title: null, subject: { __typename: 'Event', id: eventId, communityId: cast.community.id } } });
  const second = await world.run<{ commentOnDiscussionSubject: { post: { isOpeningPost: boolean; thread: { id: string } } } }>(COMMENT, { type: 'EVENT', id: eventId, body: 'They are in the library now.' }, cast.moderator);
  expect(second.data!.commentOnDiscussionSubject.post).toMatchObject({ isOpeningPost: false, thread: { id: first.data!.commentOnDiscussionSubject.post.thread.id } });

  expect(await entity('Event', eventId, cast.community.id, cast.member)).toEqual({
    discussion: { id: first.data!.commentOnDiscussionSubject.post.thread.id, openingPost: { bodyMarkdown: 'Questions after the webinar: where are the slides?', author: { id: cast.member.id } }, replyCount: 1 },
    discussionViewerCanComment: true,
  });
  expect(await entity('Event', eventId, cast.community.id, cast.nonMember)).toEqual({ discussion: null, discussionViewerCanComment: false });
  expect(await entity('Event', eventId, cast.community.id, cast.admin)).toMatchObject({ discussionViewerCanComment: false, discussion: { replyCount: 1 } });

  await world.running.runtime.drainEvents();
  const posted = await world.running.domain.read.run(`SELECT payload FROM eventlog.events WHERE type = 'discussion.ThreadPosted' AND payload->'subject'->>'id' = $1`, [eventId]);
  expect(posted).toHaveLength(1);
  expect(posted[0]!.payload).toMatchObject({ memberId: cast.member.id, communityId: cast.community.id, networkId: cast.community.network.id, subject: { type: 'EVENT', id: eventId } });
});

test('comment threads stay out of forum lists and recent threads', async () => {
  const forum = await world.factories.forum(cast.community);
  await world.factories.thread(forum, cast.member);
  const resourceId = await world.factories.resource(cast.community.network.id, cast.community.id);
  await world.running.domain.posting.comment(world.factories.access(cast.member), { subjectType: 'RESOURCE', subjectId: resourceId, body: 'Useful toolkit.' });
  const result = await world.run<{ _entities: { discussionForums: { nodes: { id: string }[] }; recentDiscussionThreads: { nodes: { title: string | null }[] } }[] }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { discussionForums { nodes { id } } recentDiscussionThreads(first: 50) { nodes { title } } } } }`,
    { r: [{ __typename: 'Community', id: cast.community.id }] },
    cast.member,
  );
  const page = result.data!._entities[0]!;
  expect(page.recentDiscussionThreads.nodes.every((node) => node.title !== null)).toBe(true);
  const comments = await world.running.domain.read.run(`SELECT id FROM forums WHERE community_id = $1 AND kind = 'COMMENTS'`, [cast.community.id]);
  expect(page.discussionForums.nodes.map((node) => node.id)).not.toContain(comments[0]!.id);
});

test('unknown, deleted and network-wide subjects', async () => {
  expect(outcome(await world.run(COMMENT, { type: 'RESOURCE', id: randomUUID(), body: 'Hello?' }, cast.member))).toBe('NOT_FOUND');
  expect(outcome(await world.run(COMMENT, { type: 'EVENT', id: 'not-a-uuid', body: 'Hello?' }, cast.member))).toBe('NOT_FOUND');
  const shared = await world.factories.resource(cast.community.network.id, null);
  const refused = await world.run(COMMENT, { type: 'RESOURCE', id: shared, body: 'Hello?' }, cast.member);
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
  expect(await entity('Resource', shared, null, cast.member)).toEqual({ discussion: null, discussionViewerCanComment: false });
  const gone = await world.factories.resource(cast.community.network.id, cast.community.id);
  await publishForeignEvent(resourcesContracts.ResourceChanged, { resourceId: gone, networkId: cast.community.network.id, communityId: cast.community.id, change: 'DELETED' });
  await world.running.runtime.drainEvents();
  expect(outcome(await world.run(COMMENT, { type: 'RESOURCE', id: gone, body: 'Hello?' }, cast.member))).toBe('NOT_FOUND');
});

test('a key naming another community shows nothing: permission follows the owner, not the caller', async () => {
  const resourceId = await world.factories.resource(cast.community.network.id, cast.community.id);
  await world.running.domain.posting.comment(world.factories.access(cast.member), { subjectType: 'RESOURCE', subjectId: resourceId, body: 'Members-only words.' });
  const open = await world.people.community({ visibility: 'PUBLIC' });
  expect(await entity('Resource', resourceId, open.id)).toEqual({ discussion: null, discussionViewerCanComment: false });
  expect((await entity('Resource', resourceId, cast.community.id)).discussion).toBeNull();
  expect((await entity('Resource', resourceId, cast.community.id, cast.member)).discussion).not.toBeNull();
});

test('when the owner moves a resource to another community its thread follows', async () => {
  const target = await world.people.community({ network: cast.community.network, coordinator: cast.coordinator, visibility: 'MEMBERS_ONLY' });
  const newcomer = await world.people.memberOf(target);
  const resourceId = await world.factories.resource(cast.community.network.id, cast.community.id);
  const post = await world.running.domain.posting.comment(world.factories.access(cast.member), { subjectType: 'RESOURCE', subjectId: resourceId, body: 'Before the move.' });
  await world.running.domain.engagement.react(world.factories.access(cast.moderator), post.id, 'LIKE');
  await publishForeignEvent(resourcesContracts.ResourceChanged, { resourceId, networkId: cast.community.network.id, communityId: target.id, change: 'MOVED' });
  // Twice: the consumer's own ThreadChanged goes out through the outbox after it runs.
  await world.running.runtime.drainEvents();
  await world.running.runtime.drainEvents();
  expect((await entity('Resource', resourceId, target.id, newcomer)).discussion).toMatchObject({ openingPost: { bodyMarkdown: 'Before the move.' } });
  // The old community's member no longer sees it: null, without an error (ADR 8).
  expect(await world.run(`query ($id: ID!) { discussionPost(id: $id) { id } }`, { id: post.id }, cast.member)).toMatchObject({ data: { discussionPost: null }, errors: undefined });
  const moved = await world.running.domain.read.run(`SELECT payload FROM eventlog.events WHERE type = 'discussion.ThreadChanged' AND payload->>'threadId' = $1 ORDER BY seq`, [post.threadId]);
  expect(moved.map((row) => (row.payload as { change: string; communityId: string }).change)).toEqual(['CREATED', 'MOVED']);
  expect((moved[1]!.payload as { communityId: string }).communityId).toBe(target.id);
  // Reports count the thread's reactions in the community it belongs to now, like its posts.
  expect(await world.running.domain.read.run('SELECT community_id FROM reactions_given WHERE post_id = $1', [post.id])).toEqual([{ community_id: target.id }]);
  // Replaying the same event changes nothing more.
  await publishForeignEvent(resourcesContracts.ResourceChanged, { resourceId, networkId: cast.community.network.id, communityId: target.id, change: 'MOVED' });
  await world.running.runtime.drainEvents();
  await world.running.runtime.drainEvents();
  expect(await world.running.domain.read.run(`SELECT 1 FROM eventlog.events WHERE type = 'discussion.ThreadChanged' AND payload->>'threadId' = $1`, [post.threadId])).toHaveLength(2);
});

test('first comments racing start one thread', async () => {
  const eventId = await world.factories.event(cast.community.network.id, cast.community.id);
  const people = [cast.member, cast.moderator, cast.coordinator, ...(await Promise.all(Array.from({ length: 5 }, () => world.people.memberOf(cast.community))))];
  const results = await Promise.all(people.map((who, i) => world.run(COMMENT, { type: 'EVENT', id: eventId, body: `Comment ${i}` }, who)));
  expect(results.every((result) => result.errors === undefined)).toBe(true);
  const rows = await world.running.domain.read.run(`SELECT count(DISTINCT t.id)::int AS threads, count(p.id)::int AS posts FROM threads t JOIN posts p ON p.thread_id = t.id WHERE t.subject_id = $1`, [eventId]);
  expect(rows[0]).toEqual({ threads: 1, posts: people.length });
});
