import { decodeJwt } from 'jose';
import { ANONYMOUS } from '@praxis/platform';
import { TEST_PASSWORD, membership } from '../testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';

/** Sign-up, verification, sign-in, sessions, passwords and API tokens, in-process. */
let t: SubgraphTest<typeof membership>;
beforeAll(async () => {
  t = await startSubgraphTest(membership, { env: { AUTH_SIGN_IN_FAILURES_ALLOWED: '3' } });
});
afterAll(() => t?.stop());

const SIGN_IN = `mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { accessToken accessTokenExpiresAt refreshToken viewer { member { id } } } }`;
const REFRESH = `mutation ($token: String!) { refreshSession(input: { refreshToken: $token }) { accessToken refreshToken } }`;

/** The link a queued email carries; emails are jobs, so the test reads the job. */
async function linkFor(template: string, to: string): Promise<string> {
  const jobs = await t.running.runtime.jobs.find<{ template: string; to: string; params: { link: string } }>('membership.send-email');
  const job = jobs.find((candidate) => candidate.data.template === template && candidate.data.to === to);
  if (!job) throw new Error(`no ${template} email to ${to}`);
  return job.data.params.link;
}
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

async function emailOf(memberId: string): Promise<string> {
  return (await t.factories.domain.read.accounts([memberId]))[0]!.email;
}

test('sign-up, verify the address, sign in', async () => {
  const email = `Verify-Me-${Date.now()}@Example.org`;
  const handle = `new_${Date.now() % 100000}`;
  const signUp = await t.run<{ signUp: { ok: boolean } }>(`mutation ($input: SignUpInput!) { signUp(input: $input) { ok } }`, {
    input: { email, password: TEST_PASSWORD, handle: `@New_${handle.slice(4)}`, displayName: 'New Person', participantType: 'VOLUNTEER' },
  });
  expect(signUp.errors).toBeUndefined();
  expect(signUp.data?.signUp.ok).toBe(true);
  const member = (await t.factories.domain.read.memberByHandle(handle))!;

  const early = await t.run(SIGN_IN, { email, password: TEST_PASSWORD });
  expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'EMAIL_NOT_VERIFIED' });

  const link = await linkFor('verifyEmail', email.trim());
  expect(link).toMatch(/^http:\/\/app\.test\/verify-email\?token=/);
  const verified = await t.run(`mutation ($token: String!) { verifyEmail(input: { token: $token }) { member { id } } }`, { token: tokenOf(link) });
  expect(verified.errors).toBeUndefined();
  const reused = await t.run(`mutation ($token: String!) { verifyEmail(input: { token: $token }) { member { id } } }`, { token: tokenOf(link) });
  expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.token' });

  const session = await t.run<{ signIn: { accessToken: string; viewer: { member: { id: string } } } }>(SIGN_IN, { email: email.toLowerCase(), password: TEST_PASSWORD });
  expect(session.errors).toBeUndefined();
  const claims = decodeJwt(session.data!.signIn.accessToken);
  expect(claims).toMatchObject({ sub: member.id, iss: 'praxis', aud: 'praxis' });
  expect(claims.exp! - claims.iat!).toBe(900);
});

