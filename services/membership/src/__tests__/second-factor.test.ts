import { Secret, TOTP } from 'otpauth';
import { Access, DEVELOPMENT_INTERNAL_SECRET, HttpAccessSource, InternalAuth, TestClock, memberViewer } from '@praxis/platform';
import { rules, startSubgraphTest, viewerMatrix, VIEWER_KINDS, type Result, type SubgraphTest, type ViewerKind } from '@praxis/platform/testing';
import { newCast, membership, TEST_PASSWORD, type Cast } from '../testing';

/** Two-factor sign-in in-process: enrolment, codes, replay, recovery codes, the network rule and the admin reset. */
const clock = new TestClock('2026-12-04T10:00:05Z');
let t: SubgraphTest<typeof membership>;
let people: Cast;
beforeAll(async () => {
  t = await startSubgraphTest(membership, { clock, env: { AUTH_SIGN_IN_FAILURES_ALLOWED: '3' } });
  people = await newCast(t.factories);
});
afterAll(() => t?.stop());

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }`;
const ENROL = `mutation { enrolSecondFactor { secret otpauthUri qrCodeSvg } }`;
const CONFIRM = `mutation ($code: String!) { confirmSecondFactor(input: { code: $code }) { recoveryCodes secondFactor { enabled recoveryCodesLeft } } }`;
const REGENERATE = `mutation ($code: String!) { regenerateRecoveryCodes(input: { code: $code }) { recoveryCodes } }`;
const DISABLE = `mutation ($code: String!) { disableSecondFactor(input: { code: $code }) { secondFactor { enabled } } }`;
const STATUS = `{ me { secondFactor { enabled confirmedAt recoveryCodesLeft required } } }`;
const RESET = `mutation ($id: ID!) { resetSecondFactor(input: { memberId: $id }) { ok } }`;
const REQUIRE = `mutation ($id: ID!, $on: Boolean!) { setNetworkSecondFactorRequirement(input: { networkId: $id, requireSecondFactorForStaff: $on }) { network { requireSecondFactorForStaff } } }`;

const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: clock.now().getTime() + offsetSteps * 30_000 });

const ok = <T>(result: Result<T>): T => {
  expect(result.errors).toBeUndefined();
  return result.data!;
};

async function emailOf(memberId: string): Promise<string> {
  return (await t.factories.domain.read.accounts([memberId]))[0]!.email;
}

/** A member with two-factor sign-in on; the clock moves on a step, so their next code is fresh. */
async function enrolled(member?: { id: string }): Promise<{ id: string; email: string; secret: string; recoveryCodes: string[] }> {
  const who = member ?? (await t.factories.member());
  const { enrolSecondFactor } = ok(await t.run<{ enrolSecondFactor: { secret: string } }>(ENROL, {}, who));
  const { confirmSecondFactor } = ok(await t.run<{ confirmSecondFactor: { recoveryCodes: string[] } }>(CONFIRM, { code: codeAt(enrolSecondFactor.secret) }, who));
  clock.advance({ seconds: 30 });
  return { id: who.id, email: await emailOf(who.id), secret: enrolSecondFactor.secret, recoveryCodes: confirmSecondFactor.recoveryCodes };
}

const signIn = (input: Record<string, unknown>, clientAddress?: string) =>
  t.run(SIGN_IN, { input }, clientAddress ? { memberId: null, scopes: ['read'], source: 'anonymous', clientAddress } : null);
const extensions = (result: Result) => result.errors?.[0]?.extensions;

test('enrolment gives a secret, an otpauth URI and a QR code, and counts only once a first code confirms it', async () => {
  const member = await t.factories.member();
  const { enrolSecondFactor } = ok(await t.run<{ enrolSecondFactor: { secret: string; otpauthUri: string; qrCodeSvg: string } }>(ENROL, {}, member));
  expect(enrolSecondFactor.secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(enrolSecondFactor.otpauthUri).toContain(`secret=${enrolSecondFactor.secret}`);
  expect(enrolSecondFactor.qrCodeSvg).toMatch(/^<svg/);
  expect(ok(await t.run(STATUS, {}, member))).toEqual({ me: { secondFactor: { enabled: false, confirmedAt: null, recoveryCodesLeft: 0, required: false } } });
  // Not in force yet: the password alone still signs in.
  ok(await signIn({ email: await emailOf(member.id), password: TEST_PASSWORD }));

  expect(extensions(await t.run(CONFIRM, { code: '000000' === codeAt(enrolSecondFactor.secret) ? '111111' : '000000' }, member))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
  const confirmed = ok(await t.run<{ confirmSecondFactor: { recoveryCodes: string[]; secondFactor: unknown } }>(CONFIRM, { code: codeAt(enrolSecondFactor.secret) }, member));
  expect(confirmed.confirmSecondFactor.recoveryCodes).toHaveLength(10);
  expect(new Set(confirmed.confirmSecondFactor.recoveryCodes).size).toBe(10);
  expect(confirmed.confirmSecondFactor.secondFactor).toEqual({ enabled: true, recoveryCodesLeft: 10 });
  // Stored hashed: no code appears in the table.
  const stored: { code_hash: Buffer }[] = await t.running.runtime.db.query('SELECT code_hash FROM second_factor_recovery_codes WHERE member_id = $1', [member.id]);
  expect(stored).toHaveLength(10);
  expect(stored.map((row) => row.code_hash.toString('utf8'))).not.toContain(confirmed.confirmSecondFactor.recoveryCodes[0]);
  expect(extensions(await t.run(ENROL, {}, member))).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
});

test('a missing code is answered alike whether or not the password was right; a wrong password or code alike too', async () => {
  const person = await enrolled();
  // From two addresses, so that the throttle, which counts every one of these, stays out of it.
  const missingRight = await signIn({ email: person.email, password: TEST_PASSWORD }, '192.0.2.1');
  const missingWrong = await signIn({ email: person.email, password: 'not the password at all' }, '192.0.2.1');
  expect(extensions(missingRight)).toEqual({ code: 'UNAUTHENTICATED', reason: 'SECOND_FACTOR_REQUIRED' });
  expect(missingWrong.errors).toEqual(missingRight.errors);

  const wrongPassword = await signIn({ email: person.email, password: 'not the password at all', secondFactorCode: codeAt(person.secret) }, '192.0.2.2');
  const wrongCode = await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: codeAt(person.secret, 5) }, '192.0.2.2');
  expect(extensions(wrongPassword)).toEqual({ code: 'UNAUTHENTICATED' });
  expect(wrongCode.errors).toEqual(wrongPassword.errors);
  // Each of those counted as a failure, whichever factor was wrong: the third from one address waits.
  expect(extensions(await signIn({ email: person.email, password: TEST_PASSWORD }, '192.0.2.1'))).toEqual({ code: 'UNAUTHENTICATED', reason: 'SECOND_FACTOR_REQUIRED' });
  expect(extensions(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: codeAt(person.secret) }, '192.0.2.1'))?.code).toBe('RATE_LIMITED');
  ok(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: codeAt(person.secret) }, '192.0.2.3'));
});

test('a code works once: the same code, or one of an earlier step, is a replay; the next step works', async () => {
  const person = await enrolled();
  const code = codeAt(person.secret);
  ok(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: code }));
  expect(extensions(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: code }))).toEqual({ code: 'UNAUTHENTICATED' });
  clock.advance({ seconds: 30 });
  // The previous step is still inside the window, but it is not after the step used.
  expect(extensions(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: code }))).toEqual({ code: 'UNAUTHENTICATED' });
  ok(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: codeAt(person.secret) }));
  // A code from far outside the window never works.
  clock.advance({ seconds: 30 });
  expect(extensions(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: codeAt(person.secret, -4) }))).toEqual({ code: 'UNAUTHENTICATED' });
});

test('a recovery code signs in once; new codes replace the old; turning it off needs a fresh code', async () => {
  const person = await enrolled();
  const [first, second] = person.recoveryCodes as [string, string];
  ok(await signIn({ email: person.email, password: TEST_PASSWORD, recoveryCode: first.toUpperCase() }));
  expect(extensions(await signIn({ email: person.email, password: TEST_PASSWORD, recoveryCode: first }))).toEqual({ code: 'UNAUTHENTICATED' });
  expect(ok(await t.run<{ me: { secondFactor: { recoveryCodesLeft: number } } }>(STATUS, {}, person)).me.secondFactor.recoveryCodesLeft).toBe(9);

  const fresh = ok(await t.run<{ regenerateRecoveryCodes: { recoveryCodes: string[] } }>(REGENERATE, { code: codeAt(person.secret) }, person)).regenerateRecoveryCodes.recoveryCodes;
  expect(fresh).toHaveLength(10);
  expect(extensions(await signIn({ email: person.email, password: TEST_PASSWORD, recoveryCode: second }))).toEqual({ code: 'UNAUTHENTICATED' });

  // The code just used for the new recovery codes is spent: disabling needs another.
  expect(extensions(await t.run(DISABLE, { code: codeAt(person.secret) }, person))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
  clock.advance({ seconds: 30 });
  expect(ok(await t.run(DISABLE, { code: codeAt(person.secret) }, person))).toEqual({ disableSecondFactor: { secondFactor: { enabled: false } } });
  ok(await signIn({ email: person.email, password: TEST_PASSWORD }));
});

test('wrong codes are throttled like failed sign-ins', async () => {
  const person = await enrolled();
  const codes = new Set([codeAt(person.secret, -1), codeAt(person.secret), codeAt(person.secret, 1)]);
  const wrong = ['000000', '111111', '222222', '333333', '444444'].filter((code) => !codes.has(code));
  const answers: string[] = [];
  for (const code of wrong.slice(0, 4)) answers.push(String(extensions(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: code }))?.code));
  expect(answers.slice(0, 3)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
  expect(answers[3]).toBe('RATE_LIMITED');
  // The right code waits too.
  expect(extensions(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: codeAt(person.secret) }))?.code).toBe('RATE_LIMITED');
  clock.advance({ minutes: 16 });
  ok(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: codeAt(person.secret) }));
});

describe('a network that requires two factors of its staff', () => {
  let cast: Cast;
  const roleGrants = `query ($id: ID!) { network(id: $id) { roleGrants { nodes { role } } } }`;
  const joinRequests = `query ($id: ID!) { community(id: $id) { joinRequests { totalCount } } }`;
  const directory = `query ($id: ID!) { community(id: $id) { members(first: 5) { totalCount } } }`;

  beforeAll(async () => {
    cast = await newCast(t.factories);
    ok(await t.run(REQUIRE, { id: cast.community.network.id, on: true }, cast.admin));
  });

  test('refuses an unenrolled admin or coordinator staff operations with SECOND_FACTOR_REQUIRED, not member ones, until they enrol', async () => {
    expect(extensions(await t.run(roleGrants, { id: cast.community.network.id }, cast.admin))?.code).toBe('SECOND_FACTOR_REQUIRED');
    expect(extensions(await t.run(joinRequests, { id: cast.community.id }, cast.coordinator))?.code).toBe('SECOND_FACTOR_REQUIRED');
    expect(extensions(await t.run(REQUIRE, { id: cast.community.network.id, on: false }, cast.admin))?.code).toBe('SECOND_FACTOR_REQUIRED');
    // A plain member's reads still work, and a plain member is not asked to enrol.
    ok(await t.run(directory, { id: cast.community.id }, cast.coordinator));
    expect(extensions(await t.run(joinRequests, { id: cast.community.id }, cast.member))?.code).toBe('FORBIDDEN');
    expect(ok(await t.run<{ me: { secondFactor: { required: boolean } } }>(STATUS, {}, cast.coordinator)).me.secondFactor.required).toBe(true);
    expect(ok(await t.run<{ me: { secondFactor: { required: boolean } } }>(STATUS, {}, cast.member)).me.secondFactor.required).toBe(false);
    // An organisation's own provider brings its second factor.
    ok(await t.run(roleGrants, { id: cast.community.network.id }, memberViewer(cast.admin.id, 'oidc')));
    // Members' email addresses are a staff read too.
    const email = `query ($id: ID!) { member(id: $id) { email } }`;
    expect(ok(await t.run(email, { id: cast.member.id }, cast.coordinator))).toEqual({ member: { email: null } });

    await enrolled(cast.admin);
    await enrolled(cast.coordinator);
    ok(await t.run(roleGrants, { id: cast.community.network.id }, cast.admin));
    ok(await t.run(joinRequests, { id: cast.community.id }, cast.coordinator));
    expect(ok(await t.run<{ member: { email: string | null } }>(email, { id: cast.member.id }, cast.coordinator)).member.email).toBe(await emailOf(cast.member.id));
  });
});

test('other subgraphs get the same answers over HTTP, an OpenID Connect viewer included', async () => {
  const cast = await newCast(t.factories);
  ok(await t.run(REQUIRE, { id: cast.community.network.id, on: true }, cast.admin));
  const source = new HttpAccessSource(t.running.url, new InternalAuth(DEVELOPMENT_INTERNAL_SECRET), 'discussion');
  try {
    const asSession = new Access(source, memberViewer(cast.coordinator.id));
    expect(await asSession.community(cast.community.id)).toMatchObject({ role: 'COORDINATOR', canRead: true, canModerate: false, canCoordinate: false, secondFactorRequired: true });
    await expect(asSession.requireCoordinate(cast.community.id)).rejects.toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' });
    await expect(new Access(source, memberViewer(cast.admin.id)).requireNetworkAdmin(cast.community.network.id)).rejects.toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' });
    expect(await new Access(source, memberViewer(cast.coordinator.id, 'oidc')).community(cast.community.id)).toMatchObject({ canCoordinate: true });
    expect(await new Access(source, memberViewer(cast.admin.id, 'oidc')).network(cast.community.network.id)).toMatchObject({ isAdmin: true });
  } finally {
    await source.close();
  }
});

test("an admin's reset clears the second factor, ends the member's sessions and is audited", async () => {
  const cast = await newCast(t.factories);
  const person = await enrolled(await t.factories.memberOf(cast.community));
  const session = ok(await signIn({ email: person.email, password: TEST_PASSWORD, secondFactorCode: codeAt(person.secret) })) as { signIn: { accessToken: string } };
  expect(session.signIn.accessToken).toBeTruthy();
  ok(await t.run(RESET, { id: person.id }, cast.admin));
  const live: unknown[] = await t.running.runtime.db.query('SELECT 1 FROM refresh_tokens WHERE member_id = $1 AND revoked_at IS NULL', [person.id]);
  expect(live).toHaveLength(0);
  const audited: Record<string, unknown>[] = await t.running.runtime.db.query(`SELECT actor_id, network_id FROM audit_records WHERE action = 'SECOND_FACTOR_RESET' AND subject_id = $1`, [person.id]);
  expect(audited).toEqual([{ actor_id: cast.admin.id, network_id: cast.community.network.id }]);
  ok(await signIn({ email: person.email, password: TEST_PASSWORD }));
});

describe('who may', () => {
  const signedIn = (outcome: string) => ({ ...Object.fromEntries(VIEWER_KINDS.map((kind) => [kind, outcome])), anonymous: 'UNAUTHENTICATED' });

  describe('read their own second factor', () => {
    viewerMatrix({ ...signedIn('OK'), anonymous: 'NONE' }, (kind) => t.run(STATUS, {}, people[kind]), (data) => (data.me ? 'OK' : 'NONE'));
  });
  describe('enrol', () => {
    viewerMatrix(signedIn('OK'), async (kind) => {
      const fresh = kind === 'anonymous' ? null : await t.factories.member();
      return t.run(ENROL, {}, fresh);
    });
  });
  describe('confirm, regenerate recovery codes and turn off, each with their own code', () => {
    viewerMatrix(signedIn('OK'), async (kind: ViewerKind) => {
      if (kind === 'anonymous') return t.run(CONFIRM, { code: '123456' }, null);
      const person = await enrolled();
      const regenerated = await t.run(REGENERATE, { code: codeAt(person.secret) }, person);
      if (regenerated.errors) return regenerated;
      clock.advance({ seconds: 30 });
      return t.run(DISABLE, { code: codeAt(person.secret) }, person);
    });
  });
  describe("reset a member's second factor", () => {
    viewerMatrix({ ...rules.admins }, async (kind) => {
      const target = await enrolled(await t.factories.memberOf(people.community));
      return t.run(RESET, { id: target.id }, people[kind]);
    });
  });
  describe('set the network rule', () => {
    viewerMatrix({ ...rules.admins }, (kind) => t.run(REQUIRE, { id: people.community.network.id, on: false }, people[kind]));
  });
});

test('the data export says whether two-factor sign-in is on, without its secret; deleting the account erases it', async () => {
  const person = await enrolled();
  const exported = ok(await t.run<{ me: { dataExport: Record<string, unknown> } }>(`{ me { dataExport } }`, {}, person)).me.dataExport;
  expect(exported.secondFactor).toMatchObject({ confirmedAt: expect.anything(), recoveryCodesLeft: 10 });
  expect(JSON.stringify(exported)).not.toContain(person.secret);
  await t.factories.domain.erasure.deleteAccount(memberViewer(person.id), TEST_PASSWORD);
  const left: unknown[] = await t.running.runtime.db.query('SELECT 1 FROM second_factors WHERE member_id = $1', [person.id]);
  expect(left).toHaveLength(0);
});

test('a reset of an unknown or malformed member is NOT_FOUND; an API token may not change the second factor', async () => {
  expect(extensions(await t.run(RESET, { id: 'nope' }, people.admin))?.code).toBe('NOT_FOUND');
  expect(extensions(await t.run(RESET, { id: '00000000-0000-4000-8000-000000000000' }, people.admin))?.code).toBe('NOT_FOUND');
  expect(extensions(await t.run(ENROL, {}, memberViewer(people.member.id, 'api_token')))).toMatchObject({ code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
});
