import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { MemberEntity } from '../entities';
import { membership } from '../testing';

/**
 * The admin app's home screen: `me.managedCommunities` lists the communities a viewer runs, and
 * `Community.pendingJoinRequestCount` what waits in each, for those who may decide.
 */
let t: SubgraphTest<typeof membership>;
let runner: MemberEntity;
let admin: MemberEntity;
let plain: MemberEntity;
const names: Record<string, string> = {};

type Managed = { me: { managedCommunities: { nodes: { id: string; name: string; pendingJoinRequestCount: number | null }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null };
const MANAGED = `query ($first: Int, $after: String) { me { managedCommunities(first: $first, after: $after) {
  nodes { id name pendingJoinRequestCount } pageInfo { hasNextPage endCursor } } } }`;

beforeAll(async () => {
  t = await startSubgraphTest(membership);
  const f = t.factories;
  [runner, admin, plain] = await Promise.all([f.member({ displayName: 'Rana Runner' }), f.member({ displayName: 'Ada Admin' }), f.member({ displayName: 'Pat Plain' })]);
  const administered = await f.network({ admin });
  const other = await f.network();
  // Names out of creation order, and one in lower case, so the order is the name's, not the id's.
  const coordinated = await f.community({ network: other, name: 'Bravo wound care', coordinator: runner, joinPolicy: 'APPROVAL' });
  const moderated = await f.community({ network: other, name: 'alpha palliative care' });
  await f.join(moderated, runner, 'MODERATOR');
  const joinedOnly = await f.community({ network: other, name: 'Aardvark members' });
  await f.join(joinedOnly, runner);
  await f.join(joinedOnly, plain);
  await f.join(coordinated, plain);
  const inNetwork = await f.community({ network: administered, name: 'Delta rural health' });
  // The admin also coordinates one community of their network: it is listed once.
  const both = await f.community({ network: administered, name: 'Charlie carers', coordinator: admin });
  const archived = await f.community({ network: administered, name: 'Echo archived' });
  await t.running.domain.communities.setArchived(f.viewer(admin), archived.id, true);
  Object.assign(names, { coordinated: coordinated.id, moderated: moderated.id, inNetwork: inNetwork.id, both: both.id });

  const { joining } = t.running.domain;
  const applicants = await Promise.all([f.member(), f.member(), f.member()]);
  for (const applicant of applicants) await joining.requestToJoin(f.viewer(applicant), { communityId: coordinated.id, answers: [] });
  const declined = (await t.running.domain.read.joinRequestPage({ communityId: coordinated.id }, 'PENDING', { limit: 1, backward: false, cursor: null })).nodes[0]!;
  await joining.decline(f.viewer(runner), { id: declined.id, reason: 'This community is for wound-care nurses.' });
}, 120_000);
afterAll(() => t?.stop());

test('a coordinator and moderator sees the communities they run, by name, with pending requests where they decide them', async () => {
  const result = await t.run<Managed>(MANAGED, {}, t.factories.viewer(runner));
  expect(result.errors).toBeUndefined();
  expect(result.data!.me!.managedCommunities.nodes.map(({ name, pendingJoinRequestCount }) => [name, pendingJoinRequestCount])).toEqual([
    // A moderator may not decide join requests: null, not 0.
    ['alpha palliative care', null],
    ['Bravo wound care', 2],
  ]);
});

test('a network admin sees every community of their network once, archived ones left out', async () => {
  const result = await t.run<Managed>(MANAGED, {}, t.factories.viewer(admin));
  expect(result.errors).toBeUndefined();
  expect(result.data!.me!.managedCommunities.nodes.map(({ name, pendingJoinRequestCount }) => [name, pendingJoinRequestCount])).toEqual([
    ['Charlie carers', 0],
    ['Delta rural health', 0],
  ]);
});

test('pages follow the keyset cursor without repeating or skipping a community', async () => {
  const viewer = t.factories.viewer(admin);
  const first = await t.run<Managed>(MANAGED, { first: 1 }, viewer);
  const page = first.data!.me!.managedCommunities;
  expect(page.nodes.map((node) => node.name)).toEqual(['Charlie carers']);
  expect(page.pageInfo.hasNextPage).toBe(true);
  const second = await t.run<Managed>(MANAGED, { first: 1, after: page.pageInfo.endCursor }, viewer);
  expect(second.data!.me!.managedCommunities.nodes.map((node) => node.name)).toEqual(['Delta rural health']);
  expect(second.data!.me!.managedCommunities.pageInfo.hasNextPage).toBe(false);
  const forged = await t.run<Managed>(MANAGED, { first: 1, after: 'bm90LW91cnM' }, viewer);
  expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
});

test('a plain member gets an empty list; an anonymous viewer gets no `me`, as for every other field of it', async () => {
  const member = await t.run<Managed>(MANAGED, {}, t.factories.viewer(plain));
  expect(member.errors).toBeUndefined();
  expect(member.data!.me!.managedCommunities.nodes).toEqual([]);
  const anonymous = await t.run<Managed>(MANAGED, {});
  expect(anonymous.errors).toBeUndefined();
  expect(anonymous.data!.me).toBeNull();
});

test('pendingJoinRequestCount is null for members, non-members and anonymous viewers', async () => {
  const query = `query ($id: ID!) { community(id: $id) { pendingJoinRequestCount } }`;
  const counts = async (viewer?: MemberEntity) =>
    ((await t.run<{ community: { pendingJoinRequestCount: number | null } }>(query, { id: names.coordinated }, viewer)).data!.community.pendingJoinRequestCount);
  expect(await counts(runner)).toBe(2);
  expect(await counts(plain)).toBeNull();
  expect(await counts(admin)).toBeNull();
  expect(await counts()).toBeNull();
});

test('the home list costs the same statements for 1 community as for 20', async () => {
  const f = t.factories;
  const busy = await f.member({ displayName: 'Busy Coordinator' });
  const network = await f.network();
  for (let i = 0; i < 20; i += 1) {
    const community = await f.community({ network, coordinator: busy, joinPolicy: 'APPROVAL', name: `Home ${String(i).padStart(2, '0')}` });
    await t.running.domain.joining.requestToJoin(f.viewer(await f.member()), { communityId: community.id, answers: [] });
  }
  const home = `query ($first: Int!) { me { managedCommunities(first: $first) { nodes { id name memberCount viewerCan { coordinate } pendingJoinRequestCount } } } }`;
  const measure = (first: number) => countStatements({ membership: t.running.runtime.queries }, () => t.run<Managed>(home, { first }, f.viewer(busy)));
  const one = await measure(1);
  const twenty = await measure(20);
  expect(twenty.result.errors).toBeUndefined();
  expect(twenty.result.data!.me!.managedCommunities.nodes).toHaveLength(20);
  expect(twenty.result.data!.me!.managedCommunities.nodes.every((node) => node.pendingJoinRequestCount === 1)).toBe(true);
  expect(twenty.total).toBe(one.total);
  process.stdout.write(`\nadmin home (membership): 1 community -> ${one.total} statements, 20 -> ${twenty.total}\n`);
});
