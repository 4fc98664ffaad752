import { request } from 'undici';
import { Access, ANONYMOUS, DEVELOPMENT_INTERNAL_SECRET, HttpAccessSource, InternalAuth, SERVICE_HEADER } from '@praxis/platform';
import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { TEST_PASSWORD, membership } from '../testing';

/** The platform's HttpAccessSource, as the other services use it, against membership's internal API. */
let t: SubgraphTest<typeof membership>;
let factories: SubgraphTest<typeof membership>['factories'];
let source: HttpAccessSource;

beforeAll(async () => {
  t = await startSubgraphTest(membership);
  factories = t.factories;
  source = new HttpAccessSource(t.running.url, new InternalAuth(DEVELOPMENT_INTERNAL_SECRET), 'discussion');
});
afterAll(async () => {
  await source.close();
  await t?.stop();
});
test('other services learn permissions from membership over HTTP, one call per batch', async () => {
  const open = await factories.community({ visibility: 'PUBLIC' });
  const closed = await factories.community({ visibility: 'MEMBERS_ONLY' });
  const member = await factories.memberOf(closed, 'MODERATOR');
  const access = new Access(source, factories.viewer(member));
  const { result, statements } = await countStatements({ membership: t.running.runtime.queries }, () =>
    Promise.all([access.community(open.id), access.community(closed.id), access.community('not-a-uuid')]),
  );
  // One statement for the three communities, and one primary-key look-up of whether the signed-in
  // viewer's account still exists, which every answer carries.
  expect(statements.membership).toBe(2);
  expect(result[0]).toMatchObject({ canRead: true, canParticipate: false, role: null });
  expect(result[1]).toMatchObject({ canRead: true, canParticipate: true, canModerate: true, canCoordinate: false, role: 'MODERATOR' });
  expect(result[2]).toBeNull();
  expect(await new Access(source, ANONYMOUS).readableCommunityIds()).toEqual(expect.arrayContaining([open.id]));
  expect(await new Access(source, ANONYMOUS).readableCommunityIds()).not.toContain(closed.id);
});

test('a ban takes effect on the very next request', async () => {
  const community = await factories.community({ visibility: 'MEMBERS_ONLY' });
  const member = await factories.memberOf(community);
  expect((await new Access(source, factories.viewer(member)).community(community.id))?.canRead).toBe(true);
  await factories.ban(community, member);
  const next = await new Access(source, factories.viewer(member)).community(community.id);
  expect(next).toMatchObject({ canRead: false, canParticipate: false, status: 'BANNED' });
  await expect(new Access(source, factories.viewer(member)).requireParticipate(community.id)).rejects.toMatchObject({ code: 'FORBIDDEN', reason: 'BANNED' });
});

test('the internal API refuses callers without a service assertion', async () => {
  const unsigned = await request(`${t.running.url}/internal/access`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"memberId":null,"readable":true}' });
  expect(unsigned.statusCode).toBe(401);
  await unsigned.body.dump();
  const forged = await request(`${t.running.url}/internal/access`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SERVICE_HEADER]: await new InternalAuth('x'.repeat(40)).signService('discussion') },
    body: '{"memberId":null,"readable":true}',
  });
  expect(forged.statusCode).toBe(401);
  await forged.body.dump();
});

test("many members' access in one call and one statement, each answer what that member's own question would get", async () => {
  const open = await factories.community({ visibility: 'PUBLIC' });
  const closed = await factories.community({ visibility: 'MEMBERS_ONLY' });
  const archived = await factories.community({ visibility: 'MEMBERS_ONLY' });
  const [moderator, member, banned, gone, stranger] = await Promise.all([
    factories.memberOf(closed, 'MODERATOR'),
    factories.memberOf(closed),
    factories.memberOf(closed),
    factories.memberOf(closed),
    factories.memberOf(open),
  ]);
  await factories.join(archived, member);
  await factories.ban(closed, banned);
  await t.running.domain.communities.setArchived(factories.viewer(archived.coordinator), archived.id, true);
  expect((await t.run('mutation ($p: String!) { deleteAccount(input: { password: $p }) { ok } }', { p: TEST_PASSWORD }, factories.viewer(gone))).errors).toBeUndefined();

  const people = [moderator, member, banned, gone, stranger, closed.coordinator, closed.network.admin];
  const communities = [open, closed, archived];
  const pairs = people.flatMap((person) => communities.map((community) => ({ memberId: person.id, communityId: community.id })));
  pairs.push({ memberId: member.id, communityId: 'not-a-uuid' }, { memberId: 'not-a-uuid', communityId: closed.id }, { memberId: member.id, communityId: '00000000-0000-4000-8000-000000000000' });
  const { result, statements } = await countStatements({ membership: t.running.runtime.queries }, () => source.membersCommunities(pairs));
  expect(statements.membership).toBe(1);
  expect(result.deleted).toEqual([gone.id]);
  expect(result.access).toHaveLength(pairs.length);
  expect(result.access.slice(-3)).toEqual([null, null, null]);
  for (const [index, person] of people.entries()) {
    if (person === gone) continue;
    const alone = await new Access(source, factories.viewer(person)).communities(communities.map((community) => community.id));
    expect([person.id, result.access.slice(index * 3, index * 3 + 3)]).toEqual([person.id, alone]);
  }
  expect(result.access[7]).toMatchObject({ canRead: false, status: 'BANNED' });
  expect(result.access[1]).toMatchObject({ canModerate: true, role: 'MODERATOR' });
});
