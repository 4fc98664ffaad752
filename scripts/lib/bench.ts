import { request } from 'undici';
import { DEMO_PASSWORD } from '@praxis/membership';
import { readSubgraphs } from '@praxis/platform';

/** A front-end's view of the gateway for benchmarks: operations by POST, errors thrown. */
export function gatewayClient(graphqlUrl: string) {
  async function post<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const response = await request(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.body.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data!;
  }
  /** An access token for a demo account. */
  async function signIn(email: string): Promise<string> {
    const data = await post<{ signIn: { accessToken: string } }>('mutation ($i: SignInInput!) { signIn(input: $i) { accessToken } }', { i: { email, password: DEMO_PASSWORD } });
    return data.signIn.accessToken;
  }
  return { post, signIn };
}

/** Runs `work` `runs` times after `warmUp` untimed runs; the times in ms, fastest first. */
export async function timeRuns(runs: number, work: () => Promise<unknown>, warmUp = 0): Promise<number[]> {
  for (let i = 0; i < warmUp; i += 1) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/** The nearest-rank percentile of sorted times: `q` of 0.5 is the median, 1 the slowest. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * The settings that run `npm start` on ports of its own for a benchmark: the gateway on `base`,
 * each subgraph at `base` plus its usual offset from 4000, PostgreSQL on `base + 20`; quiet, and
 * with rate limits out of the way. Ports come from schema/subgraphs.json, so none is forgotten and
 * a stack never meets a developer's `npm start` or another stack.
 */
export function benchStartEnv(base: number, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    PRAXIS_DATA_DIR: dataDir,
    PRAXIS_PG_PORT: String(base + 20),
    GATEWAY_PORT: String(base),
    ...Object.fromEntries(readSubgraphs().map((entry) => [`${entry.name.toUpperCase()}_PORT`, String(base + entry.port - 4000)])),
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_MEMBER_PER_MINUTE: '1000000',
  };
}

