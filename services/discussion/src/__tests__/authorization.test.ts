import type { ForumEntity, PostEntity, ThreadEntity } from '../entities';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { everyone, judged, rules, startSubgraphTest, viewerMatrix, type Expectations, type SubgraphTest, type ViewerKind } from '@praxis/platform/testing';
import { discussion } from '../testing';

/**
 * Every discussion operation, as every kind of viewer, in a members-only community (and the
 * reads again in a public one). Expectations are the error code, OK, or NONE: allowed, but
 * nothing comes back, because the viewer may not see what is there. Reads by id answer null
 * and mutations NOT_FOUND to whoever may not see their target (ADR 8).
 */
interface Fixture {
  cast: Cast;
  forum: ForumEntity;
  thread: ThreadEntity;
  opening: PostEntity;
  reply: PostEntity;
  eventId: string;
  resourceId: string;
}

interface Operation {
  name: string;
  /** Builds fresh data for operations that change state; others share one fixture. */
  fresh?: boolean;
  query: string;
  variables(fixture: Fixture): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Whether an allowed answer is empty (the viewer may ask but sees nothing). */
  empty?(data: Record<string, unknown>): boolean;
  expect: Expectations;
}

const READERS = rules.readers;
const SIGNED_IN_READERS = READERS;
const PARTICIPANTS = rules.participants;
const MODERATORS = rules.moderators;
const COORDINATORS = rules.coordinators;
const AUTHOR_ONLY = { ...everyone('FORBIDDEN'), anonymous: 'UNAUTHENTICATED', member: 'OK' };
const onTarget = rules.onTarget;
const BY_ID = rules.byId(READERS);
const FILTERED = { ...everyone('NONE'), member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK' };

const nodes = (value: unknown) => (value as { nodes: unknown[] }).nodes;

const OPERATIONS: Operation[] = [
  { name: 'discussionForum', empty: (data) => data.discussionForum === null, query: `query ($id: ID!) { discussionForum(id: $id) { id name } }`, variables: (f) => ({ id: f.forum.id }), expect: BY_ID },
  { name: 'discussionThread', empty: (data) => data.discussionThread === null, query: `query ($id: ID!) { discussionThread(id: $id) { id title } }`, variables: (f) => ({ id: f.thread.id }), expect: BY_ID },
  { name: 'discussionPost', empty: (data) => data.discussionPost === null, query: `query ($id: ID!) { discussionPost(id: $id) { id bodyHtml } }`, variables: (f) => ({ id: f.reply.id }), expect: BY_ID },
  {
    name: 'discussionSearch',
    query: `query { discussionSearch(query: "matrixword") { nodes { post { id } } } }`,
    variables: () => ({}),
    empty: (data) => nodes(data.discussionSearch).length === 0,
    expect: FILTERED,
  },
  {
    name: 'Community.discussionForums',
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { discussionForums { nodes { id } } recentDiscussionThreads { nodes { id } } discussionSettings { preModerationHeldPosts } } } }`,
    variables: (f) => ({ r: [{ __typename: 'Community', id: f.cast.community.id }] }),
    expect: READERS,
  },
  {
    name: 'Community.viewerDiscussionUnread',
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { viewerDiscussionUnread { unreadPosts } } } }`,
    variables: (f) => ({ r: [{ __typename: 'Community', id: f.cast.community.id }] }),
    empty: (data) => (data._entities as { viewerDiscussionUnread: unknown }[])[0]!.viewerDiscussionUnread === null,
    expect: { ...READERS, anonymous: 'NONE' },
  },
  {
    name: 'Community.discussionModerationQueue',
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { discussionModerationQueue { nodes { post { id } } } } } }`,
    variables: (f) => ({ r: [{ __typename: 'Community', id: f.cast.community.id }] }),
    expect: MODERATORS,
  },
  {
    name: 'Community.discussionAuditLog',
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { discussionAuditLog { nodes { id } } } } }`,
    variables: (f) => ({ r: [{ __typename: 'Community', id: f.cast.community.id }] }),
    expect: COORDINATORS,
  },
  {
    name: 'Member.discussionPosts and activity',
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { discussionPosts { nodes { id } } discussionThreads { nodes { id } } discussionActivity { threadsStarted } } } }`,
    variables: (f) => ({ r: [{ __typename: 'Member', id: f.cast.member.id }] }),
    empty: (data) => (data._entities as { discussionPosts: { nodes: unknown[] }; discussionActivity: { threadsStarted: number } }[])[0]!.discussionPosts.nodes.length === 0,
    expect: FILTERED,
  },
  {
    name: 'Event.discussion',
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Event { discussion { id } discussionViewerCanComment } } }`,
    variables: (f) => ({ r: [{ __typename: 'Event', id: f.eventId, communityId: f.cast.community.id }] }),
    empty: (data) => (data._entities as { discussion: unknown }[])[0]!.discussion === null,
    expect: FILTERED,
  },
  {
    name: 'Resource.discussion',
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Resource { discussion { id } discussionViewerCanComment } } }`,
    variables: (f) => ({ r: [{ __typename: 'Resource', id: f.resourceId, communityId: f.cast.community.id }] }),
    empty: (data) => (data._entities as { discussion: unknown }[])[0]!.discussion === null,
    expect: FILTERED,
  },
  {
    name: 'DiscussionPost.revisions',
    query: `query ($id: ID!) { discussionPost(id: $id) { revisions { nodes { version } } } }`,
    variables: (f) => ({ id: f.opening.id }),
    empty: (data) => data.discussionPost === null,
    expect: { ...MODERATORS, member: 'OK', anonymous: 'NONE', nonMember: 'NONE', banned: 'NONE', analyst: 'NONE' },
  },
  {
    name: 'createDiscussionForum',
    query: `mutation ($c: ID!, $name: String!) { createDiscussionForum(input: { communityId: $c, name: $name }) { forum { id } } }`,
    variables: (f) => ({ c: f.cast.community.id, name: `Forum ${Math.random()}` }),
    expect: COORDINATORS,
  },
  {
    name: 'updateDiscussionForum',
    query: `mutation ($id: ID!) { updateDiscussionForum(input: { forumId: $id, name: "Renamed" }) { forum { name } } }`,
    variables: (f) => ({ id: f.forum.id }),
    expect: onTarget(COORDINATORS),
  },
  {
    name: 'reorderDiscussionForums',
    query: `mutation ($c: ID!, $ids: [ID!]!) { reorderDiscussionForums(input: { communityId: $c, forumIds: $ids }) { forums { id } } }`,
    variables: async (f) => ({ c: f.cast.community.id, ids: await forumsNewestFirst(f.cast.community.id) }),
    expect: COORDINATORS,
  },
  {
    name: 'setDiscussionForumArchived',
    query: `mutation ($id: ID!) { setDiscussionForumArchived(input: { forumId: $id, archived: true }) { forum { archived } } }`,
    fresh: true,
    variables: (f) => ({ id: f.forum.id }),
    expect: onTarget(COORDINATORS),
  },
  {
    name: 'startDiscussionThread',
    query: `mutation ($id: ID!) { startDiscussionThread(input: { forumId: $id, title: "A question", body: "Does this work?" }) { thread { id } } }`,
    variables: (f) => ({ id: f.forum.id }),
    expect: onTarget(PARTICIPANTS),
  },
  {
    name: 'replyToDiscussionThread',
    query: `mutation ($id: ID!) { replyToDiscussionThread(input: { threadId: $id, body: "A reply" }) { post { id } } }`,
    variables: (f) => ({ id: f.thread.id }),
    expect: onTarget(PARTICIPANTS),
  },
  {
    name: 'commentOnDiscussionSubject',
    query: `mutation ($id: ID!) { commentOnDiscussionSubject(input: { subjectType: EVENT, subjectId: $id, body: "Thanks for the webinar" }) { post { id } } }`,
    variables: (f) => ({ id: f.eventId }),
    expect: onTarget(PARTICIPANTS),
  },
  {
    name: 'editDiscussionPost',
    query: `mutation ($id: ID!) { editDiscussionPost(input: { postId: $id, body: "Edited" }) { post { editCount } } }`,
    variables: (f) => ({ id: f.reply.id }),
    expect: onTarget(AUTHOR_ONLY),
  },
  {
    name: 'deleteDiscussionPost',
    query: `mutation ($id: ID!) { deleteDiscussionPost(input: { postId: $id }) { post { status } } }`,
    fresh: true,
    variables: (f) => ({ id: f.reply.id }),
    expect: onTarget(AUTHOR_ONLY),
  },
  {
    name: 'reactToDiscussionPost',
    query: `mutation ($id: ID!) { reactToDiscussionPost(input: { postId: $id, kind: LIKE }) { post { id } } }`,
    variables: (f) => ({ id: f.reply.id }),
    expect: onTarget(PARTICIPANTS),
  },
  {
    name: 'removeDiscussionReaction',
    query: `mutation ($id: ID!) { removeDiscussionReaction(input: { postId: $id, kind: HELPFUL }) { post { id } } }`,
    variables: (f) => ({ id: f.reply.id }),
    expect: onTarget(PARTICIPANTS),
  },
  {
    name: 'acceptDiscussionAnswer',
    query: `mutation ($t: ID!, $p: ID!) { acceptDiscussionAnswer(input: { threadId: $t, postId: $p }) { thread { acceptedAnswer { id } } } }`,
    variables: (f) => ({ t: f.thread.id, p: f.reply.id }),
    expect: onTarget({ ...MODERATORS, member: 'OK' }),
  },
  {
    name: 'recordDiscussionThreadView',
    query: `mutation ($id: ID!) { recordDiscussionThreadView(input: { threadId: $id }) { counted } }`,
    variables: (f) => ({ id: f.thread.id }),
    expect: onTarget(SIGNED_IN_READERS),
  },
  {
    name: 'markDiscussionThreadRead',
    query: `mutation ($id: ID!) { markDiscussionThreadRead(input: { threadId: $id }) { thread { viewerUnreadCount } } }`,
    variables: (f) => ({ id: f.thread.id }),
    expect: onTarget(SIGNED_IN_READERS),
  },
  {
    name: 'markDiscussionForumRead',
    query: `mutation ($id: ID!) { markDiscussionForumRead(input: { forumId: $id }) { forum { viewerUnreadThreadCount } } }`,
    variables: (f) => ({ id: f.forum.id }),
    expect: onTarget(SIGNED_IN_READERS),
  },
  {
    name: 'followDiscussionThread',
    query: `mutation ($id: ID!) { followDiscussionThread(input: { threadId: $id }) { thread { viewerFollowing } } }`,
    variables: (f) => ({ id: f.thread.id }),
    expect: onTarget(SIGNED_IN_READERS),
  },
  {
    name: 'unfollowDiscussionThread',
    query: `mutation ($id: ID!) { unfollowDiscussionThread(input: { threadId: $id }) { thread { viewerFollowing } } }`,
    variables: (f) => ({ id: f.thread.id }),
    expect: onTarget(SIGNED_IN_READERS),
  },
  {
    name: 'followDiscussionForum',
    query: `mutation ($id: ID!) { followDiscussionForum(input: { forumId: $id }) { forum { viewerFollowing } } }`,
    variables: (f) => ({ id: f.forum.id }),
    expect: onTarget(SIGNED_IN_READERS),
  },
  {
    name: 'unfollowDiscussionForum',
    query: `mutation ($id: ID!) { unfollowDiscussionForum(input: { forumId: $id }) { forum { viewerFollowing } } }`,
    variables: (f) => ({ id: f.forum.id }),
    expect: onTarget(SIGNED_IN_READERS),
  },
  {
    name: 'reportDiscussionContent',
    query: `mutation ($id: ID!) { reportDiscussionContent(input: { threadId: $id, reason: "Off topic" }) { report { id } } }`,
    variables: (f) => ({ id: f.thread.id }),
    expect: onTarget(SIGNED_IN_READERS),
  },
  {
    name: 'moderateDiscussionPost',
    query: `mutation ($id: ID!) { moderateDiscussionPost(input: { postId: $id, action: HIDE, reason: "Personal details" }) { post { status } } }`,
    fresh: true,
    variables: (f) => ({ id: f.reply.id }),
    expect: onTarget(MODERATORS),
  },
  {
    name: 'dismissDiscussionReports',
    query: `mutation ($id: ID!) { dismissDiscussionReports(input: { postId: $id, reason: "Within the guidelines" }) { post { id } } }`,
    fresh: true,
    variables: (f) => ({ id: f.opening.id }),
    expect: onTarget(MODERATORS),
  },
  {
    name: 'moderateDiscussionThread',
    query: `mutation ($id: ID!) { moderateDiscussionThread(input: { threadId: $id, action: LOCK, reason: "Resolved" }) { thread { locked } } }`,
    fresh: true,
    variables: (f) => ({ id: f.thread.id }),
    expect: onTarget(MODERATORS),
  },
  {
    name: 'moveDiscussionThread',
    query: `mutation ($id: ID!, $to: ID!) { moveDiscussionThread(input: { threadId: $id, forumId: $to, reason: "Better fit" }) { thread { forum { id } } } }`,
    fresh: true,
    variables: (f) => ({ id: f.thread.id, to: (f as Fixture & { otherForum: ForumEntity }).otherForum.id }),
    expect: onTarget(MODERATORS),
  },
  {
    name: 'setDiscussionPreModeration',
    query: `mutation ($c: ID!) { setDiscussionPreModeration(input: { communityId: $c, heldPosts: 0, reason: "Trusted group" }) { settings { preModerationHeldPosts } } }`,
    variables: (f) => ({ c: f.cast.community.id }),
    expect: COORDINATORS,
  },
];

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let members: Cast;
let shared: Fixture & { otherForum: ForumEntity };

async function fixture(cast: Cast): Promise<Fixture & { otherForum: ForumEntity }> {
  const { factories: talk } = world;
  const [forum, otherForum] = await Promise.all([talk.forum(cast.community), talk.forum(cast.community)]);
  const thread = await talk.thread(forum, cast.member, { kind: 'QUESTION', title: 'How do you brief consumer representatives?', body: 'Looking for matrixword examples.' });
  const reply = await talk.reply(thread, cast.member, { body: 'One idea from my own practice.' });
  await world.running.domain.editing.edit(talk.access(cast.member), { postId: (await talk.openingPost(thread)).id, body: 'Looking for matrixword examples, please.' });
  await world.running.domain.moderation.report(talk.access(cast.moderator), { threadId: thread.id, reason: 'Check the tone' });
  const eventId = await talk.event(cast.community.network.id, cast.community.id);
  await world.running.domain.posting.comment(talk.access(cast.member), { subjectType: 'EVENT', subjectId: eventId, body: 'Slides, please?' });
  const resourceId = await talk.resource(cast.community.network.id, cast.community.id);
  await world.running.domain.posting.comment(talk.access(cast.moderator), { subjectType: 'RESOURCE', subjectId: resourceId, body: 'A useful toolkit.' });
  return { cast, forum, otherForum, thread, opening: await talk.openingPost(thread), reply, eventId, resourceId };
}

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  members = await newCast(world.people, { visibility: 'MEMBERS_ONLY' });
  shared = await fixture(members);
});
afterAll(() => world?.stop());

async function forumsNewestFirst(communityId: string): Promise<string[]> {
  const rows = await world.running.domain.read.run(`SELECT id FROM forums WHERE community_id = $1 AND kind = 'FORUM' ORDER BY created_at DESC, id`, [communityId]);
  return rows.map((row) => row.id as string);
}

async function run(operation: Operation, fixtureData: Fixture, kind: ViewerKind): Promise<string> {
  const result = await world.run(operation.query, await operation.variables(fixtureData), fixtureData.cast[kind]);
  return judged(result, (data) => (operation.empty?.(data) ? 'NONE' : 'OK'));
}

describe('members-only community', () => {
  describe.each(OPERATIONS)('$name', (operation) => {
    viewerMatrix({ ...everyone('OK'), ...operation.expect }, async (kind) => run(operation, operation.fresh ? await fixture(members) : shared, kind));
  });
});

describe('public community', () => {
  let open: Fixture & { otherForum: ForumEntity };
  beforeAll(async () => {
    open = await fixture(await newCast(world.people, { visibility: 'PUBLIC' }));
  });

  const PUBLIC_EXPECTATIONS: Record<string, Expectations> = {
    discussionThread: { anonymous: 'OK', nonMember: 'OK', banned: 'OK', analyst: 'OK' },
    'Community.discussionForums': { anonymous: 'OK', nonMember: 'OK', banned: 'OK' },
    'Member.discussionPosts and activity': { anonymous: 'OK', nonMember: 'OK', banned: 'OK' },
    'Event.discussion': { anonymous: 'OK', nonMember: 'OK', banned: 'OK' },
    'Resource.discussion': { anonymous: 'OK', nonMember: 'OK', banned: 'OK', analyst: 'OK' },
    replyToDiscussionThread: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', banned: 'FORBIDDEN', member: 'OK' },
    reactToDiscussionPost: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', banned: 'FORBIDDEN' },
    recordDiscussionThreadView: { anonymous: 'UNAUTHENTICATED', nonMember: 'OK', banned: 'OK' },
    followDiscussionThread: { anonymous: 'UNAUTHENTICATED', nonMember: 'OK' },
    reportDiscussionContent: { anonymous: 'UNAUTHENTICATED', nonMember: 'OK' },
  };

  describe.each(Object.entries(PUBLIC_EXPECTATIONS))('%s', (name, expected) => {
    const operation = OPERATIONS.find((candidate) => candidate.name === name)!;
    viewerMatrix(expected, (kind) => run(operation, open, kind));
  });
});
