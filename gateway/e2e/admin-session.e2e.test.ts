import { parseSetCookie, type SetCookie } from 'cookie';
import { request } from 'undici';
import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { startStack, type Stack } from './harness';

/** The admin app's session routes, as the browser app (and a forging page) meets them over HTTP. */
let stack: Stack;
let factories: MembershipFactories;

beforeAll(async () => {
  stack = await startStack();
  factories = new MembershipFactories(stack.services.membership as RunningMembership);
});
afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | undefined;
  cookie?: SetCookie;
}

async function auth(path: string, options: { body?: unknown; refreshToken?: string; csrf?: string | null; origin?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrf !== null) headers['x-praxis-csrf'] = options.csrf ?? '1';
  if (options.origin) headers.origin = options.origin;
  if (options.refreshToken !== undefined) headers.cookie = `praxis_refresh=${options.refreshToken}`;
  const response = await request(`${stack.gatewayUrl}${path}`, { method: 'POST', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.body.text();
  const setCookie = response.headers['set-cookie'];
  const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((value) => parseSetCookie(value));
  return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined, cookie: cookies.find((cookie) => cookie.name === 'praxis_refresh') };
}

async function newAccount(): Promise<{ email: string; memberId: string }> {
  const member = await factories.member();
  return { email: (await factories.domain.read.accounts([member.id]))[0]!.email, memberId: member.id };
}

const ME = `{ me { member { id } } }`;
const codeOf = (answer: Answer) => (answer.body?.errors as { extensions: Record<string, unknown> }[] | undefined)?.[0]?.extensions;

test('signing in sets the refresh token as an HttpOnly, SameSite=Strict cookie for /auth and answers the access token only', async () => {
  const { email, memberId } = await newAccount();
  const answer = await auth('/auth/session', { body: { email, password: TEST_PASSWORD } });
  expect(answer.status).toBe(200);
  expect(Object.keys(answer.body!).sort()).toEqual(['accessToken', 'accessTokenExpiresAt']);
  expect(JSON.stringify(answer.body)).not.toContain(answer.cookie!.value!);
  expect(answer.cookie).toMatchObject({ httpOnly: true, sameSite: 'strict', path: '/auth' });
  expect(answer.cookie!.secure).toBeFalsy();
  expect(answer.cookie!.value!.length).toBeGreaterThan(20);
  // Refresh tokens live 30 days by default.
  expect(answer.cookie!.maxAge).toBeGreaterThan(29 * 86_400);
  expect(answer.headers['cache-control']).toBe('no-store');
  const me = await stack.graphql<{ me: { member: { id: string } } }>(ME, {}, { token: answer.body!.accessToken as string });
  expect(me.data?.me.member.id).toBe(memberId);
});

test('refresh rotates the cookie; the old value then fails with 401 and clears the cookie', async () => {
  const { email } = await newAccount();
  const first = (await auth('/auth/session', { body: { email, password: TEST_PASSWORD } })).cookie!.value!;
  const refreshed = await auth('/auth/refresh', { refreshToken: first });
  expect(refreshed.status).toBe(200);
  expect(Object.keys(refreshed.body!).sort()).toEqual(['accessToken', 'accessTokenExpiresAt']);
  expect(refreshed.cookie).toMatchObject({ httpOnly: true, sameSite: 'strict', path: '/auth' });
  expect(refreshed.cookie!.value).not.toBe(first);
  expect((await stack.graphql(ME, {}, { token: refreshed.body!.accessToken as string })).errors).toBeUndefined();

  const replayed = await auth('/auth/refresh', { refreshToken: first });
  expect(replayed.status).toBe(401);
  expect(codeOf(replayed)).toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(replayed.cookie).toMatchObject({ value: '', maxAge: 0, path: '/auth' });
  // A replayed token means theft: the graph ends the whole session, the rotated token included.
  expect((await auth('/auth/refresh', { refreshToken: refreshed.cookie!.value! })).status).toBe(401);
});

test('refresh without a cookie is 401 UNAUTHENTICATED and clears the cookie', async () => {
  const answer = await auth('/auth/refresh');
  expect(answer.status).toBe(401);
  expect(codeOf(answer)).toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(answer.cookie).toMatchObject({ value: '', maxAge: 0 });
  // A JSON content type with an empty body is accepted as no body.
  expect((await auth('/auth/refresh', { headers: { 'content-type': 'application/json' } })).status).toBe(401);
});

test('sign-out revokes the refresh token and clears the cookie', async () => {
  const { email } = await newAccount();
  const token = (await auth('/auth/session', { body: { email, password: TEST_PASSWORD } })).cookie!.value!;
  const out = await auth('/auth/sign-out', { refreshToken: token });
  expect(out.status).toBe(204);
  expect(out.body).toBeUndefined();
  expect(out.cookie).toMatchObject({ value: '', maxAge: 0, path: '/auth' });
  expect((await auth('/auth/refresh', { refreshToken: token })).status).toBe(401);
  expect((await auth('/auth/sign-out')).status).toBe(204);
});

test('a deleted account cannot refresh its session', async () => {
  const { email } = await newAccount();
  const session = await auth('/auth/session', { body: { email, password: TEST_PASSWORD } });
  const deleted = await stack.graphql(`mutation ($password: String!) { deleteAccount(input: { password: $password }) { ok } }`, { password: TEST_PASSWORD }, { token: session.body!.accessToken as string });
  expect(deleted.errors).toBeUndefined();
  expect((await auth('/auth/refresh', { refreshToken: session.cookie!.value! })).status).toBe(401);
  expect((await auth('/auth/session', { body: { email, password: TEST_PASSWORD } })).status).toBe(401);
});

test('without the X-Praxis-CSRF header, or from a foreign origin, every session route is 403 FORBIDDEN/CSRF', async () => {
  const { email } = await newAccount();
  const forbidden = { code: 'FORBIDDEN', reason: 'CSRF' };
  for (const path of ['/auth/session', '/auth/refresh', '/auth/sign-out']) {
    for (const options of [{ csrf: null }, { csrf: 'true' }, { origin: 'https://evil.example' }, { origin: 'null' }]) {
      const answer = await auth(path, { ...options, body: path === '/auth/session' ? { email, password: TEST_PASSWORD } : undefined, refreshToken: 'whatever' });
      expect({ path, options, status: answer.status, extensions: codeOf(answer) }).toEqual({ path, options, status: 403, extensions: forbidden });
      expect(answer.cookie).toBeUndefined();
    }
  }
});

test('the gateway’s own origin and the dev server’s origins may use the session routes', async () => {
  const { email } = await newAccount();
  for (const origin of [stack.gatewayUrl, 'http://localhost:5173', 'http://127.0.0.1:5173']) {
    expect((await auth('/auth/session', { origin, body: { email, password: TEST_PASSWORD } })).status).toBe(200);
  }
});

test('CORS lets the admin dev server send the CSRF header with credentials; other sites get no grant', async () => {
  const preflight = (origin: string) =>
    request(`${stack.gatewayUrl}/auth/session`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-praxis-csrf' },
    });
  for (const origin of ['http://localhost:5173', 'http://127.0.0.1:5173']) {
    const allowed = await preflight(origin);
    await allowed.body.dump();
    expect(allowed.headers['access-control-allow-origin']).toBe(origin);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('x-praxis-csrf');
  }
  const denied = await preflight('https://evil.example');
  await denied.body.dump();
  expect(denied.headers['access-control-allow-origin']).toBeUndefined();
});

