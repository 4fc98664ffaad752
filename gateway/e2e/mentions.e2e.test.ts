import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningMembership } from '@praxis/membership';
import type { RunningDiscussion } from '@praxis/discussion';
import { DiscussionFactories } from '@praxis/discussion/testing';
import { signIn, startStack, type Stack } from './harness';

let stack: Stack;
let people: MembershipFactories;
let talk: DiscussionFactories;

beforeAll(async () => {
  // Membership's internal routes on their own port, as infra/k8s runs them: the gateway's token
  // checks and discussion's handle look-ups go there, and membership's GraphQL serves only the gateway.
  stack = await startStack({ serviceEnv: { MEMBERSHIP_INTERNAL_PORT: '0' } });
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

test("membership's internal routes answer only on their own port here, so everything above went through it", async () => {
  const membership = stack.services.membership as RunningMembership;
  expect(membership.internalUrl).not.toBe(membership.url);
  const beside = await fetch(`${membership.url}/internal/access`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(beside.status).toBe(404);
  const apart = await fetch(`${membership.internalUrl}/internal/access`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  // Refused for want of a service assertion: the route is there.
  expect(apart.status).toBe(401);
});
