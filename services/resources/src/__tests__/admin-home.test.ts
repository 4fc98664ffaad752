import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { membership } from '@praxis/membership/testing';
import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources, type ResourceFactories } from '../testing';

/**
 * The admin app's home screen reads `libraryCurationQueueCount` and `brokenResourceLinkCount`
 * for every community a viewer runs: what `libraryCurationQueue` and `brokenResourceLinks` list,
 * for those who may curate, one statement and one permission batch for any number of communities.
 */
let t: SubgraphTest<typeof resources, [typeof membership]>;
let server: Server;
type Community = Awaited<ReturnType<ResourceFactories['people']['community']>>;
let community: Community;
let moderator: { id: string };
let member: { id: string };
let stranger: { id: string };

type Counts = { id: string; libraryCurationQueueCount: number | null; brokenResourceLinkCount: number | null };
const COUNTS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Community { id libraryCurationQueueCount brokenResourceLinkCount } } }`;
const reps = (ids: string[]) => ({ reps: ids.map((id) => ({ __typename: 'Community', id })) });

beforeAll(async () => {
  server = createServer((request, response) => response.writeHead(request.url === '/ok' ? 200 : 404).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startSubgraphTest(resources, { with: [membership] });
  const f = t.factories;
  community = await f.people.community({ visibility: 'MEMBERS_ONLY' });
  [moderator, member, stranger] = await Promise.all([f.people.memberOf(community, 'MODERATOR'), f.people.memberOf(community), f.people.member()]);
  await f.domain.curation.updateSettings(f.as(community.coordinator), { communityId: community.id, curated: true });
  // Three submissions wait; a rejected one does not.
  const submitted = [];
  for (let i = 0; i < 4; i += 1) submitted.push(await f.resource(community, { by: member, input: { url: `${base}/ok` } }));
  await f.domain.curation.reject(f.as(moderator), { resourceId: submitted[3]!.id, reason: 'Please say who wrote it.' });
  // Two broken links (one of them deleted afterwards, so one counts), one good link, one document.
  const broken = [await f.resource(community, { input: { url: `${base}/missing` } }), await f.resource(community, { input: { url: `${base}/gone` } })];
  await f.resource(community, { input: { url: `${base}/ok` } });
  await f.document(community);
  await f.domain.links.checkDue();
  await f.domain.contributions.delete(f.as(community.coordinator), { resourceId: broken[1]!.id });
}, 120_000);
afterAll(async () => {
  await t?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function countsAs(viewer: { id: string } | null): Promise<Omit<Counts, 'id'>> {
  const result = await t.run<{ _entities: Counts[] }>(COUNTS, reps([community.id]), viewer);
  expect(result.errors).toBeUndefined();
  const { libraryCurationQueueCount, brokenResourceLinkCount } = result.data!._entities[0]!;
  return { libraryCurationQueueCount, brokenResourceLinkCount };
}

test('curators get the number of items the curation queue and the broken-links list hold', async () => {
  const lists = await t.run<{ _entities: { libraryCurationQueue: { nodes: unknown[] } }[]; brokenResourceLinks: { nodes: unknown[] } }>(
    `query ($reps: [_Any!]!, $network: ID!, $community: ID) {
       _entities(representations: $reps) { ... on Community { libraryCurationQueue(first: 100) { nodes { id } } } }
       brokenResourceLinks(networkId: $network, communityId: $community, first: 100) { nodes { id } } }`,
    { ...reps([community.id]), network: community.networkId, community: community.id },
    moderator,
  );
  expect(lists.errors).toBeUndefined();
  expect(lists.data!._entities[0]!.libraryCurationQueue.nodes).toHaveLength(3);
  expect(lists.data!.brokenResourceLinks.nodes).toHaveLength(1);
  for (const curator of [moderator, community.coordinator, community.network.admin]) {
    expect(await countsAs(curator)).toEqual({ libraryCurationQueueCount: 3, brokenResourceLinkCount: 1 });
  }
});

test('members, non-members and anonymous viewers get null, without an error', async () => {
  for (const viewer of [member, stranger, null]) expect(await countsAs(viewer)).toEqual({ libraryCurationQueueCount: null, brokenResourceLinkCount: null });
});

test('20 communities cost the same statements as 1, in the library and in membership', async () => {
  const ids = [community.id];
  for (let i = 1; i < 20; i += 1) ids.push((await t.people.community({ network: community.network, coordinator: community.coordinator })).id);
  const measure = (some: string[]) =>
    countStatements({ resources: t.running.runtime.queries, membership: t.membership.runtime.queries }, () => t.run<{ _entities: Counts[] }>(COUNTS, reps(some), community.coordinator));
  const one = await measure(ids.slice(0, 1));
  const twenty = await measure(ids);
  expect(twenty.result.errors).toBeUndefined();
  expect(twenty.result.data!._entities.map((entity) => [entity.libraryCurationQueueCount, entity.brokenResourceLinkCount])).toEqual([[3, 1], ...ids.slice(1).map(() => [0, 0])]);
  expect(twenty.statements).toEqual(one.statements);
  process.stdout.write(`\nadmin home (resources): 1 community -> ${JSON.stringify(one.statements)}, 20 -> ${JSON.stringify(twenty.statements)}\n`);
});
