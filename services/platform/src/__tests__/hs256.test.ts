import { createHmac, createSecretKey } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { Hs256, InvalidStatement } from '../identity/hs256';
import { InternalAuth } from '../identity/assertion';
import { memberViewer } from '../identity/viewer';

/**
 * The internal statements are signed and checked by fast-jwt with Node's HMAC (ADR 14): the same
 * tokens jose makes and accepts, and nothing jose would refuse is accepted.
 */
const SECRET = 'a-test-internal-secret-of-enough-length';
const key = createSecretKey(Buffer.from(SECRET, 'utf8'));
const options = { issuer: 'praxis-gateway', audience: 'praxis-subgraphs', clockTolerance: 5 };
const MEMBER = '7d5e4a52-5c1f-4f55-8c5c-3f4f8e0c6a11';
const statements = new Hs256(Buffer.from(SECRET, 'utf8'));
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

test('statements are interchangeable with jose in both directions', async () => {
  const ours = await new InternalAuth(SECRET).signViewer(memberViewer(MEMBER), 'req-1');
  const { payload, protectedHeader } = await jwtVerify(ours, key, { ...options, algorithms: ['HS256'] });
  expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
  expect(payload).toMatchObject({ sub: MEMBER, rid: 'req-1', iss: 'praxis-gateway', aud: 'praxis-subgraphs' });
  expect(payload.exp! - payload.iat!).toBe(60);

  const fromJose = await new SignJWT({ scp: ['read'], src: 'session' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('praxis-gateway').setAudience('praxis-subgraphs').setSubject(MEMBER).setIssuedAt().setExpirationTime('60s').sign(key);
  expect(await new InternalAuth(SECRET).verifyViewer(fromJose)).toEqual({ memberId: MEMBER, scopes: ['read'], source: 'session' });
  const service = await new InternalAuth(SECRET).signService('discussion');
  expect(await new InternalAuth(SECRET).verifyService(service)).toBe('discussion');
  await expect(new InternalAuth(SECRET).verifyViewer(service)).rejects.toThrow(InvalidStatement);
});

test('a tampered, re-signed, unsigned or foreign statement is refused', () => {
  const genuine = statements.sign({ iss: 'praxis-gateway', aud: 'praxis-subgraphs', sub: MEMBER }, 60);
  const [header, payload, signature] = genuine.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forgeries = [
    `${header}.${encode({ ...claims, sub: 'someone-else' })}.${signature}`,
    // The first character: the last one of a 32-byte signature carries two unused bits, so
    // changing only those (an A to a B) decodes to the same signature, one time in sixteen.
    `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`,
    `${encode({ alg: 'none' })}.${payload}.`,
    `${header}.${payload}`,
    new Hs256(Buffer.from('not-the-secret', 'utf8')).sign(claims, 60),
  ];
  for (const forged of forgeries) expect(() => statements.verify(forged, options)).toThrow(InvalidStatement);
  // Signed with the right key, but a header jose would refuse.
  const signedWith = (protectedHeader: object) => {
    const input = `${encode(protectedHeader)}.${payload}`;
    return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  };
  expect(() => statements.verify(signedWith({ alg: 'HS512' }), options)).toThrow(InvalidStatement);
  expect(() => statements.verify(signedWith({ alg: 'HS256', crit: ['exp'] }), options)).toThrow(InvalidStatement);
  expect(statements.verify(signedWith({ alg: 'HS256', typ: 'JWT' }), options).sub).toBe(MEMBER);
});

test('a statement is refused once stale, before it is valid, or for another audience or issuer', () => {
  const now = Date.now();
  const statement = statements.sign({ iss: 'praxis-gateway', aud: 'praxis-subgraphs' }, 60, now);
  expect(() => statements.verify(statement, { ...options, now: now + 64_000 })).not.toThrow();
  expect(() => statements.verify(statement, { ...options, now: now + 66_000 })).toThrow(InvalidStatement);
  expect(() => statements.verify(statements.sign({ iss: 'praxis-gateway', aud: 'praxis-subgraphs', nbf: Math.floor(now / 1000) + 60 }, 120, now), { ...options, now })).toThrow(InvalidStatement);
  expect(() => statements.verify(statement, { ...options, audience: 'praxis-internal', now })).toThrow(InvalidStatement);
  expect(() => statements.verify(statement, { ...options, issuer: 'discussion', now })).toThrow(InvalidStatement);
});
