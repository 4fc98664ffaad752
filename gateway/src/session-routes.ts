import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseCookie, stringifySetCookie } from 'cookie';
import { DomainError, ERROR_CODES, errors, REQUEST_ID_HEADER } from '@praxis/platform';
import { graphQLErrorBody } from './errors';

/** The cookie that holds the refresh token; script never sees it (HttpOnly), and only /auth/* receives it. */
export const REFRESH_COOKIE = 'praxis_refresh';
export const CSRF_HEADER = 'x-praxis-csrf';
const COOKIE_PATH = '/auth';
/** The session routes' bodies are two short strings at most. */
const BODY_LIMIT = 16 * 1024;

const SIGN_IN = /* GraphQL */ `
  mutation SessionSignIn($input: SignInInput!) {
    signIn(input: $input) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt }
  }
`;
const REFRESH = /* GraphQL */ `
  mutation SessionRefresh($input: RefreshSessionInput!) {
    refreshSession(input: $input) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt }
  }
`;
const SIGN_OUT = /* GraphQL */ `
  mutation SessionSignOut($input: SignOutInput!) {
    signOut(input: $input) { ok }
  }
`;

interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}
interface GraphError {
  message: string;
  extensions?: Record<string, unknown>;
}
type Outcome<T> = { data: T } | { status: number; errors: GraphError[]; retryAfter?: string };

