import { memberViewer, type Viewer } from '@praxis/platform';
import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '@praxis/membership/testing';
import { resources } from '../testing';

/**
 * SQL statements per operation do not grow with page size, batch size or page depth: 10 items
 * cost what 100 do, and the fifth page what the first does. Membership's statements (the
 * permission checks) are counted too.
 */
let stack: SubgraphTest<typeof resources, [typeof membership]>;
let viewer: Viewer;
let communityId: string;
let resourceIds: string[];
let collectionId: string;
let eventId: string;
let memberIds: string[];

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
  const { factories } = stack;
  const community = await factories.people.community({ visibility: 'MEMBERS_ONLY' });
  communityId = community.id;
  viewer = memberViewer(community.coordinator.id);
  const topic = await factories.topic(community.network);
  const tag = await factories.tag(community);
  const contributors = [community.coordinator, await factories.people.memberOf(community), await factories.people.memberOf(community)];
  memberIds = contributors.map((member) => member.id);
  eventId = await factories.event(community);
  resourceIds = [];
  for (let i = 0; i < 110; i += 1) {
    const by = contributors[i % contributors.length]!;
    const resource = i % 10 === 0 ? await factories.document(community, { by }) : await factories.resource(community, { by, input: { topicIds: [topic.id], tagIds: [tag.id] } });
    resourceIds.push(resource.id);
  }
  const as = factories.as(community.coordinator);
  for (const id of resourceIds.slice(0, 100)) {
    await factories.domain.engagement.setBookmarked(as, { resourceId: id, bookmarked: true });
    await factories.domain.eventLinks.link(as, { resourceId: id, eventId, role: 'OTHER' });
  }
  collectionId = (await factories.domain.collections.create(as, { communityId, title: 'Everything' })).id;
  await factories.domain.collections.setItems(as, { collectionId, resourceIds: resourceIds.slice(0, 100) });
}, 120_000);
afterAll(() => stack?.stop());

const RESOURCE_FIELDS = `id title summaryHtml contributor { id } community { id } topics { label } tags { label } file { fileName byteSize }
  linkHealth { status } viewerBookmarkedAt viewerMarkedHelpfulAt revisions(first: 2) { nodes { revision actor { id } } }
  linkedEvents { role event { id } linkedBy { id } }`;

async function statements(query: string, variables: Record<string, unknown>): Promise<{ resources: number; membership: number; data: unknown }> {
  const counters = { resources: stack.running.runtime.queries, membership: stack.membership.runtime.queries };
  const { result, statements: counted } = await countStatements(counters, () => stack.run(query, variables, viewer));
  expect(result.errors).toBeUndefined();
  return { resources: counted.resources!, membership: counted.membership!, data: result.data };
}

const report: Record<string, string> = {};
afterAll(() => {
  process.stdout.write(`\nStatements (resources + membership), 10 vs 100:\n${Object.entries(report).map(([name, line]) => `  ${name}: ${line}`).join('\n')}\n`);
});

test.each([
  [
    'a library page with facets and every nested field',
    (size: number) => [
      `query ($id: ID!, $n: Int) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community {
         library(first: $n) { totalCount nodes { ${RESOURCE_FIELDS} } facets { kinds { kind count } topics { topic { label } count } tags { tag { label } count } } } } } }`,
      { id: communityId, n: size },
    ],
  ],
  [
    'resource references from another subgraph',
    (size: number) => [
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resource { ${RESOURCE_FIELDS} } } }`,
      { reps: resourceIds.slice(0, size).map((id) => ({ __typename: 'Resource', id, communityId })) },
    ],
  ],
  [
    "members' contributions",
    (size: number) => [
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { resourceContributions(first: 5) { nodes { id topics { label } } } } } }`,
      { reps: Array.from({ length: size }, (_, i) => ({ __typename: 'Member', id: memberIds[i % memberIds.length] })) },
    ],
  ],
  [
    "a collection's items",
    (size: number) => [
      `query ($id: ID!, $n: Int) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community {
         resourceCollections { nodes { itemCount items(first: $n) { nodes { ${RESOURCE_FIELDS} } } } } } } }`,
      { id: communityId, n: size },
    ],
  ],
  [
    "an event's resources",
    (size: number) => [
      `query ($id: ID!, $c: ID!, $n: Int) { _entities(representations: [{ __typename: "Event", id: $id, communityId: $c }]) { ... on Event {
         resources(first: $n) { edges { role node { ${RESOURCE_FIELDS} } } } } } }`,
      { id: eventId, c: communityId, n: size },
    ],
  ],
] as [string, (size: number) => [string, Record<string, unknown>]][])('%s: 10 cost what 100 cost', async (name, build) => {
  const [query10, variables10] = build(10);
  const [query100, variables100] = build(100);
  const ten = await statements(query10, variables10);
  const hundred = await statements(query100, variables100);
  report[name] = `${ten.resources} + ${ten.membership} vs ${hundred.resources} + ${hundred.membership}`;
  expect(JSON.stringify(hundred.data).length).toBeGreaterThan(JSON.stringify(ten.data).length);
  expect({ resources: hundred.resources, membership: hundred.membership }).toEqual({ resources: ten.resources, membership: ten.membership });
  // The permission checks, and whether the signed-in viewer's account still exists.
  expect(ten.membership).toBeLessThanOrEqual(2);
});

test('the fifth page costs what the first does', async () => {
  const query = `query ($id: ID!, $after: String) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community {
    library(first: 20, after: $after, orderBy: MOST_VIEWED) { pageInfo { endCursor hasNextPage } nodes { id contributor { id } topics { label } } } } } }`;
  let after: string | null = null;
  const costs: number[] = [];
  const seen = new Set<string>();
  for (let page = 0; page < 5; page += 1) {
    const counted = await statements(query, { id: communityId, after });
    const library = (counted.data as { _entities: { library: { pageInfo: { endCursor: string }; nodes: { id: string }[] } }[] })._entities[0]!.library;
    for (const node of library.nodes) seen.add(node.id);
    after = library.pageInfo.endCursor;
    costs.push(counted.resources + counted.membership);
  }
  expect(seen.size).toBe(100);
  expect(new Set(costs).size).toBe(1);
  report['library pages 1 to 5 (20 each)'] = costs.join(', ');
});
