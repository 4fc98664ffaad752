import { TestClock } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { RunningMembership } from '../index';
import { membership, TEST_PASSWORD, type MembershipFactories } from '../testing';

// Expiry follows the service's clock, so a test moves time instead of backdating rows.
let t: SubgraphTest<typeof membership>;
let running: RunningMembership;
let factories: MembershipFactories;
const clock = new TestClock();

beforeAll(async () => {
  t = await startSubgraphTest(membership, { clock });
  ({ running, factories } = t);
});
afterAll(() => t?.stop());
beforeEach(() => clock.set(new Date()));

test('an invitation expires when the clock passes its time to live, and only then', async () => {
  const community = await factories.community();
  const coordinator = factories.viewer(community.coordinator);
  const kept = await running.domain.joining.invite(coordinator, { communityId: community.id, email: 'kept@example.org' });
  const lapsed = await running.domain.joining.invite(coordinator, { communityId: community.id, email: 'lapsed@example.org' });
  clock.advance({ days: 13 });
  await expect(running.domain.joining.revokeInvitation(coordinator, kept.id)).resolves.toMatchObject({ id: kept.id });
  clock.advance({ days: 2 });
  await expect(running.domain.joining.revokeInvitation(coordinator, lapsed.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/pending invitation|has started/) });
});

test('a refresh token lasts its days on the clock', async () => {
  const email = `clock-${Date.now()}@example.org`;
  await factories.member({ email });
  const first = await running.domain.accounts.signIn({ email, password: TEST_PASSWORD });
  clock.advance({ days: 29 });
  const second = await running.domain.accounts.refreshSession(first.refreshToken);
  expect(second.refreshTokenExpiresAt.getTime()).toBe(clock.now().getTime() + 30 * 86_400_000);
  clock.advance({ days: 31 });
  await expect(running.domain.accounts.refreshSession(second.refreshToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
});

test('an API token stops working when the clock passes its expiry', async () => {
  const member = await factories.member();
  const { token } = await running.domain.apiTokens.create(factories.viewer(member), { name: 'Quarterly report', scopes: ['READ'], expiresInDays: 7 });
  clock.advance({ days: 6 });
  await expect(running.domain.apiTokens.resolve(token)).resolves.toMatchObject({ memberId: member.id });
  clock.advance({ days: 2 });
  await expect(running.domain.apiTokens.resolve(token)).resolves.toBeNull();
});

test('invitations are listed as pending or expired by the same clock as their status', async () => {
  const community = await factories.community();
  const coordinator = factories.viewer(community.coordinator);
  const invitation = await running.domain.joining.invite(coordinator, { communityId: community.id, email: 'listed@example.org' });
  const listed = async (status: string) => {
    const result = await running.server.execute(`query ($id: ID!, $status: InvitationStatus) { community(id: $id) { invitations(status: $status) { nodes { id status } } } }`, { id: community.id, status }, coordinator);
    return (result.data?.community as { invitations: { nodes: { id: string; status: string }[] } }).invitations.nodes;
  };
  expect(await listed('PENDING')).toEqual([{ id: invitation.id, status: 'PENDING' }]);
  clock.advance({ days: 15 });
  expect(await listed('PENDING')).toEqual([]);
  expect(await listed('EXPIRED')).toEqual([{ id: invitation.id, status: 'EXPIRED' }]);
});

test("a join request, its decision, the membership and the events it publishes carry the clock's times", async () => {
  const community = await factories.community({ joinPolicy: 'APPROVAL' });
  const applicant = await factories.member();
  clock.set('2026-01-15T09:00:00Z');
  const request = await running.domain.joining.requestToJoin(factories.viewer(applicant), { communityId: community.id, answers: [] });
  clock.set('2026-01-17T10:30:00Z');
  const { request: decided, membership } = await running.domain.joining.approve(factories.viewer(community.coordinator), request.id);
  expect(decided.createdAt.toISOString()).toBe('2026-01-15T09:00:00.000Z');
  expect(decided.decidedAt?.toISOString()).toBe('2026-01-17T10:30:00.000Z');
  expect(membership.joinedAt.toISOString()).toBe('2026-01-17T10:30:00.000Z');
  const joined = (await running.runtime.db.query(`SELECT occurred_at FROM outbox WHERE type = 'membership.MemberJoined' AND payload->>'memberId' = $1`, [applicant.id])) as { occurred_at: Date }[];
  expect(joined.map((row) => row.occurred_at.toISOString())).toEqual(['2026-01-17T10:30:00.000Z']);
  const decidedEvent = (await running.runtime.db.query(`SELECT occurred_at FROM outbox WHERE type = 'membership.JoinRequestDecided' AND payload->>'requestId' = $1`, [request.id])) as { occurred_at: Date }[];
  expect(decidedEvent.map((row) => row.occurred_at.toISOString())).toEqual(['2026-01-17T10:30:00.000Z']);
});