test('a wrong password gets the graph’s UNAUTHENTICATED answer and no cookie', async () => {
  const { email } = await newAccount();
  const answer = await auth('/auth/session', { body: { email, password: 'not the password at all' } });
  expect(answer.status).toBe(401);
  expect(codeOf(answer)).toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(answer.cookie).toBeUndefined();
});

test('bad input is BAD_USER_INPUT naming the field, as the graph names it', async () => {
  const missing = await auth('/auth/session', { body: { email: 'someone@example.org' } });
  expect(missing.status).toBe(400);
  expect(codeOf(missing)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
  const notAnEmail = await auth('/auth/session', { body: { email: 'not an email', password: TEST_PASSWORD } });
  expect(notAnEmail.status).toBe(400);
  expect(codeOf(notAnEmail)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
  const wrongShape = await auth('/auth/session', { body: [1, 2] });
  expect(codeOf(wrongShape)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
  const broken = await request(`${stack.gatewayUrl}/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-praxis-csrf': '1' }, body: '{"email":' });
  expect(broken.statusCode).toBe(400);
  expect(((await broken.body.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
});

test('the graph’s sign-in throttle applies, by the connection’s address whatever X-Forwarded-For says', async () => {
  const { email } = await newAccount();
  let last: Answer | undefined;
  for (let attempt = 0; attempt < 7; attempt += 1) {
    last = await auth('/auth/session', { body: { email, password: 'not the password at all' }, headers: { 'x-forwarded-for': `198.51.100.${attempt + 1}` } });
  }
  expect(last!.status).toBe(429);
  expect(codeOf(last!)).toMatchObject({ code: 'RATE_LIMITED' });
  expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
});

// Last in the file: a second stack empties the worker's database.
test('behind an https public address the cookie is Secure, and that address is an allowed origin', async () => {
  const secure = await startStack({ gatewayEnv: { PUBLIC_GRAPH_URL: 'https://praxis.example.org' } });
  try {
    const people = new MembershipFactories(secure.services.membership as RunningMembership);
    const member = await people.member();
    const email = (await people.domain.read.accounts([member.id]))[0]!.email;
    const response = await request(`${secure.gatewayUrl}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-praxis-csrf': '1', origin: 'https://praxis.example.org' },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    await response.body.dump();
    expect(response.statusCode).toBe(200);
    expect(parseSetCookie(String(response.headers['set-cookie']))).toMatchObject({ name: 'praxis_refresh', secure: true, httpOnly: true, sameSite: 'strict' });
  } finally {
    await secure.stop();
  }
});
