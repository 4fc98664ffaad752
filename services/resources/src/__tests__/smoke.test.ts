import { memberViewer } from '@praxis/platform';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources } from '../testing';

let stack: SubgraphTest<typeof resources, [typeof membership]>;

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
});
afterAll(() => stack?.stop());

test('a resource added to a community appears in its library with facets', async () => {
  const { factories } = stack;
  const community = await factories.people.community();
  const topic = await factories.topic(community.network, 'Co-design');
  const tag = await factories.tag(community, 'Toolkits');
  const resource = await factories.resource(community, { input: { topicIds: [topic.id], tagIds: [tag.id], kind: 'TOOLKIT', title: 'Co-design toolkit' } });
  const result = await stack.run(
    `query ($id: ID!) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community {
        library(first: 10, filter: { search: "toolkit" }) { totalCount nodes { id title topics { label } tags { label } contributor { id } revision }
          facets { kinds { kind count } topics { topic { label } count } tags { tag { label } count } communities { community { id } count } } } } } }`,
    { id: community.id },
    memberViewer(community.coordinator.id),
  );
  expect(result.errors).toBeUndefined();
  const library = (result.data as { _entities: { library: Record<string, unknown> }[] })._entities[0]!.library;
  expect(library).toEqual({
    totalCount: 1,
    nodes: [{ id: resource.id, title: 'Co-design toolkit', topics: [{ label: 'Co-design' }], tags: [{ label: 'Toolkits' }], contributor: { id: community.coordinator.id }, revision: 1 }],
    facets: { kinds: [{ kind: 'TOOLKIT', count: 1 }], topics: [{ topic: { label: 'Co-design' }, count: 1 }], tags: [{ tag: { label: 'Toolkits' }, count: 1 }], communities: [{ community: { id: community.id }, count: 1 }] },
  });
});
