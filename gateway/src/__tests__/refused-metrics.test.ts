import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, parseEnv, parseExposition, readSubgraphs, sampleValue, type MetricSample } from '@praxis/platform';
import { gatewayConfig, gatewayEnv } from '../env';
import { createGateway, type Gateway } from '../server';

/**
 * Requests the gateway refuses before Apollo runs an operation (a bad token, a rate limit, CSRF
 * prevention, a body too large, a token that cannot be checked) count in the operation metrics
 * as type `refused`, with the code the client received, so request and error rates include them.
 * Every subgraph (membership too) is down: nothing here needs one.
 */
let gateway: Gateway;

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const down = `http://127.0.0.1:${await closedPort()}`;
  const config = gatewayConfig(
    parseEnv(gatewayEnv, {
      NODE_ENV: 'test',
      GATEWAY_PORT: '0',
      SUBGRAPH_URLS: readSubgraphs().map((subgraph) => `${subgraph.name}=${down}/graphql`).join(','),
      MEMBERSHIP_INTERNAL_URL: down,
      ADMIN_APP_DIR: '/nonexistent',
      RATE_LIMIT_IP_PER_MINUTE: '3',
      LIMIT_MAX_DEPTH: '3',
    }),
  );
  gateway = await createGateway(config, { logger: createLogger({ service: 'gateway', level: 'silent' }) });
});
afterAll(() => gateway?.close());

/** A front-end's POST from its own address (each address has its own rate budget). */
function post(address: string, body: unknown, headers: Record<string, string> = {}) {
  return gateway.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: address,
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function scrape(): Promise<MetricSample[]> {
  const response = await gateway.app.inject({ method: 'GET', url: '/metrics' });
  return parseExposition(response.body);
}

const codeOf = (body: string) => (JSON.parse(body) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

test('a bad token, a rate-limited burst, a CSRF refusal, a body too large and an uncheckable token each count, with the code the client got', async () => {
  const me = { query: 'query WhoAmI { me { email } }', operationName: 'WhoAmI' };
  const unauthenticated = await post('192.0.2.1', me, { authorization: 'Bearer not-a-token' });
  expect(unauthenticated.statusCode).toBe(401);
  expect(codeOf(unauthenticated.body)).toBe('UNAUTHENTICATED');

  // Three operations within the budget run; the next two are refused.
  const ping = { query: 'query Ping { __typename }', operationName: 'Ping' };
  const burst = [];
  for (let i = 0; i < 5; i += 1) burst.push(await post('192.0.2.2', ping));
  expect(burst.map((response) => response.statusCode)).toEqual([200, 200, 200, 429, 429]);
  expect(codeOf(burst[4]!.body)).toBe('RATE_LIMITED');

  // A simple request a browser would send cross-site without a preflight; its body is not read.
  const csrf = await gateway.app.inject({ method: 'POST', url: '/graphql', remoteAddress: '192.0.2.3', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(ping) });
  expect(csrf.statusCode).toBe(400);
  expect(codeOf(csrf.body)).toBe('BAD_REQUEST');

  const tooLarge = await post('192.0.2.4', { ...ping, variables: { padding: 'x'.repeat(1_100_000) } });
  expect(tooLarge.statusCode).toBe(413);

  // An API token is looked up in membership, which is down: the gateway cannot tell, and says so.
  const unchecked = await post('192.0.2.5', ping, { authorization: `Bearer prx_${'a'.repeat(43)}` });
  expect(unchecked.statusCode).toBe(503);
  expect(codeOf(unchecked.body)).toBe('INTERNAL_SERVER_ERROR');

  const samples = await scrape();
  const refused = (operation: string) => sampleValue(samples, 'praxis_graphql_requests_total', { operation, type: 'refused' });
  const errors = (operation: string, code: string) => sampleValue(samples, 'praxis_graphql_errors_total', { operation, code });
  // WhoAmI never ran, so its name is not a label: a refused request adds no name of its own.
  // Nor do the bodies that were never read (too large, or text a browser may send cross-site).
  expect(refused('(refused)')).toBe(3);
  expect(errors('(refused)', 'UNAUTHENTICATED')).toBe(1);
  expect(errors('(refused)', 'BAD_REQUEST')).toBe(1);
  expect(errors('(refused)', 'PAYLOAD_TOO_LARGE')).toBe(1);
  // Ping ran, so the later refusals carry its name.
  expect(sampleValue(samples, 'praxis_graphql_requests_total', { operation: 'Ping', type: 'query' })).toBe(3);
  expect(refused('Ping')).toBe(3);
  expect(errors('Ping', 'RATE_LIMITED')).toBe(2);
  expect(errors('Ping', 'INTERNAL_SERVER_ERROR')).toBe(1);
  expect(sampleValue(samples, 'praxis_graphql_requests_total', { operation: 'WhoAmI' })).toBeUndefined();
  // Refusals take no time worth a latency sample.
  expect(sampleValue(samples, 'praxis_graphql_request_duration_seconds_count', { operation: '(refused)' })).toBeUndefined();
  expect(sampleValue(samples, 'praxis_graphql_request_duration_seconds_count', { operation: 'Ping' })).toBe(3);
});

test('a refused preflight, a GET without the CSRF header and a malformed body count as BAD_REQUEST; names that look like ids are never labels', async () => {
  const badRequests = (samples: MetricSample[]) => sampleValue(samples, 'praxis_graphql_errors_total', { operation: '(refused)', code: 'BAD_REQUEST' }) ?? 0;
  const before = badRequests(await scrape());
  const preflight = await gateway.app.inject({ method: 'OPTIONS', url: '/graphql', remoteAddress: '192.0.2.10', headers: { origin: 'http://localhost:3000' } });
  expect(preflight.statusCode).toBe(400);
  const get = await gateway.app.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D&operationName=Q8a0d6c1e2f4b4c1a', remoteAddress: '192.0.2.11' });
  expect(get.statusCode).toBe(400);
  const empty = await post('192.0.2.12', {});
  expect(empty.statusCode).toBe(400);
  const notJson = await post('192.0.2.13', '{"query": ');
  expect(notJson.statusCode).toBe(400);

  const samples = await scrape();
  expect(badRequests(samples) - before).toBe(4);
  const labels = samples.filter((sample) => sample.name.startsWith('praxis_graphql_')).map((sample) => sample.labels.operation);
  expect(labels.filter((label) => label?.includes('8a0d6c1e'))).toEqual([]);
});

test('an operation Apollo refuses for its depth counts once, as the operation it is', async () => {
  const before = await scrape();
  const deep = await post('192.0.2.20', { query: 'query Deep { networks { nodes { communities { nodes { network { name } } } } } }', operationName: 'Deep' });
  expect(deep.statusCode).toBe(400);
  expect(codeOf(deep.body)).toBe('QUERY_TOO_COMPLEX');
  const after = await scrape();
  const total = (samples: MetricSample[]) => sampleValue(samples, 'praxis_graphql_requests_total') ?? 0;
  expect(total(after) - total(before)).toBe(1);
  expect(sampleValue(after, 'praxis_graphql_errors_total', { operation: 'Deep', code: 'QUERY_TOO_COMPLEX' })).toBe(1);
  expect(sampleValue(after, 'praxis_graphql_requests_total', { operation: 'Deep', type: 'refused' })).toBeUndefined();
});
