import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, errors as undiciErrors, request } from 'undici';
import type { Logger } from '@praxis/platform';
import type { Deps } from './deps';
import { isPublicAddress, publicOnlyLookup } from './address-guard';

export const CHECK_LINKS_JOB = 'resources.check-links';

export interface ProbeResult {
  status: 'OK' | 'BROKEN';
  httpStatus: number | null;
  problem: string | null;
  /** Where redirects led; null when the link answered directly. */
  finalUrl: string | null;
}

export interface ProbeOptions {
  timeoutMs: number;
  maxRedirects: number;
  dispatcher?: Agent;
  /** Loopback and private networks are refused unless this is set (tests, closed intranets). */
  allowPrivateAddresses?: boolean;
}

const USER_AGENT = 'PraxisLinkChecker/1.0 (+https://praxis.example.org/link-checker)';

/**
 * Checks one external link: HEAD first, GET when a server refuses HEAD (many answer 403, 404
 * or 405 to it), redirects followed by hand up to a limit and only to http or https, and every
 * attempt bounded by the timeout.
 */
export async function probe(url: string, options: ProbeOptions): Promise<ProbeResult> {
  // Each attempt has its own timeout, but the HTTP client honours a timeout only once a connection
  // has taken the request: a pool that never hands one out would hold the link, and with it the
  // whole run, until the job expires an hour later. This bound is what every attempt together may take.
  const budgetMs = options.timeoutMs * 2 * (options.maxRedirects + 1) + 1_000;
  const stop = new AbortController();
  try {
    return await Promise.race([
      follow(url, options),
      sleep(budgetMs, undefined, { signal: stop.signal }).then((): ProbeResult => ({ status: 'BROKEN', httpStatus: null, problem: noAnswerWithin(budgetMs), finalUrl: null })),
    ]);
  } finally {
    stop.abort();
  }
}

async function follow(url: string, options: ProbeOptions): Promise<ProbeResult> {
  let current = url;
  for (let redirects = 0; ; redirects += 1) {
    let answer = await attempt(current, 'HEAD', options);
    if (answer.kind === 'status' && answer.status >= 400) answer = await attempt(current, 'GET', options);
    if (answer.kind === 'failure') return { status: 'BROKEN', httpStatus: null, problem: answer.problem, finalUrl: current === url ? null : current };
    const { status, location } = answer;
    const finalUrl = current === url ? null : current;
    if (status >= 300 && status < 400 && location) {
      if (redirects >= options.maxRedirects) return { status: 'BROKEN', httpStatus: status, problem: `More than ${options.maxRedirects} redirects.`, finalUrl };
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return { status: 'BROKEN', httpStatus: status, problem: 'Redirects to an address that is not valid.', finalUrl };
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') return { status: 'BROKEN', httpStatus: status, problem: 'Redirects to an address that is not a web page.', finalUrl };
      current = next.toString();
      continue;
    }
    if (status >= 200 && status < 300) return { status: 'OK', httpStatus: status, problem: null, finalUrl };
    return { status: 'BROKEN', httpStatus: status, problem: `The server answered HTTP ${status}.`, finalUrl };
  }
}

type Answer = { kind: 'status'; status: number; location: string | null } | { kind: 'failure'; problem: string };

async function attempt(url: string, method: 'HEAD' | 'GET', options: ProbeOptions): Promise<Answer> {
  // Literal addresses never pass through DNS, so the lookup guard cannot see them: check here.
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateAddresses && isIP(host) && !isPublicAddress(host)) return { kind: 'failure', problem: 'The address is on a private network.' };
  try {
    const response = await request(url, {
      method,
      dispatcher: options.dispatcher,
      headers: { 'user-agent': USER_AGENT, accept: '*/*' },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Only the status matters: a little of a page's body is read and the rest released.
    await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    const location = response.headers.location;
    return { kind: 'status', status: response.statusCode, location: typeof location === 'string' ? location : null };
  } catch (error) {
    return { kind: 'failure', problem: describe(error, options.timeoutMs) };
  }
}

function noAnswerWithin(ms: number): string {
  return `No answer within ${Math.round(ms / 100) / 10} s.`;
}

function describe(error: unknown, timeoutMs: number): string {
  const name = (error as Error)?.name;
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || name === 'TimeoutError' || name === 'AbortError') {
    return noAnswerWithin(timeoutMs);
  }
  const code = (error as { code?: string; cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The server name does not resolve.';
  if (code === 'ECONNREFUSED') return 'The server refused the connection.';
  if (code === 'EPRIVATEADDRESS') return 'The address is on a private network.';
  return `Could not reach the server${code ? ` (${code})` : ''}.`;
}

/**
 * The scheduled link check: every external link not checked within the interval, oldest check
 * first, a batch per run, a few at a time. Results are written in one statement per batch.
 */
export class LinkChecker {
  private readonly agent: Agent;

  constructor(
    private readonly deps: Deps,
    private readonly logger: Logger,
  ) {
    this.agent = new Agent({
      connections: deps.config.linkCheck.concurrency,
      keepAliveTimeout: 1_000,
      connect: deps.config.linkCheck.allowPrivateAddresses ? undefined : { lookup: publicOnlyLookup },
    });
  }

  async checkDue(): Promise<{ checked: number; broken: number }> {
    const { intervalHours, batch, concurrency, timeoutMs, maxRedirects, allowPrivateAddresses } = this.deps.config.linkCheck;
    const due: { id: string; url: string }[] = await this.deps.runtime.db.query(
      `SELECT id, url FROM resources
       WHERE url IS NOT NULL AND deleted_at IS NULL AND (link_checked_at IS NULL OR link_checked_at < $3::timestamptz - make_interval(hours => $1))
       ORDER BY link_checked_at NULLS FIRST, id LIMIT $2`,
      [intervalHours, batch, this.deps.runtime.clock.now()],
    );
    const results: (ProbeResult & { id: string; url: string })[] = [];
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const item = due[next++]!;
        results.push({ ...item, ...(await probe(item.url, { timeoutMs, maxRedirects, dispatcher: this.agent, allowPrivateAddresses })) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    if (results.length > 0) {
      // A link edited while it was being checked keeps its fresh UNCHECKED state.
      await this.deps.runtime.db.query(
        `UPDATE resources r SET link_status = t.status, link_http_status = t.http_status, link_problem = t.problem, link_final_url = t.final_url, link_checked_at = $7
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[]) AS t(id, url, status, http_status, problem, final_url)
         WHERE r.id = t.id AND r.url = t.url`,
        [
          results.map((result) => result.id),
          results.map((result) => result.url),
          results.map((result) => result.status),
          results.map((result) => result.httpStatus),
          results.map((result) => result.problem),
          results.map((result) => result.finalUrl),
          // Stamped on the clock that decides when a link is due again.
          this.deps.runtime.clock.now(),
        ],
      );
    }
    const broken = results.filter((result) => result.status === 'BROKEN').length;
    if (results.length > 0) this.logger.info({ checked: results.length, broken }, 'link check done');
    return { checked: results.length, broken };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
