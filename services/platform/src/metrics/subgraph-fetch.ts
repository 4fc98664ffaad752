import type { ServiceMetrics } from './registry';

/**
 * Why a gateway call to a subgraph failed, in a few fixed words: an open breaker, a timeout, a
 * refused or reset connection, or the subgraph's (or a proxy's) error status.
 */
export function subgraphFailureReason(error: unknown): string {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (code === 'EOPENBREAKER') return 'breaker_open';
    if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
    if (typeof message === 'string' && /^answered 5\d\d$/.test(message)) return 'status_5xx';
  }
  return 'connection';
}

/** Times one gateway call to a subgraph and counts it as failed when it threw or answered an error status. */
export async function measureSubgraphFetch(metrics: ServiceMetrics | undefined, subgraph: string, call: () => Promise<Response>): Promise<Response> {
  if (!metrics) return call();
  const { duration, errors } = metrics.subgraphFetches;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const response = await call();
    duration.observe({ subgraph }, seconds());
    if (response.status >= 400) errors.inc({ subgraph, reason: response.status >= 500 ? 'status_5xx' : 'status_4xx' });
    return response;
  } catch (error) {
    const reason = subgraphFailureReason(error);
    // A call the open breaker refused never left the gateway; its zero time is not the subgraph's.
    if (reason !== 'breaker_open') duration.observe({ subgraph }, seconds());
    errors.inc({ subgraph, reason });
    throw error;
  }
}
