import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningMembership } from '@praxis/membership';
import type { RunningDiscussion } from '@praxis/discussion';
import { DiscussionFactories } from '@praxis/discussion/testing';
import { signIn, startStack, type Stack } from './harness';

let stack: Stack;
let people: MembershipFactories;
let talk: DiscussionFactories;

beforeAll(async () => {
  stack = await startStack();
  people = new MembershipFactories(stack.services.membership as RunningMembership);
  talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
});
afterAll(() => stack?.stop());

const settle = async () => {
  await stack.services.membership!.runtime.drainEvents();
  await stack.services.discussion!.runtime.drainEvents();
  await stack.services.discussion!.runtime.drainEvents();
};

test('a post lists the members it mentions, with their names from membership; a deleted account shows as Former member', async () => {
  const community = await people.community({ visibility: 'PUBLIC' });
  const author = await people.memberOf(community);
  const named = await people.memberOf(community, 'MEMBER', { displayName: 'Noor Haddad' });
  const leaving = await people.memberOf(community, 'MEMBER', { displayName: 'Sam Leaving' });
  const forum = await talk.forum(community);
  const thread = await talk.thread(forum, author);
  const reply = await talk.reply(thread, author, { body: `Thank you @${named.handle} and @${leaving.handle}` });
  await settle();

  const QUERY = `query ($id: ID!) { discussionPost(id: $id) { mentions { displayName isFormerMember } } }`;
  type Mentions = { discussionPost: { mentions: { displayName: string; isFormerMember: boolean }[] } };
  const names = (result: Mentions) => result.discussionPost.mentions.map((member) => member.displayName).sort();
  const before = await stack.graphql<Mentions>(QUERY, { id: reply.id });
  expect(before.errors).toBeUndefined();
  expect(names(before.data!)).toEqual(['Noor Haddad', 'Sam Leaving']);

  const account = (await people.domain.read.accounts([leaving.id]))[0]!;
  const { accessToken } = await signIn(stack, account.email, TEST_PASSWORD);
  expect((await stack.graphql(`mutation ($p: String!) { deleteAccount(input: { password: $p }) { ok } }`, { p: TEST_PASSWORD }, { token: accessToken })).errors).toBeUndefined();
  await settle();
  const after = await stack.graphql<Mentions>(QUERY, { id: reply.id });
  expect(after.errors).toBeUndefined();
  expect(names(after.data!)).toEqual(['Former member', 'Noor Haddad']);
});
