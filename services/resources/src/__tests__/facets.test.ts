import { memberViewer, type Viewer } from '@praxis/platform';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources } from '../testing';

/**
 * Facet counts must match the filters exactly. Two independent checks: each count equals what
 * selecting that value alone (in its facet, with every other filter kept) finds; and every
 * count equals what a plain model of the fixture computes.
 */
const KINDS = ['LINK', 'ARTICLE', 'VIDEO', 'DOCUMENT', 'TOOLKIT', 'FRAMEWORK', 'CASE_STUDY', 'RECORDING'] as const;
const AUDIENCES = ['STAFF', 'CONSUMERS_AND_CARERS', 'EVERYONE'] as const;

interface Modelled {
  id: string;
  community: string | null;
  kind: string;
  audience: string;
  topics: string[];
  tags: string[];
  title: string;
  language: string;
}

interface Filter {
  search?: string;
  kinds?: string[];
  audiences?: string[];
  topicIds?: string[];
  tagIds?: string[];
  communityIds?: string[];
  sharedNetworkWide?: boolean;
  language?: string;
}

interface Facets {
  kinds: { kind: string; count: number }[];
  audiences: { audience: string; count: number }[];
  topics: { topic: { id: string }; count: number }[];
  tags: { tag: { id: string }; count: number }[];
  communities: { community: { id: string } | null; count: number }[];
}

let stack: SubgraphTest<typeof resources, [typeof membership]>;
let viewer: Viewer;
let networkId: string;
let ids: { a: string; b: string; hidden: string; topics: string[]; tags: string[] };
const model: Modelled[] = [];

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
  const { factories } = stack;
  const a = await factories.people.community({ visibility: 'PUBLIC' });
  const b = await factories.people.community({ network: a.network, coordinator: a.coordinator, visibility: 'MEMBERS_ONLY' });
  const hidden = await factories.people.community({ network: a.network, visibility: 'MEMBERS_ONLY' });
  networkId = a.networkId;
  viewer = memberViewer(a.coordinator.id);
  const topics = [await factories.topic(a.network, 'Co-design'), await factories.topic(a.network, 'Primary care'), await factories.topic(a.network, 'Surveys')];
  const tagsA = [await factories.tag(a, 'Getting started'), await factories.tag(a, 'Frameworks')];
  const tagB = await factories.tag(b, 'Workshops');
  ids = { a: a.id, b: b.id, hidden: hidden.id, topics: topics.map((topic) => topic.id), tags: [...tagsA.map((tag) => tag.id), tagB.id] };

  const add = async (community: typeof a | null, index: number, tagPool: string[]) => {
    const entry = {
      kind: KINDS[(index * 3) % KINDS.length]!,
      audience: AUDIENCES[index % AUDIENCES.length]!,
      topics: ids.topics.filter((_, t) => (index + t) % 3 === 0 || (index % 5 === 0 && t === 2)),
      tags: tagPool.filter((_, t) => (index + t) % 2 === 0),
      title: `${index % 3 === 0 ? 'Carer' : 'Staff'} resource number ${index}`,
      language: index % 7 === 0 ? 'fr' : 'en',
    };
    const input = { ...entry, topicIds: entry.topics, tagIds: entry.tags };
    const created = community ? await factories.resource(community, { input }) : await factories.shared(a.network, { ...input, tagIds: [] });
    model.push({ id: created.id, community: community?.id ?? null, ...entry, tags: community ? entry.tags : [] });
  };
  for (let i = 0; i < 24; i += 1) await add(a, i, ids.tags.slice(0, 2));
  for (let i = 24; i < 34; i += 1) await add(b, i, [tagB.id]);
  for (let i = 34; i < 39; i += 1) await add(hidden, i, []);
  for (let i = 39; i < 43; i += 1) await add(null, i, []);
}, 60_000);
afterAll(() => stack?.stop());

const SEARCH = `query ($n: ID!, $filter: LibraryFilter) { resourceLibrary(networkId: $n, filter: $filter, first: 100) {
  totalCount nodes { id }
  facets { kinds { kind count } audiences { audience count } topics { topic { id } count } tags { tag { id } count } communities { community { id } count } } } }`;

async function search(filter: Filter): Promise<{ totalCount: number; nodes: { id: string }[]; facets: Facets }> {
  const result = await stack.run(SEARCH, { n: networkId, filter }, viewer);
  expect(result.errors).toBeUndefined();
  return (result.data as { resourceLibrary: { totalCount: number; nodes: { id: string }[]; facets: Facets } }).resourceLibrary;
}

