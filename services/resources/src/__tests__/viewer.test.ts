import { ANONYMOUS, memberViewer } from '@praxis/platform';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources } from '../testing';

let stack: SubgraphTest<typeof resources, [typeof membership]>;

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
});
afterAll(() => stack?.stop());

const ME = 'query ($id: ID!) { _entities(representations: [{ __typename: "Viewer", memberId: $id }]) { ... on Viewer { resourceBookmarks { edges { node { id } } } } } }';

test("me.resourceBookmarks lists the viewer's bookmarks; a Viewer reference for anyone else resolves to nothing", async () => {
  const f = stack.factories;
  const community = await f.people.community();
  const [member, other] = [await f.people.memberOf(community), await f.people.memberOf(community)];
  await f.sync();
  const resource = await f.resource(community);
  await f.domain.engagement.setBookmarked(f.as(member), { resourceId: resource.id, bookmarked: true });

  const own = await stack.run(ME, { id: member.id }, memberViewer(member.id));
  expect(own.errors).toBeUndefined();
  expect(own.data).toEqual({ _entities: [{ resourceBookmarks: { edges: [{ node: { id: resource.id } }] } }] });
  expect((await stack.run(ME, { id: member.id }, memberViewer(other.id))).data).toEqual({ _entities: [null] });
  expect((await stack.run(ME, { id: member.id }, ANONYMOUS)).data).toEqual({ _entities: [null] });
});
