import { Agent, request, type Dispatcher } from 'undici';
import { DomainError } from '../errors/domain-error';
import type { InternalAuth } from '../identity/assertion';
import { SERVICE_HEADER } from '../identity/assertion';
import type { Logger } from '../logging/logger';
import { resendingLostCalls } from './lost-connections';

/**
 * How long a call to membership's internal API waits to connect, for the answer's headers, and
 * between chunks of its body. Under the gateway's 5 s for the whole subgraph call, so a hung
 * membership is reported as membership unavailable, not blamed on the subgraph that asked.
 */
export const DEFAULT_INTERNAL_API_TIMEOUT_MS = 4_000;

/** What a client reads from its settings; both are optional so a test can build one from a URL alone. */
export interface InternalClientOptions {
  timeoutMs?: number;
  /** Where a failed call is logged, once, with its cause; unset, nothing is logged here. */
  logger?: Logger;
}

/**
 * What the client is told when membership cannot answer: the same words and code the gateway uses
 * when it cannot reach a part of the graph, and nothing of where membership listens.
 */
export const MEMBERSHIP_UNAVAILABLE_MESSAGE = 'The membership part of the graph is unavailable. Try again shortly.';

/**
 * Statuses that say membership (or a proxy in front of it) could not answer now, rather than
 * that the request was wrong: the caller may retry them as they are.
 */
const UNAVAILABLE_STATUSES = new Set([408, 429]);

type FailureReason = 'timeout' | 'connection' | 'status' | 'malformed';

/**
 * POSTs JSON to membership's internal API with this service's assertion, over keep-alive
 * connections of its own. The permission client and the contacts client both speak through one.
 *
 * A call that cannot be answered (refused, reset, timed out, a 5xx, 408 or 429, a body that is not
 * JSON) throws SUBGRAPH_UNAVAILABLE, which clients may retry, and is logged here once: the
 * GraphQL layer does not log domain errors again. Any other status is a bug on our side and stays
 * an internal error, whose text reaches the logs only.
 */
export class InternalClient {
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly logger?: Logger;

  constructor(
    private readonly membershipUrl: string,
    private readonly auth: InternalAuth,
    private readonly service: string,
    connections: number,
    options: InternalClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_INTERNAL_API_TIMEOUT_MS;
    this.logger = options.logger;
    // A host that drops packets would otherwise hold the connect for undici's own 10 s.
    this.agent = new Agent({ keepAliveTimeout: 30_000, connections, connect: { timeout: this.timeoutMs } });
    this.dispatcher = resendingLostCalls(this.agent);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const headers = { 'content-type': 'application/json', [SERVICE_HEADER]: await this.auth.serviceToken(this.service) };
    let status = 0;
    let text: string;
    try {
      const response = await request(new URL(path, this.membershipUrl), {
        method: 'POST',
        dispatcher: this.dispatcher,
        headers,
        body: JSON.stringify(body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw this.unavailable(path, timedOut(error) ? 'timeout' : 'connection', status, error);
    }
    if (status >= 500 || UNAVAILABLE_STATUSES.has(status)) throw this.unavailable(path, 'status', status);
    if (status !== 200) throw new InternalCallRefused(path, status, text.slice(0, 200));
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      // A proxy's page in place of membership's answer, or an answer cut short.
      throw this.unavailable(path, 'malformed', status, error);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private unavailable(path: string, reason: FailureReason, status: number, cause?: unknown): DomainError {
    this.logger?.warn({ path, reason, ...(status ? { status } : {}), ...(cause ? { err: cause } : {}) }, 'membership internal API unavailable');
    return new MembershipUnavailable();
  }
}

/** SUBGRAPH_UNAVAILABLE from membership's internal API. */
export class MembershipUnavailable extends DomainError {
  /** Read by Fastify when a plain HTTP route (a calendar feed, a file) fails with this: 503, not 500. */
  readonly statusCode = 503;

  constructor() {
    super('SUBGRAPH_UNAVAILABLE', MEMBERSHIP_UNAVAILABLE_MESSAGE);
  }
}

/**
 * Membership refused a call as malformed or unauthorised: a bug or a misconfiguration here. Its
 * message is safe to show wherever an unexpected error's message is shown (a plain HTTP route);
 * what membership said travels in `answer`, for the one log line the GraphQL layer writes.
 */
export class InternalCallRefused extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    readonly answer: string,
  ) {
    super('An internal call to membership was refused.');
    this.name = 'InternalCallRefused';
  }
}

function timedOut(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT';
}