/** The same semantics, written plainly over the fixture. */
function expected(filter: Filter) {
  const readable = (row: Modelled) => row.community !== ids.hidden;
  const passes = {
    kind: (row: Modelled) => !filter.kinds?.length || filter.kinds.includes(row.kind),
    audience: (row: Modelled) => !filter.audiences?.length || filter.audiences.includes(row.audience),
    topic: (row: Modelled) => !filter.topicIds?.length || row.topics.some((id) => filter.topicIds!.includes(id)),
    tag: (row: Modelled) => !filter.tagIds?.length || row.tags.some((id) => filter.tagIds!.includes(id)),
    community: (row: Modelled) =>
      !(filter.communityIds?.length || filter.sharedNetworkWide) || (row.community !== null && (filter.communityIds ?? []).includes(row.community)) || (row.community === null && Boolean(filter.sharedNetworkWide)),
  };
  const base = model.filter((row) => readable(row) && (!filter.search || /carer/i.test(row.title)) && (!filter.language || row.language === filter.language));
  const except = (facet: keyof typeof passes) => base.filter((row) => Object.entries(passes).every(([name, test]) => name === facet || test(row)));
  const tally = (rows: Modelled[], values: (row: Modelled) => (string | null)[]) => {
    const counts = new Map<string | null, number>();
    for (const row of rows) for (const value of values(row)) counts.set(value, (counts.get(value) ?? 0) + 1);
    return counts;
  };
  return {
    total: base.filter((row) => Object.values(passes).every((test) => test(row))).length,
    kinds: tally(except('kind'), (row) => [row.kind]),
    audiences: tally(except('audience'), (row) => [row.audience]),
    topics: tally(except('topic'), (row) => row.topics),
    tags: tally(except('tag'), (row) => row.tags),
    communities: tally(except('community'), (row) => [row.community]),
  };
}

const asMap = <T>(entries: T[], key: (entry: T) => string | null, count: (entry: T) => number) => new Map(entries.map((entry) => [key(entry), count(entry)]));

const FILTERS: [string, Filter][] = [
  ['no filter', {}],
  ['two kinds', { kinds: ['TOOLKIT', 'VIDEO'] }],
  ['a topic and an audience', { topicIds: ['TOPIC0'], audiences: ['STAFF'] }],
  ['a search and two tags', { search: 'carer', tagIds: ['TAG0', 'TAG1'] }],
  ['a community with shared resources and a kind', { communityIds: ['A'], sharedNetworkWide: true, kinds: ['LINK', 'FRAMEWORK'] }],
  ['a language', { language: 'fr' }],
];

function resolve(filter: Filter): Filter {
  return {
    ...filter,
    topicIds: filter.topicIds?.map((id) => ids.topics[Number(id.slice(5))]!),
    tagIds: filter.tagIds?.map((id) => ids.tags[Number(id.slice(3))]!),
    communityIds: filter.communityIds?.map((id) => (id === 'A' ? ids.a : ids.b)),
  };
}

describe.each(FILTERS)('with %s', (_name, raw) => {
  test('every facet count is what selecting that value alone finds, and what the model says', async () => {
    const filter = resolve(raw);
    const result = await search(filter);
    const model = expected(filter);
    expect(model.total).toBeGreaterThan(0);
    expect(result.totalCount).toBe(model.total);
    expect(result.nodes).toHaveLength(model.total);
    expect(asMap(result.facets.kinds, (e) => e.kind, (e) => e.count)).toEqual(model.kinds);
    expect(asMap(result.facets.audiences, (e) => e.audience, (e) => e.count)).toEqual(model.audiences);
    expect(asMap(result.facets.topics, (e) => e.topic.id, (e) => e.count)).toEqual(model.topics);
    expect(asMap(result.facets.tags, (e) => e.tag.id, (e) => e.count)).toEqual(model.tags);
    expect(asMap(result.facets.communities, (e) => e.community?.id ?? null, (e) => e.count)).toEqual(model.communities);
    expect(result.facets.communities.map((e) => e.community?.id)).not.toContain(ids.hidden);

    const alone = async (patch: Filter) => (await search({ ...filter, ...patch })).totalCount;
    for (const entry of result.facets.kinds) expect(await alone({ kinds: [entry.kind] })).toBe(entry.count);
    for (const entry of result.facets.audiences) expect(await alone({ audiences: [entry.audience] })).toBe(entry.count);
    for (const entry of result.facets.topics) expect(await alone({ topicIds: [entry.topic.id] })).toBe(entry.count);
    for (const entry of result.facets.tags) expect(await alone({ tagIds: [entry.tag.id] })).toBe(entry.count);
    for (const entry of result.facets.communities) {
      expect(await alone(entry.community ? { communityIds: [entry.community.id], sharedNetworkWide: false } : { communityIds: [], sharedNetworkWide: true })).toBe(entry.count);
    }
  });
});

test("a community's own library facets count only its resources", async () => {
  const result = await stack.run(
    `query ($id: ID!) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community {
       library(first: 100, filter: { audiences: [STAFF] }) { totalCount facets { kinds { kind count } communities { community { id } count } } } } } }`,
    { id: ids.a },
    viewer,
  );
  const library = (result.data as { _entities: { library: { totalCount: number; facets: Facets } }[] })._entities[0]!.library;
  const inA = model.filter((row) => row.community === ids.a);
  expect(library.totalCount).toBe(inA.filter((row) => row.audience === 'STAFF').length);
  expect(library.facets.communities).toEqual([{ community: { id: ids.a }, count: library.totalCount }]);
  expect(library.facets.kinds.reduce((sum, entry) => sum + entry.count, 0)).toBe(library.totalCount);
});

test('filters reject malformed ids and overlong searches on their field', async () => {
  const bad = await stack.run(SEARCH, { n: networkId, filter: { topicIds: ['not-a-uuid'] } }, viewer);
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.topicIds.0' });
  const long = await stack.run(SEARCH, { n: networkId, filter: { search: 'x'.repeat(201) } }, viewer);
  expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
  const stopWords = await search({ search: 'the and of' });
  expect(stopWords.totalCount).toBe(0);
});
