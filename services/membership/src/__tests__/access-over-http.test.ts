import { request } from 'undici';
import { Access, ANONYMOUS, DEVELOPMENT_INTERNAL_SECRET, HttpAccessSource, InternalAuth, SERVICE_HEADER } from '@praxis/platform';
import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '../testing';

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
