import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { parseExposition, sampleValue, type MetricSample } from '@praxis/platform';
import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories } from '@praxis/membership/testing';
import { startStack, type Stack } from '../../e2e/harness';

/**
 * Every process answers /metrics for itself: the gateway for the operations clients send and
 * its calls to each subgraph, each subgraph for the operations the gateway sends it. The events
 * subgraph is put where nothing listens, so its calls fail as a subgraph that is down.
 */
let stack: Stack;
let factories: MembershipFactories;

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function scrape(base: string): Promise<MetricSample[]> {
  const response = await request(`${base}/metrics`);
  expect(response.statusCode).toBe(200);
  return parseExposition(await response.body.text());
}

beforeAll(async () => {
  const down = `http://127.0.0.1:${await closedPort()}`;
  stack = await startStack({ subgraphUrl: (name, url) => (name === 'events' ? down : url) });
  factories = new MembershipFactories(stack.services.membership as RunningMembership);
});
afterAll(() => stack?.stop());

test('the gateway counts operations by name and errors by code, times each subgraph call, and labels no id', async () => {
  const community = await factories.community({ visibility: 'PUBLIC' });
  const page = 'query CommunityPage($id: ID!) { community(id: $id) { name } }';
  expect((await stack.graphql(page, { id: community.id })).errors).toBeUndefined();
  expect((await stack.graphql(page, { id: community.id })).errors).toBeUndefined();
  const anonymous = await stack.graphql(`{ community(id: "${community.id}") { name upcomingEvents(first: 3) { nodes { id } } } }`);
  expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
  const signIn = await stack.graphql('mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }', { input: { email: 'nobody@example.org', password: 'not-the-password' } });
  const signInCode = signIn.errors?.[0]?.extensions?.code as string;
  expect(signInCode).toMatch(/^[A-Z_]+$/);
  expect((await stack.graphql('{ nope }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

  const samples = await scrape(stack.gatewayUrl);
  const own = samples.filter((sample) => sample.name.startsWith('praxis_'));
  expect(new Set(own.map((sample) => sample.labels.service))).toEqual(new Set(['gateway']));
  expect(sampleValue(samples, 'praxis_graphql_requests_total', { operation: 'CommunityPage', type: 'query' })).toBe(2);
  expect(sampleValue(samples, 'praxis_graphql_request_duration_seconds_count', { operation: 'CommunityPage' })).toBe(2);
  expect(sampleValue(samples, 'praxis_graphql_errors_total', { operation: 'CommunityPage' })).toBeUndefined();
  expect(sampleValue(samples, 'praxis_graphql_requests_total', { operation: 'anonymous', type: 'query' })).toBe(1);
  // An operation that fails validation never resolves to a type.
  expect(sampleValue(samples, 'praxis_graphql_requests_total', { operation: 'anonymous', type: 'unknown' })).toBe(1);
  expect(sampleValue(samples, 'praxis_graphql_errors_total', { operation: 'anonymous', code: 'SUBGRAPH_UNAVAILABLE' })).toBe(1);
  expect(sampleValue(samples, 'praxis_graphql_errors_total', { operation: 'anonymous', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
  expect(sampleValue(samples, 'praxis_graphql_requests_total', { operation: 'SignIn', type: 'mutation' })).toBe(1);
  expect(sampleValue(samples, 'praxis_graphql_errors_total', { operation: 'SignIn', code: signInCode })).toBe(1);

  expect(sampleValue(samples, 'praxis_subgraph_fetch_duration_seconds_count', { subgraph: 'membership' })).toBeGreaterThanOrEqual(4);
  expect(sampleValue(samples, 'praxis_subgraph_fetch_errors_total', { subgraph: 'membership' })).toBeUndefined();
  expect(sampleValue(samples, 'praxis_subgraph_fetch_errors_total', { subgraph: 'events', reason: 'connection' })).toBe(1);

  const values = own.flatMap((sample) => Object.values(sample.labels));
  expect(values.filter((value) => value.includes(community.id) || value.includes('@') || /[0-9a-f]{8}-[0-9a-f]{4}/i.test(value))).toEqual([]);
});

test('each subgraph answers /metrics for itself: the operations the gateway sent it, its pools and its background work', async () => {
  const community = await factories.community({ visibility: 'PUBLIC' });
  expect((await stack.graphql('query MembersPage($id: ID!) { community(id: $id) { name } }', { id: community.id })).errors).toBeUndefined();

  const membership = await scrape(stack.services.membership!.url);
  expect(new Set(membership.filter((sample) => sample.name.startsWith('praxis_')).map((sample) => sample.labels.service))).toEqual(new Set(['membership']));
  // The gateway names each subgraph fetch after the client's operation.
  const operations = membership.filter((sample) => sample.name === 'praxis_graphql_requests_total').map((sample) => sample.labels.operation);
  expect(operations).toContainEqual(expect.stringMatching(/^MembersPage__membership__\d+$/));
  expect(sampleValue(membership, 'praxis_db_statement_duration_seconds_count', { pool: 'main' })).toBeGreaterThan(0);
  expect(sampleValue(membership, 'praxis_db_pool_connections', { pool: 'main', state: 'idle' })).toBeGreaterThanOrEqual(0);
  expect(sampleValue(membership, 'praxis_job_queue_oldest_waiting_seconds')).toBeGreaterThanOrEqual(0);
  const membershipValues = membership.filter((sample) => sample.name.startsWith('praxis_')).flatMap((sample) => Object.values(sample.labels));
  expect(membershipValues.filter((value) => value.includes(community.id))).toEqual([]);

  const discussion = await scrape(stack.services.discussion!.url);
  expect(new Set(discussion.filter((sample) => sample.name.startsWith('praxis_')).map((sample) => sample.labels.service))).toEqual(new Set(['discussion']));
  expect(discussion.some((sample) => sample.name === 'praxis_eventlog_consumer_lag_events')).toBe(true);
});