export interface SessionRoutesOptions {
  /** Where browsers reach the gateway; its origin may call these routes, and https makes the cookie Secure. */
  publicUrl: string;
  /** The gateway's CORS origins; `*` does not extend to these routes. */
  corsOrigins: string[];
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * The admin app's session: POST /auth/session, /auth/refresh and /auth/sign-out run the graph's
 * own signIn, refreshSession and signOut through /graphql (so its rate limits, sign-in throttle,
 * client address and account rules all apply), keep the refresh token in an HttpOnly,
 * SameSite=Strict cookie scoped to /auth, and answer with the access token only.
 *
 * Cross-site request forgery: a request must carry `X-Praxis-CSRF: 1`, a header a page on another
 * site cannot add without a CORS preflight the gateway refuses it; and an Origin, when sent, must
 * be the gateway's own or one of its CORS origins. SameSite=Strict keeps the cookie off
 * cross-site requests besides.
 */
export async function registerSessionRoutes(app: FastifyInstance, options: SessionRoutesOptions): Promise<void> {
  const allowedOrigins = new Set([options.publicUrl, ...options.corsOrigins.filter((origin) => origin !== '*')].map(originOf).filter((origin) => origin !== undefined));
  const secure = new URL(options.publicUrl).protocol === 'https:';
  const setCookie = (reply: FastifyReply, value: string, maxAge: number) =>
    reply.header('set-cookie', stringifySetCookie({ name: REFRESH_COOKIE, value, maxAge, path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure }));
  const keepSession = (reply: FastifyReply, tokens: Tokens) => {
    setCookie(reply, tokens.refreshToken, Math.max(0, Math.floor((Date.parse(tokens.refreshTokenExpiresAt) - Date.now()) / 1000)));
    return reply.code(200).send({ accessToken: tokens.accessToken, accessTokenExpiresAt: tokens.accessTokenExpiresAt });
  };
  const clearCookie = (reply: FastifyReply) => setCookie(reply, '', 0);

  const run = async <T>(httpRequest: FastifyRequest, query: string, variables: Record<string, unknown>): Promise<Outcome<T>> => {
    // Through the gateway's own /graphql, from the client's address, so nothing the graph
    // enforces on a browser's request is skipped for this one.
    const answer = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', [REQUEST_ID_HEADER]: httpRequest.id, ...(httpRequest.headers['user-agent'] ? { 'user-agent': httpRequest.headers['user-agent'] } : {}) },
      payload: JSON.stringify({ query, variables }),
      remoteAddress: httpRequest.ip,
    });
    let body: { data?: T | null; errors?: GraphError[] } | undefined;
    try {
      body = answer.json();
    } catch {
      body = undefined;
    }
    if (body?.errors?.length) {
      const code = body.errors[0]!.extensions?.code;
      const byCode = typeof code === 'string' && code in ERROR_CODES ? ERROR_CODES[code as keyof typeof ERROR_CODES].httpStatus : 500;
      const retryAfter = answer.headers['retry-after'] ?? body.errors[0]!.extensions?.retryAfter;
      return { status: answer.statusCode >= 400 ? answer.statusCode : byCode, errors: body.errors, retryAfter: retryAfter === undefined ? undefined : String(retryAfter) };
    }
    if (body?.data) return { data: body.data };
    return { status: 503, errors: graphQLErrorBody(new DomainError('INTERNAL_SERVER_ERROR', 'Signing in is not available right now. Try again shortly.')).errors };
  };
  const fail = (reply: FastifyReply, outcome: { status: number; errors: GraphError[]; retryAfter?: string }) => {
    if (outcome.retryAfter) reply.header('retry-after', outcome.retryAfter);
    return reply.code(outcome.status).send({ errors: outcome.errors });
  };

  await app.register(async (scope) => {
    // An empty body is what refresh and sign-out expect, with or without a JSON content type.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
      if (typeof body !== 'string' || body.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(body));
      } catch {
        done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 }), undefined);
      }
    });
    scope.setErrorHandler((error: { statusCode?: number; message: string }, httpRequest, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) httpRequest.log.error({ err: error, requestId: httpRequest.id }, 'session route failed');
      const problem = status === 500 ? new DomainError('INTERNAL_SERVER_ERROR', 'Something failed on our side.') : new DomainError('BAD_USER_INPUT', status === 400 ? error.message : 'Send JSON.');
      return reply.code(status).send(graphQLErrorBody(problem));
    });

    scope.addHook('onRequest', async (httpRequest, reply) => {
      reply.header('cache-control', 'no-store');
      const { origin } = httpRequest.headers;
      const sameOrigin = origin !== undefined && origin === `${httpRequest.protocol}://${httpRequest.host}`;
      const forged = httpRequest.headers[CSRF_HEADER] !== '1' || (origin !== undefined && !sameOrigin && !allowedOrigins.has(origin));
      if (forged) {
        return reply.code(403).send(graphQLErrorBody(errors.forbidden('This request did not come from the Praxis app.', 'CSRF')));
      }
    });

    scope.post('/auth/session', async (httpRequest, reply) => {
      const body = (typeof httpRequest.body === 'object' && httpRequest.body !== null ? httpRequest.body : {}) as Record<string, unknown>;
      const problems = [
        ...(typeof body.email === 'string' ? [] : [{ field: 'input.email', message: 'Enter your email address.' }]),
        ...(typeof body.password === 'string' ? [] : [{ field: 'input.password', message: 'Enter your password.' }]),
      ];
      if (problems.length > 0) return reply.code(400).send(graphQLErrorBody(errors.invalid(problems)));
      // An account with two-factor sign-in sends one of these too (or answers SECOND_FACTOR_REQUIRED first).
      const proof = {
        ...(typeof body.secondFactorCode === 'string' ? { secondFactorCode: body.secondFactorCode } : {}),
        ...(typeof body.recoveryCode === 'string' ? { recoveryCode: body.recoveryCode } : {}),
      };
      const outcome = await run<{ signIn: Tokens }>(httpRequest, SIGN_IN, { input: { email: body.email, password: body.password, ...proof } });
      if (!('data' in outcome)) return fail(reply, outcome);
      return keepSession(reply, outcome.data.signIn);
    });

    scope.post('/auth/refresh', async (httpRequest, reply) => {
      const token = parseCookie(httpRequest.headers.cookie ?? '')[REFRESH_COOKIE];
      if (!token) {
        clearCookie(reply);
        return reply.code(401).send(graphQLErrorBody(errors.unauthenticated('This session has ended. Sign in again.')));
      }
      const outcome = await run<{ refreshSession: Tokens }>(httpRequest, REFRESH, { input: { refreshToken: token } });
      if (!('data' in outcome)) {
        // Only a token the graph refused is dropped; after a rate limit or an outage it may still work.
        if (outcome.status === 401) clearCookie(reply);
        return fail(reply, outcome);
      }
      return keepSession(reply, outcome.data.refreshSession);
    });

    scope.post('/auth/sign-out', async (httpRequest, reply) => {
      const token = parseCookie(httpRequest.headers.cookie ?? '')[REFRESH_COOKIE];
      if (token) {
        const outcome = await run<{ signOut: { ok: boolean } }>(httpRequest, SIGN_OUT, { input: { refreshToken: token } });
        // The cookie stays when revoking failed, so signing out can be tried again.
        if (!('data' in outcome)) return fail(reply, outcome);
      }
      clearCookie(reply);
      return reply.code(204).send();
    });
  });
}
