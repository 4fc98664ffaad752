import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { DomainError } from '@praxis/platform';
import { UnsubscribeTokens, unsubscribeHeaders } from '../notifications/delivery/unsubscribe';

const SECRET = 'an-unsubscribe-secret-of-at-least-32-characters';
const tokens = new UnsubscribeTokens(SECRET);
const memberId = randomUUID();

async function rejection(token: unknown): Promise<DomainError> {
  const error = await tokens.verify(token).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

test('a token names its member and kind, and the digest', async () => {
  expect(await tokens.verify(await tokens.sign(memberId, 'THREAD_REPLY'))).toEqual({ memberId, kind: 'THREAD_REPLY' });
  expect(await tokens.verify(await tokens.sign(memberId, 'DIGEST'))).toEqual({ memberId, kind: 'DIGEST' });
});

const sign = (payload: Record<string, unknown>, secret = SECRET, sub: string | null = memberId) => {
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256' });
  if (sub) jwt.setSubject(sub);
  return jwt.sign(new TextEncoder().encode(secret));
};

test.each([
  ['garbage', () => Promise.resolve('not-a-token')],
  ['empty', () => Promise.resolve('')],
  ['not a string', () => Promise.resolve(42)],
  ['signed with another secret', () => sign({ k: 'MENTION', v: 1 }, 'another-secret-that-is-also-32-characters-long')],
  ['forged: the payload changed after signing', async () => {
    const [header, , signature] = (await tokens.sign(memberId, 'MENTION')).split('.');
    const payload = Buffer.from(JSON.stringify({ sub: randomUUID(), k: 'MENTION', v: 1 })).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }],
  ['unsigned (alg none)', () => Promise.resolve(new UnsecuredJWT({ k: 'MENTION', v: 1 }).setSubject(memberId).encode())],
  ['an unknown kind', () => sign({ k: 'EVERYTHING', v: 1 })],
  ['another version', () => sign({ k: 'MENTION', v: 2 })],
  ['no member', () => sign({ k: 'MENTION', v: 1 }, SECRET, null)],
  ['a member that is not an id', () => sign({ k: 'MENTION', v: 1 }, SECRET, 'admin')],
])('%s is BAD_USER_INPUT on token', async (_name, make) => {
  const error = await rejection(await make());
  expect(error.code).toBe('BAD_USER_INPUT');
  expect(error.field).toBe('token');
});

test('the headers offer RFC 8058 one-click unsubscribe at the public address', () => {
  expect(unsubscribeHeaders('https://graph.example.org', 'a.b.c')).toEqual({
    'List-Unsubscribe': '<https://graph.example.org/notifications/unsubscribe?token=a.b.c>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  });
});
