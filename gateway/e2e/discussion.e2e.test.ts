import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningMembership } from '@praxis/membership';
import type { RunningDiscussion } from '@praxis/discussion';
import { DiscussionFactories } from '@praxis/discussion/testing';
import { signIn, startStack, type Stack } from './harness';

/**
 * Discussion through the gateway, as a front-end meets it: a community page with its threads,
 * authors (from membership, in one batch) and reply counts; posting; comments under an event;
 * a ban and an account deletion taking effect.
 */
let stack: Stack;
let people: MembershipFactories;
let talk: DiscussionFactories;

beforeAll(async () => {
  stack = await startStack();
  people = new MembershipFactories(stack.services.membership as RunningMembership);
  talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
});
afterAll(() => stack?.stop());

async function tokenFor(member: { id: string }): Promise<string> {
  const account = (await people.domain.read.accounts([member.id]))[0]!;
  return (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;
}

const COMMUNITY_PAGE = `query ($id: ID!) {
  community(id: $id) {
    name
    memberCount
    viewerCan { participate }
    discussionForums { nodes { name threads(first: 10) { nodes { title kind replyCount author { displayName isFormerMember } } } } }
    recentDiscussionThreads(first: 5) { nodes { title replyCount lastActivityAt author { displayName } openingPost { bodyHtml } } }
    viewerDiscussionUnread { unreadPosts }
  }
}`;

test('a community page loads with its threads, authors and reply counts', async () => {
  const community = await people.community({ visibility: 'MEMBERS_ONLY', name: 'Allied Health Assistant CPD' });
  const asker = await people.memberOf(community, 'MEMBER', { displayName: 'Ari Abara' });
  const helper = await people.memberOf(community, 'MODERATOR', { displayName: 'Mika Marchetti' });
  const webinar = await talk.forum(community, { name: 'Webinar follow-up' });
  const cases = await talk.forum(community, { name: 'Case scenarios' });
  const question = await talk.thread(webinar, asker, { kind: 'QUESTION', title: 'Questions after the communication toolkit webinar', body: 'How do you **introduce** yourself to a new client?' });
  await talk.reply(question, helper, { body: 'I start with my role and what I will and will not do.' });
  await talk.reply(question, asker, { body: 'Thank you, that helps.' });
  await talk.thread(cases, helper, { kind: 'CASE_SCENARIO', title: 'A client declines a session', body: 'What would you do next?' });

  const anonymous = await stack.graphql(COMMUNITY_PAGE, { id: community.id });
  expect(anonymous.errors?.map((error) => error.extensions?.code)).toContain('UNAUTHENTICATED');

  const response = await stack.graphql<{ community: Record<string, unknown> }>(COMMUNITY_PAGE, { id: community.id }, { token: await tokenFor(asker) });
  expect(response.errors).toBeUndefined();
  expect(response.data!.community).toEqual({
    name: 'Allied Health Assistant CPD',
    memberCount: 3,
    viewerCan: { participate: true },
    discussionForums: {
      nodes: [
        { name: 'Webinar follow-up', threads: { nodes: [{ title: 'Questions after the communication toolkit webinar', kind: 'QUESTION', replyCount: 2, author: { displayName: 'Ari Abara', isFormerMember: false } }] } },
        { name: 'Case scenarios', threads: { nodes: [{ title: 'A client declines a session', kind: 'CASE_SCENARIO', replyCount: 0, author: { displayName: 'Mika Marchetti', isFormerMember: false } }] } },
      ],
    },
    recentDiscussionThreads: {
      nodes: [
        { title: 'A client declines a session', replyCount: 0, lastActivityAt: expect.any(String), author: { displayName: 'Mika Marchetti' }, openingPost: { bodyHtml: '<p>What would you do next?</p>\n' } },
        { title: 'Questions after the communication toolkit webinar', replyCount: 2, lastActivityAt: expect.any(String), author: { displayName: 'Ari Abara' }, openingPost: { bodyHtml: '<p>How do you <strong>introduce</strong> yourself to a new client?</p>\n' } },
      ],
    },
    viewerDiscussionUnread: { unreadPosts: 0 },
  });
});

test('members post and reply through the gateway; a retry with the same key posts once; a ban stops them on the next request', async () => {
  const community = await people.community({ visibility: 'PUBLIC' });
  const member = await people.memberOf(community);
  const forum = await talk.forum(community, { name: 'Introductions' });
  const token = await tokenFor(member);
  const START = `mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id title author { displayName } } } }`;
  const input = { forumId: forum.id, title: 'Hello from the Wheatbelt', body: 'I am a carer representative.', idempotencyKey: 'e2e-intro-1' };
  const first = await stack.graphql<{ startDiscussionThread: { thread: { id: string } } }>(START, { input }, { token });
  const retry = await stack.graphql<{ startDiscussionThread: { thread: { id: string } } }>(START, { input }, { token });
  expect(first.errors).toBeUndefined();
  expect(retry.data!.startDiscussionThread.thread.id).toBe(first.data!.startDiscussionThread.thread.id);
  const threadId = first.data!.startDiscussionThread.thread.id;

  const anonymous = await stack.graphql(`mutation ($id: ID!) { replyToDiscussionThread(input: { threadId: $id, body: "Hi" }) { post { id } } }`, { id: threadId });
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

  const REPLY = `mutation ($id: ID!) { replyToDiscussionThread(input: { threadId: $id, body: "Welcome, glad you are here." }) { post { id author { displayName } } } }`;
  expect((await stack.graphql(REPLY, { id: threadId }, { token })).errors).toBeUndefined();
  await people.ban(community, member);
  const refused = await stack.graphql(REPLY, { id: threadId }, { token });
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'BANNED' });
  // Public content stays readable to them, as to anyone.
  const read = await stack.graphql<{ discussionThread: { replyCount: number } }>(`query ($id: ID!) { discussionThread(id: $id) { replyCount } }`, { id: threadId }, { token });
  expect(read.data).toEqual({ discussionThread: { replyCount: 1 } });
});

