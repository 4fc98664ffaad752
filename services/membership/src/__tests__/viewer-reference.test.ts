import { ANONYMOUS } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '../testing';

let t: SubgraphTest<typeof membership>;

beforeAll(async () => {
  t = await startSubgraphTest(membership);
});
afterAll(() => t?.stop());

// Other parts of the graph add fields to `Viewer`, so it is an entity; a reference must not open
// someone else's account.
const VIEWER = `query ($id: ID!) { _entities(representations: [{ __typename: "Viewer", memberId: $id }]) { ... on Viewer { memberId email } } }`;

test('a Viewer reference resolves only to the viewer themself', async () => {
  const community = await t.factories.community();
  const [member, other] = [await t.factories.memberOf(community), await t.factories.memberOf(community)];
  const email = (await t.factories.domain.read.accounts([member.id]))[0]!.email;
  const own = await t.run(VIEWER, { id: member.id }, t.factories.viewer(member.id));
  expect(own.errors).toBeUndefined();
  expect(own.data).toEqual({ _entities: [{ memberId: member.id, email }] });
  expect((await t.run(VIEWER, { id: member.id }, t.factories.viewer(other.id))).data).toEqual({ _entities: [null] });
  expect((await t.run(VIEWER, { id: member.id }, ANONYMOUS)).data).toEqual({ _entities: [null] });
});
