import { request } from 'undici';
import { Access, DEVELOPMENT_INTERNAL_SECRET, HttpAccessSource, InternalAuth, SERVICE_HEADER } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '../testing';

/**
 * With MEMBERSHIP_INTERNAL_PORT, the routes other processes call listen apart from the public
 * GraphQL, so a network policy can let the subgraphs reach one and not the other (infra/k8s).
 */
let t: SubgraphTest<typeof membership>;
let source: HttpAccessSource;
const auth = new InternalAuth(DEVELOPMENT_INTERNAL_SECRET);

beforeAll(async () => {
  t = await startSubgraphTest(membership, { env: { MEMBERSHIP_INTERNAL_PORT: '0' } });
  source = new HttpAccessSource(t.running.internalUrl, auth, 'discussion');
});
afterAll(async () => {
  await source.close();
  await t?.stop();
});

async function post(url: string, path: string): Promise<number> {
  const answer = await request(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SERVICE_HEADER]: await auth.signService('discussion') },
    body: '{"memberId":null,"readable":true}',
  });
  await answer.body.dump();
  return answer.statusCode;
}

async function get(url: string, path: string): Promise<number> {
  const answer = await request(`${url}${path}`);
  await answer.body.dump();
  return answer.statusCode;
}

test('the internal routes answer on their own port and not beside /graphql', async () => {
  expect(new URL(t.running.internalUrl).port).not.toBe(new URL(t.running.url).port);
  expect(await post(t.running.internalUrl, '/internal/access')).toBe(200);
  expect(await post(t.running.url, '/internal/access')).toBe(404);
  expect(await post(t.running.url, '/internal/members/contacts')).toBe(404);
});

test('the GraphQL answers only on its own port', async () => {
  expect(await get(t.running.internalUrl, '/graphql?query=%7B__typename%7D')).toBe(404);
  const answer = await request(`${t.running.url}/graphql?query=%7B__typename%7D`, { headers: { 'apollo-require-preflight': 'true' } });
  expect(answer.statusCode).toBe(200);
  await answer.body.dump();
});

test('the keys that verify tokens are served on both ports, and both ports have health routes', async () => {
  expect(await get(t.running.url, '/.well-known/jwks.json')).toBe(200);
  expect(await get(t.running.internalUrl, '/.well-known/jwks.json')).toBe(200);
  expect(await get(t.running.internalUrl, '/health/ready')).toBe(200);
  expect(await get(t.running.internalUrl, '/health/live')).toBe(200);
});

test('other services get their permission answers through the internal port', async () => {
  const community = await t.factories.community({ visibility: 'MEMBERS_ONLY' });
  const member = await t.factories.memberOf(community, 'MODERATOR');
  expect(await new Access(source, t.factories.viewer(member)).community(community.id)).toMatchObject({ canRead: true, canModerate: true, role: 'MODERATOR' });
});

test('stopping membership closes both ports', async () => {
  const { internalUrl, url } = t.running;
  await t.stop();
  await expect(get(internalUrl, '/health/live')).rejects.toThrow();
  await expect(get(url, '/health/live')).rejects.toThrow();
});
