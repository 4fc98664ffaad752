import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createLogger } from '@praxis/platform';
import { Authenticator, ExpiredAccessToken } from '../authenticate';
import { VerifiedTokenCache } from '../authenticate-cache';
import type { MembershipClient } from '../membership-client';

/**
 * The gateway remembers an access token's verified signature (ADR 14), never its account's
 * standing, never past the token's expiry, and never for a token that failed verification.
 */
const ISSUER = 'https://praxis.test';
const AUDIENCE = 'praxis-api';
const MEMBER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const SESSION = '33333333-3333-4333-8333-333333333333';

let server: Server;
let jwksUrl: string;
let privateKey: CryptoKey;
let clock = Date.now();
let standing: 'OK' | 'ACCOUNT_DELETED' | 'SESSION_ENDED' = 'OK';
let standingChecks = 0;
const membership = {
  standing: async () => {
    standingChecks += 1;
    return standing;
  },
} as unknown as MembershipClient;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] });
  server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  clock = Date.now();
  standing = 'OK';
  standingChecks = 0;
});

function setUp(): { authenticator: Authenticator; cache: VerifiedTokenCache } {
  const now = () => clock;
  const cache = new VerifiedTokenCache({ maxEntries: 100, maxAgeMs: 60_000, now });
  const config = { issuer: ISSUER, audience: AUDIENCE, trustedIssuers: [], jwksUrl } as unknown as ConstructorParameters<typeof Authenticator>[0];
  const authenticator = new Authenticator(config, membership, createLogger({ service: 'test', level: 'silent', pretty: false }), { verifiedTokens: cache, now });
  return { authenticator, cache };
}

async function token(options: { subject?: string; lifetimeSeconds?: number } = {}): Promise<string> {
  const issuedAt = Math.floor(clock / 1000);
  return new SignJWT({ sid: SESSION })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(options.subject ?? MEMBER)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.lifetimeSeconds ?? 900))
    .sign(privateKey);
}

const bearer = (value: string) => `Bearer ${value}`;

test('a verified token is remembered, and its standing is still asked on every request', async () => {
  const { authenticator, cache } = setUp();
  const access = await token();
  expect(await authenticator.viewerOf(bearer(access))).toMatchObject({ memberId: MEMBER, sessionId: SESSION, source: 'session' });
  expect(cache.size).toBe(1);
  expect(await authenticator.viewerOf(bearer(access))).toMatchObject({ memberId: MEMBER, sessionId: SESSION });
  expect(cache.size).toBe(1);
  expect(standingChecks).toBe(2);
});

test('a deleted account or an ended session is refused on the very next request, though its token is remembered', async () => {
  const { authenticator, cache } = setUp();
  const access = await token();
  await authenticator.viewerOf(bearer(access));
  expect(cache.size).toBe(1);
  standing = 'ACCOUNT_DELETED';
  await expect(authenticator.viewerOf(bearer(access))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DELETED' });
  standing = 'SESSION_ENDED';
  await expect(authenticator.viewerOf(bearer(access))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
});

test('an expired token is refused even when it was remembered', async () => {
  const { authenticator } = setUp();
  const access = await token({ lifetimeSeconds: 30 });
  await authenticator.viewerOf(bearer(access));
  // Inside the cache's minute, past the token's expiry and the verifier's 5 s tolerance.
  clock += 36_000;
  await expect(authenticator.viewerOf(bearer(access))).rejects.toBeInstanceOf(ExpiredAccessToken);
});

test('a tampered token is refused, even when the genuine one is remembered, and is never remembered itself', async () => {
  const { authenticator, cache } = setUp();
  const access = await token();
  await authenticator.viewerOf(bearer(access));
  const [header, payload, signature] = access.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const otherPayload = Buffer.from(JSON.stringify({ ...claims, sub: OTHER })).toString('base64url');
  const tampered = [`${header}.${otherPayload}.${signature}`, `${header}.${payload}.${signature.slice(0, -2)}AA`, `${access}x`];
  for (const forged of tampered) {
    await expect(authenticator.viewerOf(bearer(forged))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(authenticator.viewerOf(bearer(forged))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  }
  expect(cache.size).toBe(1);
});

test('no entry outlives its token or the cache\'s longest age, and the least recently used goes first', () => {
  let now = 1_000_000;
  const cache = new VerifiedTokenCache({ maxEntries: 2, maxAgeMs: 60_000, now: () => now });
  const entry = (expSeconds: number) => ({ issuer: ISSUER, payload: { sub: MEMBER, exp: expSeconds } });
  cache.set('short', entry(now / 1000 + 10));
  cache.set('long', entry(now / 1000 + 3600));
  cache.set('no-expiry', { issuer: ISSUER, payload: { sub: MEMBER } });
  cache.set('already-expired', entry(now / 1000 - 1));
  expect(cache.size).toBe(2);
  now += 10_000;
  expect(cache.get('short')).toBeUndefined();
  expect(cache.get('long')).toBeDefined();
  now += 50_000;
  expect(cache.get('long')).toBeUndefined();

  now = 2_000_000;
  cache.set('a', entry(now / 1000 + 600));
  cache.set('b', entry(now / 1000 + 600));
  expect(cache.get('a')).toBeDefined();
  cache.set('c', entry(now / 1000 + 600));
  expect(cache.get('b')).toBeUndefined();
  expect(cache.get('a')).toBeDefined();
  expect(cache.get('c')).toBeDefined();
});
