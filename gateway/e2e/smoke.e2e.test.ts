import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningMembership } from '@praxis/membership';
import { signIn, startStack, type Stack } from './harness';

let stack: Stack;
let factories: MembershipFactories;

beforeAll(async () => {
  stack = await startStack();
  factories = new MembershipFactories(stack.services.membership as RunningMembership);
});
afterAll(() => stack?.stop());

test('a signed-in member reads their community through the gateway', async () => {
  const community = await factories.community({ visibility: 'MEMBERS_ONLY' });
  const member = await factories.memberOf(community);
  const account = (await factories.domain.read.accounts([member.id]))[0]!;
  const { accessToken } = await signIn(stack, account.email, TEST_PASSWORD);
  const response = await stack.graphql<{ me: { member: { id: string } }; community: { members: { totalCount: number } } }>(
    `query ($id: ID!) { me { member { id } } community(id: $id) { members(first: 10) { totalCount } } }`,
    { id: community.id },
    { token: accessToken },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data).toEqual({ me: { member: { id: member.id } }, community: { members: { totalCount: 2 } } });
});
