import type { CommunityAccess } from '@praxis/platform';
import { replyProblem, type ReplyThread } from '../discussion/reply-rule';
import type { ThreadEntity } from '../entities';
import { outcome, startWorld, type Cast, type World } from './world';

const rights = (overrides: Partial<CommunityAccess> = {}): CommunityAccess => ({
  communityId: 'c',
  networkId: 'n',
  visibility: 'PUBLIC',
  archived: false,
  role: 'MEMBER',
  status: 'ACTIVE',
  networkRoles: [],
  canRead: true,
  canParticipate: true,
  canModerate: false,
  canCoordinate: false,
  canReadReports: false,
  ...overrides,
});
const OUTSIDER = { role: null, status: null, canParticipate: false } as const;
const open: ReplyThread = { status: 'PUBLISHED', authorId: 'author', lockedAt: null, subjectType: null };
const codeOf = (problem: ReturnType<typeof replyProblem>) => (problem ? `${problem.code}${problem.reason ? `:${problem.reason}` : ''}` : 'OK');

describe('replyProblem', () => {
  test.each([
    ['anonymous', open, null, rights(OUTSIDER), null, 'UNAUTHENTICATED'],
    ['a non-member', open, null, rights(OUTSIDER), 'm', 'FORBIDDEN:NOT_A_MEMBER'],
    ['a member', open, null, rights(), 'm', 'OK'],
    ['a banned member', open, null, rights({ status: 'BANNED', canParticipate: false }), 'm', 'FORBIDDEN:BANNED'],
    ['a member of an archived community', open, null, rights({ archived: true, canParticipate: false }), 'm', 'FORBIDDEN:ARCHIVED'],
    ['a reader of a community they cannot see', open, null, rights({ ...OUTSIDER, canRead: false }), 'm', 'NOT_FOUND'],
    ['a member, thread locked', { ...open, lockedAt: new Date() }, null, rights(), 'm', 'CONFLICT:LOCKED'],
    ['a member, thread held for approval', { ...open, status: 'PENDING_APPROVAL' }, null, rights(), 'm', 'NOT_FOUND'],
    ['its author, thread held for approval', { ...open, status: 'PENDING_APPROVAL' }, null, rights(), 'author', 'CONFLICT:INVALID_STATE'],
    ['a member, comment thread (never held)', { ...open, subjectType: 'RESOURCE' }, null, rights(), 'm', 'OK'],
    ['a member, forum archived', open, { archivedAt: new Date() }, rights(), 'm', 'CONFLICT:INVALID_STATE'],
  ] as const)('%s', (_label, thread, forum, access, viewer, expected) => {
    expect(codeOf(replyProblem(thread as ReplyThread, forum, access, viewer))).toBe(expected);
  });
});

describe('viewerCanReply and replyToDiscussionThread agree', () => {
  let world: World;
  let cast: Cast;
  let archivedCast: Cast;
  let threads: Record<'open' | 'locked' | 'inArchivedForum' | 'inArchivedCommunity', ThreadEntity>;

  beforeAll(async () => {
    world = await startWorld();
    [cast, archivedCast] = await Promise.all([world.cast({ visibility: 'PUBLIC' }), world.cast({ visibility: 'PUBLIC' })]);
    const [forum, archivedForum, otherForum] = await Promise.all([world.talk.forum(cast.community), world.talk.forum(cast.community), world.talk.forum(archivedCast.community)]);
    const [open, locked, inArchivedForum, inArchivedCommunity] = await Promise.all([
      world.talk.thread(forum, cast.moderator),
      world.talk.thread(forum, cast.moderator),
      world.talk.thread(archivedForum, cast.moderator),
      world.talk.thread(otherForum, archivedCast.moderator),
    ]);
    threads = { open, locked, inArchivedForum, inArchivedCommunity };
    await world.discussion.domain.moderation.moderateThread(world.talk.access(cast.moderator), { threadId: locked.id, action: 'LOCK', reason: 'Answered' });
    await world.discussion.domain.forums.setArchived(world.talk.access(cast.coordinator), { forumId: archivedForum.id, archived: true });
    await world.membership.domain.communities.setArchived(world.people.viewer(archivedCast.coordinator), archivedCast.community.id, true);
  });
  afterAll(() => world?.stop());

  const CAN = `query ($id: ID!) { discussionThread(id: $id) { viewerCanReply } }`;
  const REPLY = `mutation ($id: ID!) { replyToDiscussionThread(input: { threadId: $id, body: "A reply" }) { post { id } } }`;

  type Who = 'anonymous' | 'nonMember' | 'member' | 'moderator' | 'banned';
  const cases = <W extends string>(matrix: Record<W, Partial<Record<Who, string>>>) =>
    (Object.entries(matrix) as [W, Partial<Record<Who, string>>][]).flatMap(([which, byViewer]) => (Object.entries(byViewer) as [Who, string][]).map(([who, expected]) => [who, which, expected] as const));

  const REPLIES = {
    open: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', member: 'OK', moderator: 'OK', banned: 'FORBIDDEN' },
    locked: { member: 'CONFLICT', moderator: 'CONFLICT' },
    inArchivedForum: { member: 'CONFLICT' },
    inArchivedCommunity: { member: 'FORBIDDEN' },
  };

  test.each(cases(REPLIES))('%s on the %s thread: %s', async (who, which, expected) => {
    const thread = threads[which];
    const people = which === 'inArchivedCommunity' ? archivedCast : cast;
    const viewer = who === 'anonymous' ? undefined : people[who];
    const can = await world.gql<{ discussionThread: { viewerCanReply: boolean } | null }>(CAN, { id: thread.id }, viewer);
    const reply = await world.gql(REPLY, { id: thread.id }, viewer);
    expect(outcome(reply)).toBe(expected);
    expect(can.data?.discussionThread?.viewerCanReply ?? false).toBe(expected === 'OK');
  });

  const CAN_COMMENT = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Event { discussionViewerCanComment } } }`;
  const COMMENT = `mutation ($id: ID!) { commentOnDiscussionSubject(input: { subjectType: EVENT, subjectId: $id, body: "A comment" }) { post { id } } }`;

  const COMMENTS = { new: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', member: 'OK', banned: 'FORBIDDEN' }, locked: { member: 'CONFLICT' }, archived: { member: 'FORBIDDEN' } };

  test.each(cases(COMMENTS))('comments: %s, event thread %s: %s', async (who, which, expected) => {
    const people = which === 'archived' ? archivedCast : cast;
    const eventId = await world.talk.event(people.community.network.id, people.community.id);
    if (which === 'locked') {
      const opened = await world.gql<{ commentOnDiscussionSubject: { post: { id: string } } }>(COMMENT, { id: eventId }, people.moderator);
      const [thread] = (await world.discussion.domain.read.run('SELECT thread_id AS id FROM posts WHERE id = $1', [opened.data!.commentOnDiscussionSubject.post.id])) as { id: string }[];
      await world.discussion.domain.moderation.moderateThread(world.talk.access(people.moderator), { threadId: thread!.id, action: 'LOCK', reason: 'Closed' });
    }
    const viewer = who === 'anonymous' ? undefined : people[who];
    const can = await world.gql<{ _entities: { discussionViewerCanComment: boolean }[] }>(CAN_COMMENT, { r: [{ __typename: 'Event', id: eventId, communityId: people.community.id }] }, viewer);
    const comment = await world.gql(COMMENT, { id: eventId }, viewer);
    expect(outcome(comment)).toBe(expected);
    expect(can.data?._entities[0]?.discussionViewerCanComment).toBe(expected === 'OK');
  });
});
