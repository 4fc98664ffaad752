import type { CommunityAccess } from '@praxis/platform';
import { replyProblem, type ReplyThread } from '../discussion/reply-rule';
import type { ThreadEntity } from '../entities';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { outcome, startSubgraphTest, viewerMatrix, type Expectations, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

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
  let world: SubgraphTest<typeof discussion, [typeof membership]>;
  let cast: Cast;
  let archivedCast: Cast;
  let threads: Record<'open' | 'locked' | 'inArchivedForum' | 'inArchivedCommunity', ThreadEntity>;

  beforeAll(async () => {
    world = await startSubgraphTest(discussion, { with: [membership] });
    [cast, archivedCast] = await Promise.all([newCast(world.people, { visibility: 'PUBLIC' }), newCast(world.people, { visibility: 'PUBLIC' })]);
    const [forum, archivedForum, otherForum] = await Promise.all([world.factories.forum(cast.community), world.factories.forum(cast.community), world.factories.forum(archivedCast.community)]);
    const [open, locked, inArchivedForum, inArchivedCommunity] = await Promise.all([
      world.factories.thread(forum, cast.moderator),
      world.factories.thread(forum, cast.moderator),
      world.factories.thread(archivedForum, cast.moderator),
      world.factories.thread(otherForum, archivedCast.moderator),
    ]);
    threads = { open, locked, inArchivedForum, inArchivedCommunity };
    await world.running.domain.moderation.moderateThread(world.factories.access(cast.moderator), { threadId: locked.id, action: 'LOCK', reason: 'Answered' });
    await world.running.domain.forums.setArchived(world.factories.access(cast.coordinator), { forumId: archivedForum.id, archived: true });
    await world.membership.domain.communities.setArchived(world.people.viewer(archivedCast.coordinator), archivedCast.community.id, true);
  });
  afterAll(() => world?.stop());

  const CAN = `query ($id: ID!) { discussionThread(id: $id) { viewerCanReply } }`;
  const REPLY = `mutation ($id: ID!) { replyToDiscussionThread(input: { threadId: $id, body: "A reply" }) { post { id } } }`;

  const REPLIES: Record<keyof typeof threads, Expectations> = {
    open: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', member: 'OK', moderator: 'OK', banned: 'FORBIDDEN' },
    locked: { member: 'CONFLICT', moderator: 'CONFLICT' },
    inArchivedForum: { member: 'CONFLICT' },
    inArchivedCommunity: { member: 'FORBIDDEN' },
  };

  describe.each(Object.keys(REPLIES) as (keyof typeof threads)[])('replies on the %s thread', (which) => {
    viewerMatrix(REPLIES[which], async (who) => {
      const thread = threads[which];
      const viewer = (which === 'inArchivedCommunity' ? archivedCast : cast)[who];
      const can = await world.run<{ discussionThread: { viewerCanReply: boolean } | null }>(CAN, { id: thread.id }, viewer);
      const reply = await world.run(REPLY, { id: thread.id }, viewer);
      expect([who, can.data?.discussionThread?.viewerCanReply ?? false]).toEqual([who, outcome(reply) === 'OK']);
      return reply;
    });
  });

  const CAN_COMMENT = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Event { discussionViewerCanComment } } }`;
  const COMMENT = `mutation ($id: ID!) { commentOnDiscussionSubject(input: { subjectType: EVENT, subjectId: $id, body: "A comment" }) { post { id } } }`;

  const COMMENTS: Record<'new' | 'locked' | 'archived', Expectations> = {
    new: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', member: 'OK', banned: 'FORBIDDEN' },
    locked: { member: 'CONFLICT' },
    archived: { member: 'FORBIDDEN' },
  };

  describe.each(Object.keys(COMMENTS) as (keyof typeof COMMENTS)[])('comments on a %s event thread', (which) => {
    viewerMatrix(COMMENTS[which], async (who) => {
      const people = which === 'archived' ? archivedCast : cast;
      const eventId = await world.factories.event(people.community.network.id, people.community.id);
      if (which === 'locked') {
        const opened = await world.run<{ commentOnDiscussionSubject: { post: { id: string } } }>(COMMENT, { id: eventId }, people.moderator);
        const [thread] = (await world.running.domain.read.run('SELECT thread_id AS id FROM posts WHERE id = $1', [opened.data!.commentOnDiscussionSubject.post.id])) as { id: string }[];
        await world.running.domain.moderation.moderateThread(world.factories.access(people.moderator), { threadId: thread!.id, action: 'LOCK', reason: 'Closed' });
      }
      const can = await world.run<{ _entities: { discussionViewerCanComment: boolean }[] }>(CAN_COMMENT, { r: [{ __typename: 'Event', id: eventId, communityId: people.community.id }] }, people[who]);
      const comment = await world.run(COMMENT, { id: eventId }, people[who]);
      expect([who, can.data?._entities[0]?.discussionViewerCanComment]).toEqual([who, outcome(comment) === 'OK']);
      return comment;
    });
  });
});