test('comments under an event: the gateway resolves Event.discussion from the key the thread gives', async () => {
  const community = await people.community({ visibility: 'PUBLIC' });
  const member = await people.memberOf(community, 'MEMBER', { displayName: 'Noor Nakamura-Hale' });
  const eventId = await talk.event(community.networkId, community.id);
  const token = await tokenFor(member);
  const comment = await stack.graphql<{ commentOnDiscussionSubject: { post: { thread: { id: string } } } }>(
    `mutation ($id: ID!) { commentOnDiscussionSubject(input: { subjectType: EVENT, subjectId: $id, body: "Will the recording be shared?" }) { post { thread { id } } } }`,
    { id: eventId },
    { token },
  );
  expect(comment.errors).toBeUndefined();
  const response = await stack.graphql(
    `query ($id: ID!) { discussionThread(id: $id) { subject { __typename ... on Event { id discussion { replyCount openingPost { bodyMarkdown author { displayName } } } discussionViewerCanComment } } } }`,
    { id: comment.data!.commentOnDiscussionSubject.post.thread.id },
    { token },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data).toEqual({
    discussionThread: {
      subject: {
        __typename: 'Event',
        id: eventId,
        discussion: { replyCount: 0, openingPost: { bodyMarkdown: 'Will the recording be shared?', author: { displayName: 'Noor Nakamura-Hale' } } },
        discussionViewerCanComment: true,
      },
    },
  });
});

test('after an account is deleted its posts remain, shown as "Former member"', async () => {
  const community = await people.community({ visibility: 'PUBLIC' });
  const leaver = await people.memberOf(community, 'MEMBER', { displayName: 'Leo Lindqvist' });
  const forum = await talk.forum(community);
  const thread = await talk.thread(forum, leaver, { title: 'My first post' });
  const token = await tokenFor(leaver);
  const deleted = await stack.graphql(`mutation ($p: String!) { deleteAccount(input: { password: $p }) { ok } }`, { p: TEST_PASSWORD }, { token });
  expect(deleted.errors).toBeUndefined();
  await stack.services.membership!.runtime.drainEvents();
  await stack.services.discussion!.runtime.drainEvents();
  const response = await stack.graphql(`query ($id: ID!) { discussionThread(id: $id) { title author { displayName isFormerMember handle } } }`, { id: thread.id });
  expect(response.data).toEqual({ discussionThread: { title: 'My first post', author: { displayName: 'Former member', isFormerMember: true, handle: null } } });
});
