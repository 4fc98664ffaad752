import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { request, type Agent } from 'undici';
import { DomainError, REQUEST_ID_HEADER, VIEWER_HEADER, type InternalAuth, type Logger } from '@praxis/platform';
import { ExpiredAccessToken, type Authenticator } from './authenticate';
import type { RateLimits } from './rate-limit';

/**
 * The plain HTTP routes a browser or a calendar program opens from links in the graph, by owning
 * subgraph. Only these prefixes are forwarded: nothing else of a subgraph is reachable through
 * the gateway's public address.
 */
export const PUBLIC_ROUTES = [
  { subgraph: 'events', method: 'GET', prefix: '/events/' },
  { subgraph: 'events', method: 'GET', prefix: '/calendars/' },
  { subgraph: 'events', method: 'GET', prefix: '/certificates/' },
  { subgraph: 'resources', method: 'GET', prefix: '/library/files/' },
  { subgraph: 'resources', method: 'PUT', prefix: '/library/uploads/' },
  // Unsubscribe links in notification emails: GET shows a confirmation page, POST is RFC 8058 one-click.
  { subgraph: 'notifications', method: 'GET', prefix: '/notifications/unsubscribe' },
  { subgraph: 'notifications', method: 'POST', prefix: '/notifications/unsubscribe' },
] as const;

/** What a client may tell the owning subgraph; credentials travel as the signed viewer instead. */
const REQUEST_HEADERS = ['accept', 'content-type', 'content-length', 'if-none-match', 'if-modified-since', 'user-agent'];
/** What the subgraph's answer keeps; CORS is the gateway's own, so the subgraph's is dropped. */
const RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'etag',
  'last-modified',
  'x-content-type-options',
  'content-security-policy',
  'www-authenticate',
  'retry-after',
  'connection',
];

export interface PublicRoutesOptions {
  agent: Agent;
  /** The base URL of a subgraph, from the supergraph and SUBGRAPH_URLS. */
  subgraphUrl(name: string): string | undefined;
  authenticator: Authenticator;
  rateLimits: RateLimits;
  internalAuth: InternalAuth;
  logger: Logger;
  /** How long the subgraph may take to start answering. */
  timeoutMs: number;
}

function plain(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(message);
}

/**
 * Serves calendar files, certificates and library files through the gateway's public address,
 * so the links the graph gives work from a browser that reaches only the gateway. Each request
 * is authenticated and rate-limited as a /graphql request is; bodies stream both ways, so an
 * upload is never held in the gateway and the library's size limit still applies as it arrives.
 */
export async function registerPublicRoutes(app: FastifyInstance, options: PublicRoutesOptions): Promise<void> {
  await app.register(async (scope) => {
    // Upload bodies of any type pass through unread; the owning subgraph checks them.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    for (const route of PUBLIC_ROUTES) {
      scope.route({
        method: route.method,
        url: `${route.prefix}*`,
        exposeHeadRoute: false,
        handler: (httpRequest, reply) => forward(httpRequest, reply, route.subgraph, options),
      });
    }
  });
}

async function forward(httpRequest: FastifyRequest, reply: FastifyReply, subgraph: string, options: PublicRoutesOptions) {
  const address = httpRequest.ip;
  const tooMany = (seconds: number) => reply.header('retry-after', String(seconds)).header('connection', 'close').code(429).type('text/plain; charset=utf-8').send('Too many requests. Slow down and try again.');
  const { authorization } = httpRequest.headers;
  if (authorization) {
    const failures = await options.rateLimits.authFailuresExhausted(address);
    if (!failures.allowed) return tooMany(failures.retryAfterSeconds);
  }
  let viewer;
  try {
    viewer = await options.authenticator.viewerOf(authorization);
  } catch (error) {
    if (!(error instanceof DomainError)) {
      httpRequest.log.error({ err: error, requestId: httpRequest.id }, 'authentication could not be checked');
      return plain(reply, 503, 'Credentials cannot be checked right now. Try again shortly.');
    }
    if (!(error instanceof ExpiredAccessToken)) await options.rateLimits.recordAuthFailure(address);
    return plain(reply.header('www-authenticate', 'Bearer').header('connection', 'close'), 401, error.message);
  }
  const decision = await options.rateLimits.check(address, viewer.memberId);
  if (!decision.allowed) return tooMany(decision.retryAfterSeconds);

  const base = options.subgraphUrl(subgraph);
  if (!base) return plain(reply, 502, 'This part of Praxis is not available right now.');
  const headers: Record<string, string> = { [REQUEST_ID_HEADER]: httpRequest.id };
  for (const name of REQUEST_HEADERS) {
    const value = httpRequest.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (authorization) headers[VIEWER_HEADER] = await options.internalAuth.signViewer({ ...viewer, clientAddress: address }, httpRequest.id);

  const aborted = new AbortController();
  // A client that goes away mid-transfer stops the subgraph's side of it too.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) aborted.abort();
  });
  const upload = httpRequest.method === 'PUT';
  const withBody = upload || httpRequest.method === 'POST';
  try {
    const answer = await request(new URL(httpRequest.url, new URL(base).origin), {
      method: httpRequest.method as 'GET' | 'PUT' | 'POST',
      headers,
      body: withBody ? httpRequest.raw : undefined,
      dispatcher: options.agent,
      signal: aborted.signal,
      headersTimeout: upload ? undefined : options.timeoutMs,
      // Between chunks, not the whole transfer: a large document may take its time.
      bodyTimeout: Math.max(options.timeoutMs, 30_000),
    });
    reply.code(answer.statusCode);
    for (const name of RESPONSE_HEADERS) {
      const value = answer.headers[name];
      if (value !== undefined) reply.header(name, value);
    }
    return reply.send(answer.body);
  } catch (error) {
    if (aborted.signal.aborted) return reply;
    options.logger.warn({ err: error, subgraph, requestId: httpRequest.id }, 'a public route could not reach its subgraph');
    return plain(reply.header('connection', 'close'), 502, 'This part of Praxis is not available right now. Try again shortly.');
  }
}
