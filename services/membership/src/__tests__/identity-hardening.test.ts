import { TEST_PASSWORD, membership } from '../testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';

/**
 * Issue 12: deleted accounts refused at once, sign-in throttled per address and account, and a
 * sign-up that does not tell who has an account. In-process; the gateway side is in
 * gateway/e2e/hardening-identity.e2e.test.ts.
 */
let t: SubgraphTest<typeof membership>;
beforeAll(async () => {
  t = await startSubgraphTest(membership, { env: { ERASURE_SWEEP_DELAY_SECONDS: '0', AUTH_SIGN_IN_FAILURES_ALLOWED: '5' } });
});
afterAll(() => t?.stop());

const DELETE = `mutation ($password: String!) { deleteAccount(input: { password: $password }) { ok } }`;
const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { ok member { id } } }`;
const code = (error: unknown) => (error as { code?: string }).code ?? 'OK';

async function emailOf(memberId: string): Promise<string> {
  return (await t.factories.domain.read.accounts([memberId]))[0]!.email;
}

async function signInCode(email: string, password: string, address: string): Promise<string> {
  return t.factories.domain.accounts.signIn({ email, password }, address).then(() => 'OK', code);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a deleted account', () => {
  test('is refused at once with its still-valid session, on a query and on a mutation', async () => {
    const member = await t.factories.member();
    const viewer = t.factories.viewer(member);
    expect((await t.run(DELETE, { password: TEST_PASSWORD }, viewer)).errors).toBeUndefined();
    const query = await t.run(`{ me { member { id } } }`, {}, viewer);
    expect(query.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(query.data ?? null).toBeNull();
    const mutation = await t.run(`mutation { createApiToken(input: { name: "late", scopes: [READ] }) { token } }`, {}, viewer);
    expect(mutation.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.running.runtime.db.query('SELECT 1 FROM api_tokens WHERE member_id = $1', [member.id])).toEqual([]);
  });

  test('cannot get an API token from a request that passed its checks before the deletion', async () => {
    const member = await t.factories.member();
    const viewer = t.factories.viewer(member);
    await t.factories.domain.erasure.deleteAccount(viewer, TEST_PASSWORD);
    // The domain call stands for a request already past the per-request check.
    await expect(t.factories.domain.apiTokens.create(viewer, { name: 'in flight', scopes: ['READ'] })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await t.running.runtime.db.query('SELECT 1 FROM api_tokens WHERE member_id = $1', [member.id])).toEqual([]);
  });

  test('is erased a second time once requests in flight are over, and the deletion is announced again', async () => {
    const member = await t.factories.member();
    await t.factories.domain.erasure.deleteAccount(t.factories.viewer(member), TEST_PASSWORD);
    const announced = await until(async () => {
      await t.running.runtime.drainEvents();
      const rows: unknown[] = await t.running.runtime.db.query(`SELECT 1 FROM eventlog.events WHERE type = 'membership.AccountDeleted' AND payload->>'memberId' = $1`, [member.id]);
      return rows.length === 2 ? rows : undefined;
    }, 'the second AccountDeleted');
    expect(announced).toHaveLength(2);
  });
});

describe('sign-in throttling', () => {
  test('guessing from one address does not lock the owner out from another', async () => {
    const owner = await t.factories.member();
    const email = await emailOf(owner.id);
    const attacker: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) attacker.push(await signInCode(email, 'not the password!', '203.0.113.7'));
    expect(attacker.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(attacker.slice(5)).toEqual(Array(15).fill('RATE_LIMITED'));
    // The attacker's address stays slowed down even with the right password.
    expect(await signInCode(email, TEST_PASSWORD, '203.0.113.7')).toBe('RATE_LIMITED');
    expect(await signInCode(email, TEST_PASSWORD, '198.51.100.20')).toBe('OK');
  });

  test('guessing spread over many addresses slows the account, except from where its owner signed in before', async () => {
    const owner = await t.factories.member();
    const email = await emailOf(owner.id);
    expect(await signInCode(email, TEST_PASSWORD, '198.51.100.30')).toBe('OK');
    for (let address = 1; address <= 10; address++) {
      for (let attempt = 0; attempt < 5; attempt++) await signInCode(email, 'not the password!', `203.0.113.${address}`);
    }
    expect(await signInCode(email, TEST_PASSWORD, '192.0.2.99')).toBe('RATE_LIMITED');
    expect(await signInCode(email, TEST_PASSWORD, '198.51.100.30')).toBe('OK');
  });
});

describe('sign-up', () => {
  const input = (overrides: Record<string, unknown> = {}) => ({
    email: `s-${Math.random().toString(36).slice(2)}@example.org`,
    password: 'a long enough password',
    handle: `s_${Math.random().toString(36).slice(2, 10)}`,
    displayName: 'Sam Signup',
    participantType: 'STAFF',
    ...overrides,
  });
  const mailsTo = async (to: string) =>
    (await t.running.runtime.jobs.find<{ template: string; to: string }>('membership.send-email')).filter((job) => job.data.to.toLowerCase() === to.toLowerCase()).map((job) => job.data.template);

  test('with a known address answers exactly like a new one, and the owner is emailed instead', async () => {
    const owner = await t.factories.member();
    const email = await emailOf(owner.id);
    const fresh = await t.run(SIGN_UP, { input: input() });
    const known = await t.run(SIGN_UP, { input: input({ email: email.toUpperCase() }) });
    expect(fresh).toEqual({ data: { signUp: { ok: true, member: null } } });
    expect(known).toEqual(fresh);
    expect(await until(async () => ((await mailsTo(email)).length > 0 ? mailsTo(email) : undefined), 'the owner’s email')).toEqual(['signUpAttempt']);
  });

  test('refuses a taken handle the same way whether or not the address is known', async () => {
    const owner = await t.factories.member();
    const taken = owner.handle!;
    const withKnown = await t.run(SIGN_UP, { input: input({ email: await emailOf(owner.id), handle: taken }) });
    const withNew = await t.run(SIGN_UP, { input: input({ handle: taken }) });
    expect(withKnown.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', reason: 'DUPLICATE', field: 'input.handle' });
    expect(withNew).toEqual(withKnown);
  });
});
