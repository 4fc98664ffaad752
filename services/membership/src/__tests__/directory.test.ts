import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { CommunityEntity, MemberEntity, NetworkEntity, TermEntity } from '../entities';
import { membership } from '../testing';

/** The member directory: filtered, searchable, keyset-paginated, and flat in cost. */
let t: SubgraphTest<typeof membership>;
let community: CommunityEntity & { coordinator: MemberEntity; network: NetworkEntity & { admin: MemberEntity } };
let nurse: TermEntity;
let perth: TermEntity;
const SIZE = 45;

beforeAll(async () => {
  t = await startSubgraphTest(membership);
  community = await t.factories.community({ visibility: 'MEMBERS_ONLY' });
  nurse = await t.factories.term(community.network, 'PROFESSION', 'Nurse');
  perth = await t.factories.term(community.network, 'REGION', 'Perth metropolitan');
  for (let i = 0; i < SIZE; i += 1) {
    const member = await t.factories.memberOf(community, 'MEMBER', { displayName: `Person ${String(i).padStart(2, '0')}` });
    if (i % 3 === 0) {
      await t.factories.domain.members.updateNetworkProfile(t.factories.viewer(member), { networkId: community.network.id, professionId: nurse.id, regionId: i % 2 === 0 ? perth.id : null });
    }
  }
});
afterAll(() => t?.stop());

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { member: { displayName: string }; profession: { label: string } | null }[];
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  const result = await t.run<{ community: { members: Page } }>(
    `query ($id: ID!, $first: Int, $after: String, $filter: MemberDirectoryFilter, $orderBy: DirectoryOrder) {
      community(id: $id) { members(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor } nodes { member { displayName } profession { label } } } } }`,
    { id: community.id, ...variables },
    t.factories.viewer(community.coordinator),
  );
  expect(result.errors).toBeUndefined();
  return result.data!.community.members;
}

test('pages by name cover everyone once, in order, without overlap', async () => {
  const names: string[] = [];
  let after: string | null = null;
  for (;;) {
    const current: Page = await page({ first: 10, after });
    names.push(...current.nodes.map((node) => node.member.displayName));
    if (!current.pageInfo.hasNextPage) break;
    after = current.pageInfo.endCursor;
  }
  expect(names).toHaveLength(SIZE + 1);
  expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  expect(new Set(names).size).toBe(names.length);
});

test('newest first pages by join time with stable cursors', async () => {
  const first = await page({ first: 5, orderBy: 'JOINED_AT' });
  const second = await page({ first: 5, after: first.pageInfo.endCursor, orderBy: 'JOINED_AT' });
  expect(first.nodes[0]!.member.displayName).toBe(`Person ${SIZE - 1}`);
  expect(second.nodes[0]!.member.displayName).toBe(`Person ${SIZE - 6}`);
});

test('filters by profession and region from the network vocabulary, and searches names and handles', async () => {
  const nurses = await page({ first: 50, filter: { professionId: nurse.id } });
  expect(nurses.totalCount).toBe(Math.ceil(SIZE / 3));
  expect(nurses.nodes.every((node) => node.profession?.label === 'Nurse')).toBe(true);
  const perthNurses = await page({ first: 50, filter: { professionId: nurse.id, regionId: perth.id } });
  expect(perthNurses.totalCount).toBe(Array.from({ length: SIZE }, (_, i) => i).filter((i) => i % 3 === 0 && i % 2 === 0).length);
  expect((await page({ first: 50, filter: { search: 'person 0' } })).totalCount).toBe(10);
  expect((await page({ first: 50, filter: { search: '%' } })).totalCount).toBe(0);
  expect((await page({ first: 50, filter: { role: 'COORDINATOR' } })).totalCount).toBe(1);
});

test('the SQL statements for a page of 10 and a page of 100 are the same number', async () => {
  const counters = { membership: t.running.runtime.queries };
  const small = await countStatements(counters, () => page({ first: 10 }));
  const large = await countStatements(counters, () => page({ first: 100 }));
  expect(small.result.nodes).toHaveLength(10);
  expect(large.result.nodes).toHaveLength(SIZE + 1);
  expect(large.total).toBe(small.total);
});

test('a deep page costs what the first page costs', async () => {
  const counters = { membership: t.running.runtime.queries };
  const first = await countStatements(counters, () => page({ first: 5 }));
  const deep = await countStatements(counters, () => page({ first: 5, after: first.result.pageInfo.endCursor }));
  expect(deep.total).toBe(first.total);
});
