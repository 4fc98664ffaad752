import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { request } from 'undici';
import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { InternalAuth, memberViewer } from '@praxis/platform';
import { signIn, startStack, type Stack } from './harness';

/** Identity across the graph, as a front-end (and an attacker) meets it over HTTP. */
let stack: Stack;
let factories: MembershipFactories;
let oidc: { server: Server; issuer: string; sign(claims: Record<string, unknown>): Promise<string> };

beforeAll(async () => {
  oidc = await startOidcProvider();
  stack = await startStack({
    gatewayEnv: { AUTH_TRUSTED_ISSUERS: JSON.stringify([{ issuer: oidc.issuer, jwksUrl: `${oidc.issuer}/jwks`, audience: 'praxis-test' }]) },
  });
  factories = new MembershipFactories(stack.services.membership as RunningMembership);
});
afterAll(async () => {
  await stack?.stop();
  oidc?.server.close();
});

const ME = `{ me { member { id } } }`;
const email = async (memberId: string) => (await factories.domain.read.accounts([memberId]))[0]!.email;

test('sign-up, a real verification email, sign-in and an authenticated query', async () => {
  const address = `e2e-${Date.now()}@example.org`;
  const handle = `e2e_${Date.now() % 1e6}`;
  const signUp = await stack.graphql(`mutation ($input: SignUpInput!) { signUp(input: $input) { ok } }`, {
    input: { email: address, password: TEST_PASSWORD, handle, displayName: 'E2E Person', participantType: 'STAFF' },
  });
  expect(signUp.errors).toBeUndefined();
  expect(signUp.data).toEqual({ signUp: { ok: true } });
  const mail = await stack.smtp.waitFor((message) => message.to.includes(address) && /Confirm your email/.test(message.subject));
  const token = /verify-email\?token=([A-Za-z0-9_%-]+)/.exec(mail.text)![1]!;
  expect((await stack.graphql(`mutation ($token: String!) { verifyEmail(input: { token: $token }) { member { id } } }`, { token: decodeURIComponent(token) })).errors).toBeUndefined();
  const { accessToken } = await signIn(stack, address, TEST_PASSWORD);
  const me = await stack.graphql<{ me: { member: { id: string } } }>(ME, {}, { token: accessToken });
  expect(me.data?.me.member.id).toBe((await factories.domain.read.memberByHandle(handle))!.id);
});

test('a password-reset email really arrives, and the link resets the password', async () => {
  const member = await factories.member();
  const address = await email(member.id);
  await stack.graphql(`mutation ($email: String!) { requestPasswordReset(input: { email: $email }) { ok } }`, { email: address });
  const mail = await stack.smtp.waitFor((message) => message.to.includes(address) && /Reset your Praxis password/.test(message.subject));
  expect(mail.html).toContain('Choose a new password');
  const token = decodeURIComponent(/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(mail.text)![1]!);
  const reset = await stack.graphql(`mutation ($token: String!) { resetPassword(input: { token: $token, newPassword: "a fresh new password" }) { ok } }`, { token });
  expect(reset.errors).toBeUndefined();
  await signIn(stack, address, 'a fresh new password');
});

