import { service, startMembership, type RunningMembership } from '@praxis/membership';
import { MembershipFactories, membershipTestConfig } from '@praxis/membership/testing';
import { request } from 'undici';
import { Access } from '../access/access';
import { HttpAccessSource } from '../access/http-source';
import { InternalAuth, SERVICE_HEADER } from '../identity/assertion';
import { ANONYMOUS } from '../identity/viewer';
import { DEVELOPMENT_INTERNAL_SECRET } from '../config/env';
import { resetDatabase } from '../testing';
import { countStatements } from '../testing/statements';

let membership: RunningMembership;
let factories: MembershipFactories;
let source: HttpAccessSource;

beforeAll(async () => {
  await resetDatabase([service]);
  membership = await startMembership(await membershipTestConfig());
  factories = new MembershipFactories(membership);
  source = new HttpAccessSource(membership.url, new InternalAuth(DEVELOPMENT_INTERNAL_SECRET), 'discussion');
});
afterAll(async () => {
  await source.close();
  await membership.stop();
});

test('other services learn permissions from membership over HTTP, one call per batch', async () => {
  const open = await factories.community({ visibility: 'PUBLIC' });
  const closed = await factories.community({ visibility: 'MEMBERS_ONLY' });
  const member = await factories.memberOf(closed, 'MODERATOR');
  const access = new Access(source, factories.viewer(member));
  const { result, statements } = await countStatements({ membership: membership.runtime.queries }, () =>
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
  const unsigned = await request(`${membership.url}/internal/access`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"memberId":null,"readable":true}' });
  expect(unsigned.statusCode).toBe(401);
  await unsigned.body.dump();
  const forged = await request(`${membership.url}/internal/access`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SERVICE_HEADER]: await new InternalAuth('x'.repeat(40)).signService('discussion') },
    body: '{"memberId":null,"readable":true}',
  });
  expect(forged.statusCode).toBe(401);
  await forged.body.dump();
});
