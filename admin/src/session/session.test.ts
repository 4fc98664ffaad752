import { describe, expect, it, vi } from 'vitest';
import { Session, SESSION_ENDED } from './session';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const tokens = (token: string, expiresAt = '2030-01-01T00:00:00.000Z') => json({ accessToken: token, accessTokenExpiresAt: expiresAt });
const unauthenticated = () => json({ errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] }, 401);

/** A fake gateway: each route answers from its own queue, and every call is recorded. */
function gateway(routes: Record<string, (() => Response)[]>) {
  const calls: { path: string; authorization: string | null; csrf: string | null }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const headers = new Headers(init?.headers);
    calls.push({ path, authorization: headers.get('authorization'), csrf: headers.get('x-praxis-csrf') });
    const next = routes[path]?.shift();
    if (!next) throw new Error(`unexpected ${path}`);
    return next();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

function sessionOver(routes: Record<string, (() => Response)[]>, now = () => Date.parse('2026-12-04T00:00:00Z')) {
  const server = gateway(routes);
  const lost = vi.fn();
  return { session: new Session({ fetch: server.fetch, now, onSessionLost: lost }), calls: server.calls, lost };
}

describe('the session', () => {
  it('signs in through /auth/session with the CSRF header and sends the access token with each request', async () => {
    const { session, calls } = sessionOver({ '/auth/session': [() => tokens('first')], '/graphql': [() => json({ data: {} })] });
    await session.signIn('coordinator@example.org', 'secret');
    await session.fetch('/graphql', { method: 'POST' });
    expect(calls).toEqual([
      { path: '/auth/session', authorization: null, csrf: '1' },
      { path: '/graphql', authorization: 'Bearer first', csrf: null },
    ]);
  });

  it('on UNAUTHENTICATED refreshes once and retries once', async () => {
    const { session, calls, lost } = sessionOver({
      '/auth/session': [() => tokens('old')],
      '/graphql': [unauthenticated, () => json({ data: { ok: true } })],
      '/auth/refresh': [() => tokens('new')],
    });
    await session.signIn('a@example.org', 'pw');
    const response = await session.fetch('/graphql', { method: 'POST' });
    expect(await response.json()).toEqual({ data: { ok: true } });
    expect(calls.map((call) => `${call.path} ${call.authorization ?? ''}`.trim())).toEqual(['/auth/session', '/graphql Bearer old', '/auth/refresh', '/graphql Bearer new']);
    expect(lost).not.toHaveBeenCalled();
  });

  it('an UNAUTHENTICATED error inside a 200 answer counts too', async () => {
    const { session, calls } = sessionOver({
      '/auth/session': [() => tokens('old')],
      '/graphql': [() => json({ errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }), () => json({ data: {} })],
      '/auth/refresh': [() => tokens('new')],
    });
    await session.signIn('a@example.org', 'pw');
    await session.fetch('/graphql', { method: 'POST' });
    expect(calls.map((call) => call.path)).toEqual(['/auth/session', '/graphql', '/auth/refresh', '/graphql']);
  });

  it('when the refresh fails, goes back to sign-in with a message and does not retry', async () => {
    const { session, calls, lost } = sessionOver({ '/auth/session': [() => tokens('old')], '/graphql': [unauthenticated], '/auth/refresh': [unauthenticated] });
    await session.signIn('a@example.org', 'pw');
    const response = await session.fetch('/graphql', { method: 'POST' });
    expect(response.status).toBe(401);
    expect(calls.map((call) => call.path)).toEqual(['/auth/session', '/graphql', '/auth/refresh']);
    expect(lost).toHaveBeenCalledWith(SESSION_ENDED);
    expect(session.signedIn).toBe(false);
  });

  it('retries only once: a second UNAUTHENTICATED after a good refresh ends the session', async () => {
    const { session, calls, lost } = sessionOver({ '/auth/session': [() => tokens('old')], '/graphql': [unauthenticated, unauthenticated], '/auth/refresh': [() => tokens('new')] });
    await session.signIn('a@example.org', 'pw');
    await session.fetch('/graphql', { method: 'POST' });
    expect(calls.map((call) => call.path)).toEqual(['/auth/session', '/graphql', '/auth/refresh', '/graphql']);
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('refreshes before sending when the access token is about to expire', async () => {
    const { session, calls } = sessionOver(
      { '/auth/session': [() => tokens('old', '2026-12-04T00:00:10Z')], '/auth/refresh': [() => tokens('new')], '/graphql': [() => json({ data: {} })] },
      () => Date.parse('2026-12-04T00:00:00Z'),
    );
    await session.signIn('a@example.org', 'pw');
    await session.fetch('/graphql', { method: 'POST' });
    expect(calls.map((call) => `${call.path} ${call.authorization ?? ''}`.trim())).toEqual(['/auth/session', '/auth/refresh', '/graphql Bearer new']);
  });

  it('concurrent requests share one refresh, because a refresh token works only once', async () => {
    const { session, calls } = sessionOver({
      '/auth/session': [() => tokens('old')],
      '/graphql': [unauthenticated, unauthenticated, () => json({ data: {} }), () => json({ data: {} })],
      '/auth/refresh': [() => tokens('new')],
    });
    await session.signIn('a@example.org', 'pw');
    await Promise.all([session.fetch('/graphql', { method: 'POST' }), session.fetch('/graphql', { method: 'POST' })]);
    expect(calls.filter((call) => call.path === '/auth/refresh')).toHaveLength(1);
  });

  it('sign-in failures carry the graph’s errors', async () => {
    const { session } = sessionOver({ '/auth/session': [() => json({ errors: [{ message: 'Wait', extensions: { code: 'RATE_LIMITED', retryAfter: 30 } }] }, 429)] });
    await expect(session.signIn('a@example.org', 'pw')).rejects.toMatchObject({ problems: [{ code: 'RATE_LIMITED', retryAfter: 30 }] });
  });

  it('sign-out posts to /auth/sign-out with the CSRF header and forgets the access token', async () => {
    const { session, calls } = sessionOver({ '/auth/session': [() => tokens('t')], '/auth/sign-out': [() => new Response(null, { status: 204 })] });
    await session.signIn('a@example.org', 'pw');
    await session.signOut();
    expect(calls[1]).toEqual({ path: '/auth/sign-out', authorization: null, csrf: '1' });
    expect(session.signedIn).toBe(false);
  });

  it('never writes tokens to web storage', async () => {
    const { session } = sessionOver({ '/auth/session': [() => tokens('secret-token')] });
    await session.signIn('a@example.org', 'pw');
    expect(JSON.stringify({ ...localStorage })).not.toContain('secret-token');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('secret-token');
  });
});