test('an expired token and a wrongly signed token are refused with UNAUTHENTICATED', async () => {
  const member = await factories.member();
  const config = (stack.services.membership as RunningMembership).domain.deps.keys;
  const expired = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: config.active.kid })
    .setIssuer('praxis')
    .setAudience('praxis')
    .setSubject(member.id)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 1800)
    .sign(config.active.key);
  const late = await stack.graphql(ME, {}, { token: expired });
  expect(late.status).toBe(401);
  expect(late.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(late.errors?.[0]?.message).toMatch(/expired/);

  const { privateKey } = await generateKeyPair('ES256');
  const forged = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: config.active.kid })
    .setIssuer('praxis')
    .setAudience('praxis')
    .setSubject(member.id)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
  const wrong = await stack.graphql(ME, {}, { token: forged });
  expect(wrong.status).toBe(401);
  expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await stack.graphql(ME, {}, { token: 'not.a.jwt' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await stack.graphql(ME, {}, { headers: { authorization: 'Basic abc' } })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('a forged identity sent straight to a subgraph is refused; a missing one is anonymous', async () => {
  const member = await factories.member();
  const forged = await new InternalAuth('a-secret-that-is-not-the-real-one-at-all').signViewer(memberViewer(member.id), 'forged-request');
  const refused = await stack.subgraph('membership', ME, {}, { 'x-praxis-viewer': forged });
  expect(refused.status).toBe(401);
  expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(refused.data ?? null).toBeNull();
  const tampered = await stack.subgraph('membership', ME, {}, { 'x-praxis-viewer': 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
  expect(tampered.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const anonymous = await stack.subgraph<{ me: null }>('membership', ME);
  expect(anonymous.data).toEqual({ me: null });
});

test('client headers cannot impersonate: x-praxis-viewer sent to the gateway is ignored', async () => {
  const member = await factories.member();
  const forged = await new InternalAuth('a-secret-that-is-not-the-real-one-at-all').signViewer(memberViewer(member.id), 'x');
  const response = await stack.graphql(ME, {}, { headers: { 'x-praxis-viewer': forged } });
  expect(response.data).toEqual({ me: null });
});

test('a banned member is refused on their very next request', async () => {
  const community = await factories.community({ visibility: 'MEMBERS_ONLY' });
  const member = await factories.memberOf(community);
  const { accessToken } = await signIn(stack, await email(member.id), TEST_PASSWORD);
  const DIRECTORY = `query ($id: ID!) { community(id: $id) { members(first: 5) { totalCount } } }`;
  expect((await stack.graphql(DIRECTORY, { id: community.id }, { token: accessToken })).errors).toBeUndefined();
  await factories.ban(community, member);
  const next = await stack.graphql(DIRECTORY, { id: community.id }, { token: accessToken });
  expect(next.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test('API tokens work through the gateway with their scopes, and stop at once when revoked', async () => {
  const member = await factories.member();
  const { accessToken } = await signIn(stack, await email(member.id), TEST_PASSWORD);
  const created = await stack.graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
    `mutation { createApiToken(input: { name: "analysis", scopes: [READ] }) { token apiToken { id } } }`,
    {},
    { token: accessToken },
  );
  const { token, apiToken } = created.data!.createApiToken;
  expect((await stack.graphql<{ me: { member: { id: string } } }>(ME, {}, { token })).data?.me.member.id).toBe(member.id);
  const write = await stack.graphql(`mutation { updateProfile(input: { bio: "x" }) { member { id } } }`, {}, { token });
  expect(write.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
  await stack.graphql(`mutation ($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { id } } }`, { id: apiToken.id }, { token: accessToken });
  const revoked = await stack.graphql(ME, {}, { token });
  expect(revoked.status).toBe(401);
  expect(revoked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test("an organisation's OpenID Connect token maps to the member with that verified email", async () => {
  const member = await factories.member();
  const token = await oidc.sign({ sub: 'staff-4711', email: await email(member.id), email_verified: true });
  expect((await stack.graphql<{ me: { member: { id: string } } }>(ME, {}, { token })).data?.me.member.id).toBe(member.id);
  const stranger = await oidc.sign({ sub: 'unknown-9', email: 'not-a-member@example.org', email_verified: true });
  expect((await stack.graphql(ME, {}, { token: stranger })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const unverified = await oidc.sign({ sub: 'staff-unverified', email: await email((await factories.member()).id), email_verified: false });
  expect((await stack.graphql(ME, {}, { token: unverified })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('errors reach clients masked: codes and messages, no stack traces', async () => {
  const response = await stack.graphql(`{ community(id: "x") { members(first: 500) { totalCount } } }`);
  const text = JSON.stringify(response);
  expect(text).not.toMatch(/stacktrace|at .*\.ts:\d+|QueryFailedError|SELECT /);
  const bad = await stack.graphql(`mutation { signIn(input: { email: "nope", password: "x" }) { accessToken } }`);
  expect(bad.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.email', fields: [{ field: 'input.email', message: 'Enter a valid email address.' }] });
});

test('liveness and readiness answer on the gateway and every subgraph', async () => {
  for (const base of [stack.gatewayUrl, ...Object.values(stack.services).map((service) => service.url)]) {
    for (const path of ['/health/live', '/health/ready']) {
      const response = await request(`${base}${path}`);
      expect([base, path, response.statusCode]).toEqual([base, path, 200]);
      await response.body.dump();
    }
  }
});

test('every response carries a request id, taken from the caller when well-formed', async () => {
  const response = await stack.graphql(ME, {}, { headers: { 'x-request-id': 'trace-abc-12345' } });
  expect(response.headers['x-request-id']).toBe('trace-abc-12345');
  const generated = await stack.graphql(ME, {}, { headers: { 'x-request-id': 'bad id with spaces' } });
  expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

/** A minimal OpenID Connect provider: a key pair and its JWKS on a local port. */
async function startOidcProvider() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'org-key-1', alg: 'RS256', use: 'sig' };
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url === '/jwks' ? { keys: [jwk] } : {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    issuer,
    sign: (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'org-key-1' }).setIssuer(issuer).setAudience('praxis-test').setIssuedAt().setExpirationTime('5m').sign(privateKey),
  };
}

test('browsers from allowed origins pass CORS preflight; others get no CORS grant', async () => {
  const preflight = (origin: string) =>
    request(`${stack.gatewayUrl}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
  const allowed = await preflight('http://localhost:3000');
  expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  await allowed.body.dump();
  const denied = await preflight('https://evil.example');
  expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  await denied.body.dump();
});
