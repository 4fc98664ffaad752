import { parseSetCookie } from 'cookie';
import { request } from 'undici';
import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { startStack, type Stack } from './harness';

/**
 * Sessions through the gateway: the user agent and address it saw reach membership in its
 * signed viewer statement, and revoking a session stops its refresh token at once, through the
 * graph and through the admin app's /auth/refresh.
 */
let stack: Stack;
let factories: MembershipFactories;

beforeAll(async () => {
  // Behind a proxy on loopback, so each request can say which client address the gateway saw.
  stack = await startStack({ gatewayEnv: { TRUST_PROXY: 'loopback' } });
  factories = new MembershipFactories(stack.services.membership as RunningMembership);
});
afterAll(async () => {
  await stack?.stop();
});

const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`;
const REFRESH = `mutation ($token: String!) { refreshSession(input: { refreshToken: $token }) { accessToken refreshToken } }`;
const SESSIONS = `{ me { sessions { id device userAgent address current } } }`;
const REVOKE = `mutation ($id: ID!) { revokeSession(input: { id: $id }) { sessionId } }`;

interface SessionRow {
  id: string;
  device: string;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

async function newAccount(): Promise<string> {
  const member = await factories.member();
  return (await factories.domain.read.accounts([member.id]))[0]!.email;
}

/** Signs in through the graph from a browser at an address. */
async function signIn(email: string, userAgent: string, address: string): Promise<{ accessToken: string; refreshToken: string }> {
  const answer = await stack.graphql<{ signIn: { accessToken: string; refreshToken: string } }>(SIGN_IN, { input: { email, password: TEST_PASSWORD } }, { headers: { 'user-agent': userAgent, 'x-forwarded-for': address } });
  if (!answer.data?.signIn) throw new Error(JSON.stringify(answer.errors));
  return answer.data.signIn;
}

/** The admin app's sign-in: the refresh token stays in the cookie. */
async function signInWithCookie(email: string, userAgent: string, address: string): Promise<{ accessToken: string; cookie: string }> {
  const response = await request(`${stack.gatewayUrl}/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-praxis-csrf': '1', 'user-agent': userAgent, 'x-forwarded-for': address },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const body = (await response.body.json()) as { accessToken: string };
  const setCookie = [response.headers['set-cookie']].flat().filter((value): value is string => typeof value === 'string');
  const cookie = setCookie.map((value) => parseSetCookie(value)).find((candidate) => candidate.name === 'praxis_refresh')!.value!;
  return { accessToken: body.accessToken, cookie };
}

async function refreshWithCookie(cookie: string): Promise<number> {
  const response = await request(`${stack.gatewayUrl}/auth/refresh`, { method: 'POST', headers: { 'x-praxis-csrf': '1', cookie: `praxis_refresh=${cookie}` } });
  await response.body.dump();
  return response.statusCode;
}

async function sessionsOf(accessToken: string): Promise<SessionRow[]> {
  const answer = await stack.graphql<{ me: { sessions: SessionRow[] } }>(SESSIONS, {}, { token: accessToken });
  expect(answer.errors).toBeUndefined();
  return answer.data!.me.sessions;
}

test('the list of sessions shows the user agent and the client address the gateway saw, and which one is asking', async () => {
  const email = await newAccount();
  const graph = await signIn(email, CHROME_MAC, '203.0.113.50');
  const app = await signInWithCookie(email, FIREFOX_WINDOWS, '198.51.100.23');
  const seen = (await sessionsOf(graph.accessToken)).map(({ device, userAgent, address, current }) => ({ device, userAgent, address, current }));
  expect(seen).toEqual(
    expect.arrayContaining([
      { device: 'Chrome on macOS', userAgent: CHROME_MAC, address: '203.0.113.50', current: true },
      { device: 'Firefox on Windows', userAgent: FIREFOX_WINDOWS, address: '198.51.100.23', current: false },
    ]),
  );
  expect(seen).toHaveLength(2);
  expect((await sessionsOf(app.accessToken)).filter((session) => session.current).map((session) => session.userAgent)).toEqual([FIREFOX_WINDOWS]);
  // The second sign-in came from a new device: its owner hears of it, with the address the gateway saw.
  const mail = await stack.smtp.waitFor((candidate) => candidate.to.includes(email) && candidate.subject === 'New sign-in to your Praxis account');
  expect(mail.text).toContain('Device: Firefox on Windows');
  expect(mail.text).toContain('Address: 198.51.100.23');
});

test('revoking a session makes its refresh token fail at once, through the graph and through /auth/refresh', async () => {
  const email = await newAccount();
  const laptop = await signIn(email, CHROME_MAC, '203.0.113.61');
  const phone = await signIn(email, FIREFOX_WINDOWS, '203.0.113.62');
  const app = await signInWithCookie(email, FIREFOX_WINDOWS, '203.0.113.63');
  const sessions = await sessionsOf(laptop.accessToken);
  const idOf = (address: string) => sessions.find((session) => session.address === address)!.id;

  expect((await stack.graphql(REVOKE, { id: idOf('203.0.113.62') }, { token: laptop.accessToken })).errors).toBeUndefined();
  const refreshed = await stack.graphql(REFRESH, { token: phone.refreshToken });
  expect(refreshed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

  expect((await stack.graphql(REVOKE, { id: idOf('203.0.113.63') }, { token: laptop.accessToken })).errors).toBeUndefined();
  expect(await refreshWithCookie(app.cookie)).toBe(401);

  // The session that revoked them goes on.
  expect((await stack.graphql(REFRESH, { token: laptop.refreshToken })).errors).toBeUndefined();
  expect((await sessionsOf(laptop.accessToken)).map((session) => session.address)).toEqual(['203.0.113.61']);
});

test('a subgraph called directly records no user agent or address from the caller\'s own headers', async () => {
  const email = await newAccount();
  const direct = await stack.subgraph<{ signIn: { accessToken: string } }>('membership', SIGN_IN, { input: { email, password: TEST_PASSWORD } }, { 'user-agent': 'Forged/1.0', 'x-forwarded-for': '192.0.2.1' });
  expect(direct.errors).toBeUndefined();
  const [session] = await sessionsOf(direct.data!.signIn.accessToken);
  expect(session).toMatchObject({ userAgent: null, address: null, device: 'Unknown device', current: true });
});