test('a wrong password and an unknown address give the same answer, and repeated failures are slowed down', async () => {
  const member = await t.factories.member();
  const email = await emailOf(member.id);
  const unknown = await t.run(SIGN_IN, { email: 'nobody@example.org', password: TEST_PASSWORD });
  const wrong = await t.run(SIGN_IN, { email, password: 'wrong password!!' });
  expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  await t.run(SIGN_IN, { email, password: 'wrong password!!' });
  await t.run(SIGN_IN, { email, password: 'wrong password!!' });
  const throttled = await t.run(SIGN_IN, { email, password: TEST_PASSWORD });
  expect(throttled.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  expect(throttled.errors?.[0]?.extensions?.retryAfter).toBeGreaterThanOrEqual(1);
});

test('refresh tokens rotate; presenting a used one ends the whole session', async () => {
  const member = await t.factories.member();
  const signIn = await t.run<{ signIn: { refreshToken: string } }>(SIGN_IN, { email: await emailOf(member.id), password: TEST_PASSWORD });
  const first = signIn.data!.signIn.refreshToken;
  const rotated = await t.run<{ refreshSession: { refreshToken: string } }>(REFRESH, { token: first });
  const second = rotated.data!.refreshSession.refreshToken;
  expect(second).not.toBe(first);
  const replay = await t.run(REFRESH, { token: first });
  expect(replay.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  // The thief replayed the old token, so the owner's newer one is revoked too.
  expect((await t.run(REFRESH, { token: second })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('signing out revokes the refresh token', async () => {
  const member = await t.factories.member();
  const session = await t.run<{ signIn: { refreshToken: string } }>(SIGN_IN, { email: await emailOf(member.id), password: TEST_PASSWORD });
  const token = session.data!.signIn.refreshToken;
  expect((await t.run(`mutation ($token: String!) { signOut(input: { refreshToken: $token }) { ok } }`, { token })).errors).toBeUndefined();
  expect((await t.run(REFRESH, { token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('changing the password ends other sessions and sends a notice', async () => {
  const member = await t.factories.member();
  const email = await emailOf(member.id);
  const session = await t.run<{ signIn: { refreshToken: string } }>(SIGN_IN, { email, password: TEST_PASSWORD });
  const change = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { ok } }`;
  const wrong = await t.run(change, { input: { currentPassword: 'nope nope nope', newPassword: 'a brand new password' } }, t.factories.viewer(member));
  expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.currentPassword' });
  expect((await t.run(change, { input: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' } }, t.factories.viewer(member))).errors).toBeUndefined();
  expect((await t.run(REFRESH, { token: session.data!.signIn.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await t.run(SIGN_IN, { email, password: 'a brand new password' })).errors).toBeUndefined();
  const jobs = await t.running.runtime.jobs.find<{ template: string; to: string }>('membership.send-email');
  expect(jobs.some((job) => job.data.template === 'passwordChanged' && job.data.to === email)).toBe(true);
});

test('a password reset works once, ends sessions and says nothing about unknown addresses', async () => {
  const member = await t.factories.member();
  const email = await emailOf(member.id);
  const request = `mutation ($email: String!) { requestPasswordReset(input: { email: $email }) { ok } }`;
  expect((await t.run(request, { email: 'nobody-here@example.org' })).data).toEqual({ requestPasswordReset: { ok: true } });
  expect((await t.run(request, { email })).data).toEqual({ requestPasswordReset: { ok: true } });
  const token = tokenOf(await linkFor('passwordReset', email));
  const reset = `mutation ($token: String!, $password: String!) { resetPassword(input: { token: $token, newPassword: $password }) { ok } }`;
  expect((await t.run(reset, { token, password: 'short' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.newPassword' });
  expect((await t.run(reset, { token, password: 'reset to this one' })).errors).toBeUndefined();
  expect((await t.run(reset, { token, password: 'and again please' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.token' });
  expect((await t.run(SIGN_IN, { email, password: 'reset to this one' })).errors).toBeUndefined();
});

describe('API tokens', () => {
  const CREATE = `mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id prefix scopes expiresAt } } }`;

  test('are shown once, resolve to their member and scopes, and stop working when revoked', async () => {
    const member = await t.factories.member();
    const created = await t.run<{ createApiToken: { token: string; apiToken: { id: string; prefix: string; scopes: string[]; expiresAt: string } } }>(
      CREATE,
      { input: { name: 'Quarterly report', scopes: ['REPORTS'], expiresInDays: 30 } },
      t.factories.viewer(member),
    );
    const { token, apiToken } = created.data!.createApiToken;
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    expect(apiToken.scopes.sort()).toEqual(['READ', 'REPORTS']);
    expect(await t.factories.domain.apiTokens.resolve(token)).toEqual({ memberId: member.id, scopes: ['read', 'reports'] });
    const listed = await t.run<{ me: { apiTokens: Record<string, unknown>[] } }>(`{ me { apiTokens { id name prefix } } }`, {}, t.factories.viewer(member));
    expect(JSON.stringify(listed.data)).not.toContain(token);
    await t.run(`mutation ($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } } }`, { id: apiToken.id }, t.factories.viewer(member));
    expect(await t.factories.domain.apiTokens.resolve(token)).toBeNull();
  });

  test("cannot be revoked by someone else, nor mint further tokens", async () => {
    const owner = await t.factories.member();
    const { apiToken } = await t.factories.domain.apiTokens.create(t.factories.viewer(owner), { name: 'mine', scopes: ['READ', 'WRITE'] });
    const other = await t.run(`mutation ($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { id } } }`, { id: apiToken.id }, t.factories.viewer(await t.factories.member()));
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const viaToken = await t.run(CREATE, { input: { name: 'escalate', scopes: ['WRITE'] } }, { memberId: owner.id, scopes: ['read', 'write'], source: 'api_token' });
    expect(viaToken.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
  });

  test('a read-only token cannot run mutations', async () => {
    const member = await t.factories.member();
    const result = await t.run(`mutation { updateProfile(input: { bio: "hi" }) { member { id } } }`, {}, { memberId: member.id, scopes: ['read'], source: 'api_token' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
  });

  test('are capped at 20 active per member', async () => {
    const member = await t.factories.member();
    for (let i = 0; i < 20; i += 1) await t.factories.domain.apiTokens.create(t.factories.viewer(member), { name: `t${i}`, scopes: ['READ'] });
    const result = await t.run(CREATE, { input: { name: 'one too many', scopes: ['READ'] } }, t.factories.viewer(member));
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
  });

  test('anonymous viewers cannot create them', async () => {
    expect((await t.run(CREATE, { input: { name: 'x', scopes: ['READ'] } }, ANONYMOUS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
