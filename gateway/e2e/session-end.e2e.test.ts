import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { startStack, type Stack } from './harness';

/**
 * An ended session's access token stops working at once, not when it expires: the gateway asks
 * membership on every signed-in request, in the same call that asks whether the account exists.
 */
let stack: Stack;
let factories: MembershipFactories;

beforeAll(async () => {
  stack = await startStack();
  factories = new MembershipFactories(stack.services.membership as RunningMembership);
});
afterAll(async () => {
  await stack?.stop();
});

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`;
const ME = `{ me { memberId sessions { id current } } }`;

async function signIn(email: string): Promise<{ accessToken: string; refreshToken: string }> {
  const answer = await stack.graphql<{ signIn: { accessToken: string; refreshToken: string } }>(SIGN_IN, { input: { email, password: TEST_PASSWORD } });
  if (!answer.data?.signIn) throw new Error(JSON.stringify(answer.errors));
  return answer.data.signIn;
}

async function me(token: string) {
  return stack.graphql<{ me: { memberId: string; sessions: { id: string; current: boolean }[] } | null }>(ME, {}, { token });
}

async function newAccount(): Promise<string> {
  const member = await factories.member();
  return (await factories.domain.read.accounts([member.id]))[0]!.email;
}

test("a revoked session's access token is refused on its next request; the other session goes on", async () => {
  const email = await newAccount();
  const laptop = await signIn(email);
  const phone = await signIn(email);
  const sessions = (await me(laptop.accessToken)).data!.me!.sessions;
  const phoneSession = sessions.find((session) => !session.current)!;

  const revoked = await stack.graphql(`mutation ($id: ID!) { revokeSession(input: { id: $id }) { sessionId } }`, { id: phoneSession.id }, { token: laptop.accessToken });
  expect(revoked.errors).toBeUndefined();

  const refused = await me(phone.accessToken);
  expect(refused.status).toBe(401);
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
  expect((await me(laptop.accessToken)).data?.me?.memberId).toBeTruthy();
});

test('signing out ends the access token with the refresh token', async () => {
  const email = await newAccount();
  const session = await signIn(email);
  expect((await me(session.accessToken)).errors).toBeUndefined();
  const out = await stack.graphql(`mutation ($token: String!) { signOut(input: { refreshToken: $token }) { ok } }`, { token: session.refreshToken }, { token: session.accessToken });
  expect(out.errors).toBeUndefined();
  expect((await me(session.accessToken)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
});

test('a deleted account is refused as deleted, whichever of its sessions asks', async () => {
  const email = await newAccount();
  const tokens = await Promise.all([signIn(email), signIn(email), signIn(email)]);
  const answers = await Promise.all(tokens.map((token) => me(token.accessToken)));
  expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined]);
  const memberId = answers[0]!.data!.me!.memberId;
  await factories.domain.erasure.deleteAccount(factories.viewer(memberId), TEST_PASSWORD);
  expect((await me(tokens[0]!.accessToken)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DELETED' });
});
