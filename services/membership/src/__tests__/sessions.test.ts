import { decodeJwt } from 'jose';
import { ANONYMOUS, memberViewer, type Viewer } from '@praxis/platform';
import { startSmtpCapture, startSubgraphTest, viewerMatrix, type SmtpCapture, type SubgraphTest, type ViewerKind } from '@praxis/platform/testing';
import type { MemberEntity } from '../entities';
import { deviceLabel, endSessions } from '../membership/sessions';
import { newCast, TEST_PASSWORD, membership, type Cast } from '../testing';

/** Sessions: the list with its device and current one, revoking, password changes and the new-device email, in-process. */
let t: SubgraphTest<typeof membership>;
let smtp: SmtpCapture;
let people: Cast;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startSubgraphTest(membership, { smtpUrl: smtp.url });
  people = await newCast(t.factories);
});
afterAll(async () => {
  await t?.stop();
  await smtp?.close();
});

const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`;
const REFRESH = `mutation ($token: String!) { refreshSession(input: { refreshToken: $token }) { accessToken refreshToken } }`;
const SESSIONS = `{ me { sessions { id device userAgent address createdAt lastUsedAt current } } }`;
const REVOKE = `mutation ($id: ID!) { revokeSession(input: { id: $id }) { sessionId } }`;
const REVOKE_OTHERS = `mutation { revokeOtherSessions { revokedCount } }`;

interface SessionRow {
  id: string;
  device: string;
  userAgent: string | null;
  address: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}
interface SignedIn {
  accessToken: string;
  refreshToken: string;
  /** The session the tokens belong to, from the access token's `sid`. */
  sessionId: string;
  /** The viewer the gateway would pass for a request with this access token. */
  viewer: Viewer;
}

async function emailOf(member: MemberEntity): Promise<string> {
  return (await t.factories.domain.read.accounts([member.id]))[0]!.email;
}

/** Signs in as the gateway passes a sign-in on: anonymous, with the client's address and user agent. */
async function signIn(member: MemberEntity, device: { userAgent?: string; address?: string } = {}): Promise<SignedIn> {
  const from: Viewer = { ...ANONYMOUS, ...(device.address ? { clientAddress: device.address } : {}), ...(device.userAgent ? { userAgent: device.userAgent } : {}) };
  const answer = await t.run<{ signIn: { accessToken: string; refreshToken: string } }>(SIGN_IN, { input: { email: await emailOf(member), password: TEST_PASSWORD } }, from);
  if (!answer.data) throw new Error(JSON.stringify(answer.errors));
  const sessionId = decodeJwt(answer.data.signIn.accessToken).sid as string;
  return { ...answer.data.signIn, sessionId, viewer: { ...memberViewer(member.id), sessionId } };
}

async function sessionsOf(viewer: Viewer): Promise<SessionRow[]> {
  const answer = await t.run<{ me: { sessions: SessionRow[] } }>(SESSIONS, {}, viewer);
  expect(answer.errors).toBeUndefined();
  return answer.data!.me.sessions;
}

const refreshCode = async (token: string) => (await t.run(REFRESH, { token })).errors?.[0]?.extensions?.code ?? 'OK';

test('me.sessions lists each sign-in with its device and address, last used first, and marks the current one', async () => {
  const member = await t.factories.member();
  const laptop = await signIn(member, { userAgent: CHROME_MAC, address: '198.51.100.7' });
  const desktop = await signIn(member, { userAgent: FIREFOX_WINDOWS, address: '203.0.113.9' });
  // A refresh is a use: the laptop's session moves to the top, and keeps its id.
  const rotated = await t.run<{ refreshSession: { accessToken: string } }>(REFRESH, { token: laptop.refreshToken });
  expect(decodeJwt(rotated.data!.refreshSession.accessToken).sid).toBe(laptop.sessionId);

  const sessions = await sessionsOf(desktop.viewer);
  expect(sessions.map((session) => [session.id, session.device, session.address, session.userAgent, session.current])).toEqual([
    [laptop.sessionId, 'Chrome on macOS', '198.51.100.7', CHROME_MAC, false],
    [desktop.sessionId, 'Firefox on Windows', '203.0.113.9', FIREFOX_WINDOWS, true],
  ]);
  expect(Date.parse(sessions[0]!.lastUsedAt)).toBeGreaterThan(Date.parse(sessions[0]!.createdAt));
  expect((await sessionsOf(laptop.viewer)).find((session) => session.current)?.id).toBe(laptop.sessionId);
  // Another member sees only their own.
  expect(await sessionsOf(t.factories.viewer(await t.factories.member()))).toEqual([]);
});

test('revoking a session makes its refresh token fail at once and takes it off the list; the others stay', async () => {
  const member = await t.factories.member();
  const phone = await signIn(member, { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1' });
  const laptop = await signIn(member, { userAgent: CHROME_MAC });
  const revoked = await t.run<{ revokeSession: { sessionId: string } }>(REVOKE, { id: phone.sessionId }, laptop.viewer);
  expect(revoked.errors).toBeUndefined();
  expect(revoked.data!.revokeSession.sessionId).toBe(phone.sessionId);
  expect(await refreshCode(phone.refreshToken)).toBe('UNAUTHENTICATED');
  expect((await sessionsOf(laptop.viewer)).map((session) => session.id)).toEqual([laptop.sessionId]);
  // Ended already, someone else's, unknown or malformed: all look alike (ADR 8).
  const stranger = await signIn(await t.factories.member());
  for (const id of [phone.sessionId, stranger.sessionId, '00000000-0000-4000-8000-000000000000', 'not-a-session']) {
    expect([id, (await t.run(REVOKE, { id }, laptop.viewer)).errors?.[0]?.extensions?.code]).toEqual([id, 'NOT_FOUND']);
  }
  expect(await refreshCode(stranger.refreshToken)).toBe('OK');
  expect(await refreshCode(laptop.refreshToken)).toBe('OK');
});

test('revokeOtherSessions ends every session but the current one and says how many', async () => {
  const member = await t.factories.member();
  const [first, second, current] = [await signIn(member), await signIn(member), await signIn(member)];
  const answer = await t.run<{ revokeOtherSessions: { revokedCount: number } }>(REVOKE_OTHERS, {}, current.viewer);
  expect(answer.data?.revokeOtherSessions.revokedCount).toBe(2);
  expect([await refreshCode(first.refreshToken), await refreshCode(second.refreshToken), await refreshCode(current.refreshToken)]).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'OK']);
  expect((await t.run<{ revokeOtherSessions: { revokedCount: number } }>(REVOKE_OTHERS, {}, current.viewer)).data?.revokeOtherSessions.revokedCount).toBe(0);
});

test('a password change ends the other sessions, not the one that changed it', async () => {
  const member = await t.factories.member();
  const other = await signIn(member);
  const current = await signIn(member);
  const change = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { ok } }`;
  expect((await t.run(change, { input: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' } }, current.viewer)).errors).toBeUndefined();
  expect(await refreshCode(other.refreshToken)).toBe('UNAUTHENTICATED');
  expect(await refreshCode(current.refreshToken)).toBe('OK');
});

test('endSessions ends all of a member\'s sessions, or all but one, and counts the active ones', async () => {
  const member = await t.factories.member();
  const [kept, ended] = [await signIn(member), await signIn(member)];
  await t.run(REFRESH, { token: ended.refreshToken }); // a used token in the family is not a second session
  const count = await t.running.runtime.transaction((manager) => endSessions(manager, member.id, { except: kept.sessionId }));
  expect(count).toBe(1);
  expect(await refreshCode(kept.refreshToken)).toBe('OK');
  expect(await t.running.runtime.transaction((manager) => endSessions(manager, member.id))).toBe(1);
  expect(await sessionsOf(kept.viewer)).toEqual([]);
});

test('a sign-in from a new device emails the owner; the first sign-in and a known device do not', async () => {
  const member = await t.factories.member();
  const email = await emailOf(member);
  const queued = async () => (await t.running.runtime.jobs.find<{ template: string; to: string }>('membership.send-email')).filter((job) => job.data.template === 'newDeviceSignIn' && job.data.to === email).length;
  await signIn(member, { userAgent: CHROME_MAC, address: '198.51.100.20' });
  await signIn(member, { userAgent: CHROME_MAC, address: '198.51.100.20' });
  expect(await queued()).toBe(0);
  await signIn(member, { userAgent: FIREFOX_WINDOWS, address: '198.51.100.20' });
  expect(await queued()).toBe(1);
  const mail = await smtp.waitFor((candidate) => candidate.to.includes(email) && candidate.subject === 'New sign-in to your Praxis account');
  expect(mail.text).toContain('Device: Firefox on Windows');
  expect(mail.text).toContain('Address: 198.51.100.20');
  expect(mail.text).toMatch(/When: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  expect(mail.text).toContain('Not you? Change your password');
  expect(mail.text).toContain('http://app.test/reset-password');
  // The same browser from another address is another device too; a device seen before is not.
  await signIn(member, { userAgent: CHROME_MAC, address: '192.0.2.44' });
  await signIn(member, { userAgent: FIREFOX_WINDOWS, address: '198.51.100.20' });
  expect(await queued()).toBe(2);
  await smtp.waitFor((candidate) => candidate.to.includes(email) && candidate.text.includes('Address: 192.0.2.44'));
});

test("the data export lists the member's sessions with device and address, and deleting the account erases them", async () => {
  const member = await t.factories.member();
  const session = await signIn(member, { userAgent: CHROME_MAC, address: '198.51.100.90' });
  const exported = await t.run<{ me: { dataExport: { sessions: unknown[] } } }>(`{ me { dataExport } }`, {}, session.viewer);
  expect(exported.data?.me.dataExport.sessions).toEqual([expect.objectContaining({ userAgent: CHROME_MAC, address: '198.51.100.90', active: true })]);
  expect((await t.run(`mutation ($password: String!) { deleteAccount(input: { password: $password }) { ok } }`, { password: TEST_PASSWORD }, session.viewer)).errors).toBeUndefined();
  expect(await t.running.runtime.db.query('SELECT user_agent, address FROM sessions WHERE member_id = $1', [member.id])).toEqual([]);
});

test('the device label names common browsers and systems, and anything else by its product', () => {
  expect(deviceLabel(CHROME_MAC)).toBe('Chrome on macOS');
  expect(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
  expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toBe('Edge on Windows');
  expect(deviceLabel('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36')).toBe('Chrome on Android');
  expect(deviceLabel('curl/8.5.0')).toBe('curl/8.5.0');
  expect(deviceLabel(null)).toBe('Unknown device');
});

describe('who may', () => {
  /** Each kind of viewer with a session of their own, so "someone else's" is real. */
  const sessionOf = async (kind: ViewerKind): Promise<Viewer | null> => (kind === 'anonymous' ? null : (await signIn(people[kind])).viewer);

  describe('read me.sessions: every signed-in viewer, their own', () => {
    viewerMatrix(
      { anonymous: 'NONE', nonMember: 'OK', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK', analyst: 'OK', banned: 'OK' },
      async (kind) => t.run(SESSIONS, {}, await sessionOf(kind)),
      (data) => ((data.me as { sessions: SessionRow[] } | null)?.sessions.some((session) => session.current) ? 'OK' : 'NONE'),
    );
  });

  describe("revoke someone else's session: NOT_FOUND to every signed-in viewer", () => {
    viewerMatrix(
      { anonymous: 'UNAUTHENTICATED', nonMember: 'NOT_FOUND', member: 'NOT_FOUND', moderator: 'NOT_FOUND', coordinator: 'NOT_FOUND', admin: 'NOT_FOUND', analyst: 'NOT_FOUND', banned: 'NOT_FOUND' },
      async (kind) => {
        const victim = await signIn(await t.factories.member());
        const answer = await t.run(REVOKE, { id: victim.sessionId }, await sessionOf(kind));
        expect(await refreshCode(victim.refreshToken)).toBe('OK');
        return answer;
      },
    );
  });

  describe('revoke their other sessions, then their own: every signed-in viewer', () => {
    viewerMatrix(
      { anonymous: 'UNAUTHENTICATED', nonMember: 'OK', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK', analyst: 'OK', banned: 'OK' },
      async (kind) => {
        const viewer = await sessionOf(kind);
        const others = await t.run(REVOKE_OTHERS, {}, viewer);
        return others.errors ? others : t.run(REVOKE, { id: viewer!.sessionId }, viewer);
      },
    );
  });

  test('an API token may list sessions but not end them', async () => {
    const member = await t.factories.member();
    const session = await signIn(member);
    const token: Viewer = memberViewer(member.id, 'api_token', ['read', 'write']);
    expect((await sessionsOf(token)).map((row) => [row.id, row.current])).toEqual([[session.sessionId, false]]);
    expect((await t.run(REVOKE, { id: session.sessionId }, token)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    expect((await t.run(REVOKE_OTHERS, {}, token)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    expect(await refreshCode(session.refreshToken)).toBe('OK');
  });
});
