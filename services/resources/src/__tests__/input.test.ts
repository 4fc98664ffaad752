import { hostileInput, startSubgraphTest, type Result, type SubgraphTest } from '@praxis/platform/testing';
import { request } from 'undici';
import { memberViewer, type Viewer } from '@praxis/platform';
import { membership } from '@praxis/membership/testing';
import { resources } from '../testing';

/**
 * Hostile and careless input: every problem is BAD_USER_INPUT on its dotted field, nothing is
 * written, and member-written Markdown comes back sanitised.
 */
let stack: SubgraphTest<typeof resources, [typeof membership]>;
type Community = Awaited<ReturnType<SubgraphTest<typeof resources, [typeof membership]>['factories']['people']['community']>>;
let community: Community;
let viewer: Viewer;
let ids: { topic: string; archivedTopic: string; foreignTopic: string; tag: string; archivedTag: string; foreignTag: string };

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
  const { factories } = stack;
  community = await factories.people.community();
  viewer = memberViewer(community.coordinator.id);
  const elsewhere = await factories.people.community();
  const neighbour = await factories.people.community({ network: community.network, coordinator: community.coordinator });
  const archivedTopic = await factories.topic(community.network, 'Old topic');
  await factories.people.domain.networks.updateTerm(factories.people.viewer(community.network.admin), { id: archivedTopic.id, archived: true });
  const archivedTag = await factories.tag(community, 'Old tag');
  await factories.domain.curation.updateTag(factories.as(community.coordinator), { id: archivedTag.id, archived: true });
  ids = {
    topic: (await factories.topic(community.network, 'Co-design')).id,
    archivedTopic: archivedTopic.id,
    foreignTopic: (await factories.topic(elsewhere.network, 'Elsewhere')).id,
    tag: (await factories.tag(community, 'Toolkits')).id,
    archivedTag: archivedTag.id,
    foreignTag: (await factories.tag(neighbour, 'Theirs')).id,
  };
  await factories.sync();
});
afterAll(() => stack?.stop());

const CREATE = 'mutation ($input: CreateResourceInput!) { createResource(input: $input) { resource { id summaryHtml summary topics { id } tags { id } } } }';
const valid = () => ({ communityId: community.id, title: 'Engagement framework', kind: 'FRAMEWORK', audience: 'STAFF', url: 'https://example.org/framework' });

async function countResources(): Promise<number> {
  const [{ count }] = (await stack.running.runtime.db.query('SELECT count(*)::int AS count FROM resources')) as [{ count: number }];
  return count;
}

test.each([
  ['an empty title', 'input.title', { title: '   ' }],
  ['a title that is too long', 'input.title', { title: 'x'.repeat(201) }],
  ['a javascript: link', 'input.url', { url: 'javascript:alert(document.cookie)' }],
  ['both a link and an upload', 'input.url', { uploadId: '00000000-0000-4000-8000-000000000000' }],
  ['neither a link nor an upload', 'input.url', { url: null }],
  ['a topic that is not on the list', 'input.topicIds.0', { topicIds: ['00000000-0000-4000-8000-000000000001'] }],
  ['an archived topic', 'input.topicIds.1', { topicIds: ['TOPIC', 'ARCHIVED_TOPIC'] }],
  ["another network's topic", 'input.topicIds.0', { topicIds: ['FOREIGN_TOPIC'] }],
  ['a topic twice', 'input.topicIds', { topicIds: ['TOPIC', 'TOPIC'] }],
  ['a topic id that is not an id', 'input.topicIds.0', { topicIds: ["1'; DROP TABLE resources; --"] }],
  ['a tag that is not on the list', 'input.tagIds.0', { tagIds: ['00000000-0000-4000-8000-000000000002'] }],
  ['an archived tag', 'input.tagIds.0', { tagIds: ['ARCHIVED_TAG'] }],
  ["another community's tag", 'input.tagIds.1', { tagIds: ['TAG', 'FOREIGN_TAG'] }],
  ['eleven topics', 'input.topicIds', { topicIds: Array.from({ length: 11 }, () => 'TOPIC') }],
  ['a date that does not exist', 'input.publishedOn', { publishedOn: '2018-02-30' }],
  ['a language that is not a tag', 'input.language', { language: 'English' }],
  ['a summary that is too long', 'input.summary', { summary: 'x'.repeat(4001) }],
] as const)('%s is BAD_USER_INPUT on %s, and nothing is written', async (_name, field, patch) => {
  const swap = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(swap)
      : ({ TOPIC: ids.topic, ARCHIVED_TOPIC: ids.archivedTopic, FOREIGN_TOPIC: ids.foreignTopic, TAG: ids.tag, ARCHIVED_TAG: ids.archivedTag, FOREIGN_TAG: ids.foreignTag } as Record<string, string>)[value as string] ?? value;
  const input = { ...valid(), ...Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, swap(value)])) };
  const before = await countResources();
  const result = await stack.run(CREATE, { input }, viewer);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(await countResources()).toBe(before);
});

