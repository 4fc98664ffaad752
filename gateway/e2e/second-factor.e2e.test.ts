import { Secret, TOTP } from 'otpauth';
import { parseSetCookie } from 'cookie';
import { request } from 'undici';
import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { startStack, type Stack } from './harness';

/** Two-factor sign-in through the gateway, as the admin app and a script meet it. */
let stack: Stack;
let factories: MembershipFactories;

beforeAll(async () => {
  stack = await startStack({ serviceEnv: { AUTH_SIGN_IN_FAILURES_ALLOWED: '3' } });
  factories = new MembershipFactories(stack.services.membership as RunningMembership);
});
afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  body: { accessToken?: string; errors?: { extensions: Record<string, unknown> }[] } | undefined;
  refreshToken?: string;
}

/** The admin app's session routes (ADR 9). */
async function auth(path: string, body?: Record<string, unknown>, refreshToken?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'x-praxis-csrf': '1' };
  if (body) headers['content-type'] = 'application/json';
  if (refreshToken) headers.cookie = `praxis_refresh=${refreshToken}`;
  const response = await request(`${stack.gatewayUrl}${path}`, { method: 'POST', headers, body: body ? JSON.stringify(body) : undefined });
  const text = await response.body.text();
  const setCookie = response.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((value) => parseSetCookie(value)).find((entry) => entry.name === 'praxis_refresh');
  return { status: response.statusCode, body: text ? JSON.parse(text) : undefined, refreshToken: cookie?.value };
}

/** A code of the authenticator app, `steps` 30-second steps from now (one ahead is still accepted). */
const codeAt = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });
const reasonOf = (answer: Answer) => answer.body?.errors?.[0]?.extensions;

async function signedIn(memberId: string): Promise<{ email: string; token: string; refreshToken: string }> {
  const email = (await factories.domain.read.accounts([memberId]))[0]!.email;
  const answer = await auth('/auth/session', { email, password: TEST_PASSWORD });
  expect(answer.status).toBe(200);
  return { email, token: answer.body!.accessToken!, refreshToken: answer.refreshToken! };
}

/** Enrols and confirms through the graph; the code used for confirming is spent. */
async function enrol(token: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const enrolled = await stack.graphql<{ enrolSecondFactor: { secret: string } }>(`mutation { enrolSecondFactor { secret otpauthUri qrCodeSvg } }`, {}, { token });
  expect(enrolled.errors).toBeUndefined();
  const secret = enrolled.data!.enrolSecondFactor.secret;
  const confirmed = await stack.graphql<{ confirmSecondFactor: { recoveryCodes: string[] } }>(
    `mutation ($code: String!) { confirmSecondFactor(input: { code: $code }) { recoveryCodes } }`,
    { code: codeAt(secret) },
    { token },
  );
  expect(confirmed.errors).toBeUndefined();
  return { secret, recoveryCodes: confirmed.data!.confirmSecondFactor.recoveryCodes };
}

test('enrol, sign out, sign in with a code, then with a recovery code, which then stops working', async () => {
  const member = await factories.member();
  const { email, token, refreshToken } = await signedIn(member.id);
  const { secret, recoveryCodes } = await enrol(token);
  expect((await auth('/auth/sign-out', undefined, refreshToken)).status).toBe(204);

  const withoutCode = await auth('/auth/session', { email, password: TEST_PASSWORD });
  expect([withoutCode.status, reasonOf(withoutCode)]).toEqual([401, { code: 'UNAUTHENTICATED', reason: 'SECOND_FACTOR_REQUIRED' }]);
  // The step after the one confirming used: a code of the same step would be a replay.
  const withCode = await auth('/auth/session', { email, password: TEST_PASSWORD, secondFactorCode: codeAt(secret, 1) });
  expect(withCode.status).toBe(200);
  const me = await stack.graphql<{ me: { member: { id: string }; secondFactor: { enabled: boolean; recoveryCodesLeft: number } } }>(
    `{ me { member { id } secondFactor { enabled recoveryCodesLeft } } }`,
    {},
    { token: withCode.body!.accessToken! },
  );
  expect(me.data?.me).toEqual({ member: { id: member.id }, secondFactor: { enabled: true, recoveryCodesLeft: 10 } });

  const withRecovery = await auth('/auth/session', { email, password: TEST_PASSWORD, recoveryCode: recoveryCodes[0] });
  expect(withRecovery.status).toBe(200);
  const again = await auth('/auth/session', { email, password: TEST_PASSWORD, recoveryCode: recoveryCodes[0] });
  expect([again.status, reasonOf(again)]).toEqual([401, { code: 'UNAUTHENTICATED' }]);
});

test('a wrong code is rate limited', async () => {
  const member = await factories.member();
  const { email, token } = await signedIn(member.id);
  const { secret } = await enrol(token);
  const near = new Set([-1, 0, 1, 2].map((steps) => codeAt(secret, steps)));
  const wrong = ['000000', '111111', '222222', '333333', '444444', '555555', '666666'].filter((code) => !near.has(code));
  const statuses: number[] = [];
  for (const code of wrong.slice(0, 4)) statuses.push((await auth('/auth/session', { email, password: TEST_PASSWORD, secondFactorCode: code })).status);
  expect(statuses).toEqual([401, 401, 401, 429]);
  // The right code waits as well, until the wait is over.
  const right = await auth('/auth/session', { email, password: TEST_PASSWORD, secondFactorCode: codeAt(secret, 1) });
  expect([right.status, reasonOf(right)?.code]).toEqual([429, 'RATE_LIMITED']);
});

test("a network that requires two factors blocks an unenrolled admin's privileged queries with SECOND_FACTOR_REQUIRED until they enrol", async () => {
  const community = await factories.community();
  const { network } = community;
  const { token } = await signedIn(network.admin.id);
  const required = await stack.graphql(
    `mutation ($id: ID!) { setNetworkSecondFactorRequirement(input: { networkId: $id, requireSecondFactorForStaff: true }) { network { requireSecondFactorForStaff } } }`,
    { id: network.id },
    { token },
  );
  expect(required.data).toEqual({ setNetworkSecondFactorRequirement: { network: { requireSecondFactorForStaff: true } } });

  // Membership's own staff read, and another subgraph's, both ask membership's one rule.
  const privileged = `query ($network: ID!, $community: ID!) {
    network(id: $network) { roleGrants { nodes { role } } }
    community(id: $community) { discussionModerationQueue(first: 1) { pageInfo { hasNextPage } } }
  }`;
  const blocked = await stack.graphql(privileged, { network: network.id, community: community.id }, { token });
  expect(blocked.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([
    ['network.roleGrants', 'SECOND_FACTOR_REQUIRED'],
    ['community.discussionModerationQueue', 'SECOND_FACTOR_REQUIRED'],
  ]);
  const me = await stack.graphql<{ me: { secondFactor: { enabled: boolean; required: boolean } } }>(`{ me { secondFactor { enabled required } } }`, {}, { token });
  expect(me.data?.me.secondFactor).toEqual({ enabled: false, required: true });

  await enrol(token);
  const allowed = await stack.graphql(privileged, { network: network.id, community: community.id }, { token });
  expect(allowed.errors).toBeUndefined();
});