test('tags on a resource shared network-wide are refused: tags belong to a community', async () => {
  const result = await stack.run(CREATE, { input: { ...valid(), communityId: null, networkId: community.networkId, tagIds: [ids.tag] } }, memberViewer(community.network.admin.id));
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tagIds' });
});

test('unknown and malformed targets are NOT_FOUND alike (ADR 8), without their ids reaching SQL as ids', async () => {
  for (const id of ['not-a-uuid', '00000000-0000-4000-8000-00000000000f']) {
    const result = await stack.run('mutation ($id: ID!) { recordResourceView(input: { resourceId: $id }) { resource { id } } }', { id }, viewer);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }
  const before = await countResources();
  const malformed = await stack.run(CREATE, { input: { ...valid(), communityId: 'community-1' } }, viewer);
  expect(malformed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  expect(await countResources()).toBe(before);
  expect((await stack.run('query { resource(id: "not-a-uuid") { id } }', {}, viewer)).data).toEqual({ resource: null });
  const network = await stack.run('query { resourceLibrary(networkId: "00000000-0000-4000-8000-000000000000") { totalCount } }', {}, viewer);
  expect(network.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const event = await stack.run(
    'mutation ($input: LinkResourceToEventInput!) { linkResourceToEvent(input: $input) { link { role } } }',
    { input: { resourceId: (await stack.factories.resource(community)).id, eventId: '00000000-0000-4000-8000-000000000000', role: 'SLIDES' } },
    viewer,
  );
  expect(event.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

test('Markdown summaries come back as sanitised HTML; the Markdown is kept as written', async () => {
  const summary = 'Read **this**. <script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)> [ok](https://example.org)';
  const result = await stack.run(CREATE, { input: { ...valid(), summary } }, viewer);
  const resource = (result.data as { createResource: { resource: { summary: string; summaryHtml: string } } }).createResource.resource;
  expect(resource.summary).toBe(summary);
  expect(resource.summaryHtml).toContain('<strong>this</strong>');
  expect(resource.summaryHtml).toContain('<a href="https://example.org" rel="nofollow ugc noopener noreferrer">ok</a>');
  expect(resource.summaryHtml).not.toMatch(/<script|javascript:|onerror|<img/i);
});

test('an archived topic or tag already on a resource may stay, and the list of tags is unique', async () => {
  const { factories } = stack;
  const liveTopic = await factories.topic(community.network, 'Soon archived');
  const liveTag = await factories.tag(community, 'Soon archived tag');
  const resource = await factories.resource(community, { input: { topicIds: [liveTopic.id], tagIds: [liveTag.id] } });
  await factories.people.domain.networks.updateTerm(factories.people.viewer(community.network.admin), { id: liveTopic.id, archived: true });
  await factories.domain.curation.updateTag(factories.as(community.coordinator), { id: liveTag.id, archived: true });
  await factories.sync();
  const kept = await factories.domain.contributions.update(factories.as(community.coordinator), { id: resource.id, topicIds: [liveTopic.id, ids.topic], tagIds: [liveTag.id] });
  expect(kept.revision).toBe(2);
  const topics = await stack.run('query ($id: ID!) { resource(id: $id) { topics { label archived } tags { label archived } } }', { id: resource.id }, viewer);
  expect(topics.data).toEqual({ resource: { topics: [{ label: 'Co-design', archived: false }, { label: 'Soon archived', archived: true }], tags: [{ label: 'Soon archived tag', archived: true }] } });
  const duplicate = await stack.run('mutation ($input: CreateLibraryTagInput!) { createLibraryTag(input: $input) { tag { id } } }', { input: { communityId: community.id, label: 'toolkits' } }, viewer);
  expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE', field: 'input.label' });
});

test('full-text search finds titles, summaries and tags, and follows a renamed tag', async () => {
  const { factories } = stack;
  const tag = await factories.tag(community, 'Epic failures');
  const byTag = await factories.resource(community, { input: { title: 'Learning story', summary: 'What went wrong.', tagIds: [tag.id] } });
  const bySummary = await factories.resource(community, { input: { title: 'Another', summary: 'Telehealth for carers in rural towns.' } });
  const search = async (text: string) => {
    const result = await stack.run(
      'query ($id: ID!, $q: String) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community { library(filter: { search: $q }) { nodes { id } } } } }',
      { id: community.id, q: text },
      viewer,
    );
    return (result.data as { _entities: { library: { nodes: { id: string }[] } }[] })._entities[0]!.library.nodes.map((node) => node.id);
  };
  expect(await search('failure')).toEqual([byTag.id]);
  expect(await search('telehealth carer')).toEqual([bySummary.id]);
  expect(await search('"rural towns" -wrong')).toEqual([bySummary.id]);
  await factories.domain.curation.updateTag(factories.as(community.coordinator), { id: tag.id, label: 'Lessons learnt' });
  expect(await search('lessons')).toEqual([byTag.id]);
  expect(await search('failure')).toEqual([]);
});

describe('hostile text and cursors are BAD_USER_INPUT on their argument, never an internal error', () => {
  const { NUL, ID, HOSTILE_CURSORS } = hostileInput;
  const LIBRARY = (selection: string) => `query ($c: String, $q: String, $id: ID!) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community { ${selection} } } }`;

  test.each([
    ["a new resource's summary", CREATE, () => ({ input: { ...valid(), summary: NUL } }), 'input.summary'],
    ["a new resource's title", CREATE, () => ({ input: { ...valid(), title: NUL } }), 'input.title'],
    [
      "an edited resource's summary",
      'mutation ($input: UpdateResourceInput!) { updateResource(input: $input) { resource { id } } }',
      () => ({ input: { id: ID, summary: NUL } }),
      'input.summary',
    ],
    ["a community library's search", LIBRARY('library(filter: { search: $q }) { nodes { id } }').replace('$c: String, ', ''), () => ({ q: NUL, id: community.id }), 'filter.search'],
    ['the network library search', 'query ($q: String, $n: ID!) { resourceLibrary(networkId: $n, filter: { search: $q }) { nodes { id } } }', () => ({ q: NUL, n: community.networkId }), 'filter.search'],
    ['an upload file name', 'mutation ($f: String!, $id: ID) { createResourceUpload(input: { communityId: $id, fileName: $f }) { upload { id } } }', () => ({ f: `report${NUL}.pdf`, id: community.id }), 'input.fileName'],
  ])('a NUL character in %s is BAD_USER_INPUT naming it, and writes nothing', async (_label, query, variables, field) => {
    const before = await countResources();
    const result = await stack.run(query, variables(), viewer);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await countResources()).toBe(before);
  });

  test('over HTTP, as the gateway asks, the refusal is a 200 with the error, so the gateway passes it on', async () => {
    const response = await request(`${stack.running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query ($q: String, $n: ID!) { resourceLibrary(networkId: $n, filter: { search: $q }) { nodes { id } } }', variables: { q: NUL, n: community.networkId } }),
    });
    const body = (await response.body.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(response.statusCode).toBe(200);
    expect(body.errors).toEqual([
      { message: 'Text cannot contain the NUL character (U+0000).', extensions: { code: 'BAD_USER_INPUT', field: 'filter.search', fields: [{ field: 'filter.search', message: 'Text cannot contain the NUL character (U+0000).' }] } },
    ]);
  });

  describe.each(HOSTILE_CURSORS)('a cursor with %s', (_label, hostile) => {
    test.each([
      ['a community library, newest first', LIBRARY('library(first: 5, after: $c, filter: { search: $q }) { nodes { id } }'), 'after'],
      ['a community library, most viewed first', LIBRARY('library(first: 5, after: $c, filter: { search: $q }, orderBy: MOST_VIEWED) { nodes { id } }'), 'after'],
      ['the network library', 'query ($c: String, $q: String, $n: ID!) { resourceLibrary(networkId: $n, first: 5, after: $c, filter: { search: $q }) { nodes { id } } }', 'after'],
      ['the network library, backward', 'query ($c: String, $q: String, $n: ID!) { resourceLibrary(networkId: $n, last: 5, before: $c, filter: { search: $q }) { nodes { id } } }', 'before'],
      ["a community's featured resources", LIBRARY('featuredResources(first: 5, after: $c) { nodes { id } }').replace('$q: String, ', ''), 'after'],
    ])('on %s is BAD_USER_INPUT naming the argument', async (_list, query, field) => {
      const variables = { c: hostile, id: community.id, n: community.networkId, ...(query.includes('$q') ? { q: null } : {}) };
      const result = await stack.run(query, variables, viewer);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });
  });

  test('the cursors the library gives out still page through it', async () => {
    await stack.factories.resource(community);
    await stack.factories.resource(community);
    await stack.factories.sync();
    const query = 'query ($c: String, $n: ID!) { resourceLibrary(networkId: $n, first: 1, after: $c) { nodes { id } pageInfo { endCursor hasNextPage } } }';
    type Page = { resourceLibrary: { nodes: { id: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const result: Result<Page> = await stack.run(query, { c: after, n: community.networkId }, viewer);
      expect(result.errors).toBeUndefined();
      const page = (result.data as Page).resourceLibrary;
      seen.push(...page.nodes.map((node) => node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
