import { ANONYMOUS, type Viewer } from '@praxis/platform';
import type { MemberEntity } from '../entities';
import { startSubgraphTest, type Result, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '../testing';

/**
 * ADR 8 for join requests and invitations: a join request is seen by its author and by whoever
 * may see its community's content, an invitation by the latter. Anyone else is answered as for an
 * unknown id, so that they cannot learn it exists; those who see it but lack the role are refused
 * with a reason; an anonymous viewer is asked to sign in before any id is looked up.
 */
let t: SubgraphTest<typeof membership>;
beforeAll(async () => {
  t = await startSubgraphTest(membership);
});
afterAll(() => t?.stop());

const WITHDRAW = `mutation ($id: ID!) { withdrawJoinRequest(input: { id: $id }) { joinRequest { status } } }`;
const APPROVE = `mutation ($id: ID!) { approveJoinRequest(input: { id: $id }) { joinRequest { status } } }`;
const DECLINE = `mutation ($id: ID!) { declineJoinRequest(input: { id: $id, reason: "Not this time." }) { joinRequest { status } } }`;
const REVOKE = `mutation ($id: ID!) { revokeInvitation(input: { id: $id }) { invitation { status } } }`;
const INVITE = `mutation ($communityId: ID!) { inviteToCommunity(input: { communityId: $communityId, email: "guest@example.org" }) { invitation { status } } }`;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** The code and reason of the first error, or OK. */
function answer(result: Result): string {
  const error = result.errors?.[0];
  if (!error) return 'OK';
  const reason = error.extensions?.reason as string | undefined;
  return reason ? `${error.extensions?.code as string} ${reason}` : (error.extensions?.code as string);
}

interface Cast {
  communityId: string;
  requestId: string;
  invitationId: string;
  author: MemberEntity;
  coordinator: MemberEntity;
  member: MemberEntity;
  stranger: MemberEntity;
}

/** A community with one pending request and one pending invitation, and the people around them. */
async function cast(visibility: 'PUBLIC' | 'MEMBERS_ONLY'): Promise<Cast> {
  const community = await t.factories.community({ visibility, joinPolicy: 'APPROVAL' });
  const [author, member, stranger] = [await t.factories.member(), await t.factories.memberOf(community), await t.factories.member()];
  const request = await t.factories.domain.joining.requestToJoin(t.factories.viewer(author), { communityId: community.id, answers: [] });
  const invitation = await t.factories.domain.joining.invite(t.factories.viewer(community.coordinator), { communityId: community.id, email: `invited-${request.id}@example.org` });
  return { communityId: community.id, requestId: request.id, invitationId: invitation.id, author, coordinator: community.coordinator, member, stranger };
}

const as = (member: MemberEntity): Viewer => t.factories.viewer(member);

describe('in a members-only community', () => {
  let c: Cast;
  beforeEach(async () => {
    c = await cast('MEMBERS_ONLY');
  });

  test("a stranger withdrawing someone's request is told it is not found, not that they may not", async () => {
    expect(answer(await t.run(WITHDRAW, { id: c.requestId }, as(c.stranger)))).toBe('NOT_FOUND');
    expect(answer(await t.run(WITHDRAW, { id: UNKNOWN }, as(c.stranger)))).toBe('NOT_FOUND');
  });

  test('a stranger learns nothing from a decided request either', async () => {
    await t.factories.domain.joining.withdraw(as(c.author), c.requestId);
    expect(answer(await t.run(WITHDRAW, { id: c.requestId }, as(c.stranger)))).toBe('NOT_FOUND');
    expect(answer(await t.run(APPROVE, { id: c.requestId }, as(c.stranger)))).toBe('NOT_FOUND');
  });

  test('members and coordinators, who see the community, are refused withdrawing with a reason', async () => {
    expect(answer(await t.run(WITHDRAW, { id: c.requestId }, as(c.member)))).toBe('FORBIDDEN ROLE_REQUIRED');
    expect(answer(await t.run(WITHDRAW, { id: c.requestId }, as(c.coordinator)))).toBe('FORBIDDEN ROLE_REQUIRED');
  });

  test('the author withdraws their own request', async () => {
    expect(await t.run(WITHDRAW, { id: c.requestId }, as(c.author))).toEqual({ data: { withdrawJoinRequest: { joinRequest: { status: 'WITHDRAWN' } } } });
  });

  test.each([
    ['approve', APPROVE],
    ['decline', DECLINE],
  ])('%s: NOT_FOUND for a stranger, FORBIDDEN with a reason for the author and a member, done by the coordinator', async (_name, mutation) => {
    expect(answer(await t.run(mutation, { id: c.requestId }, as(c.stranger)))).toBe('NOT_FOUND');
    expect(answer(await t.run(mutation, { id: c.requestId }, as(c.author)))).toBe('FORBIDDEN ROLE_REQUIRED');
    expect(answer(await t.run(mutation, { id: c.requestId }, as(c.member)))).toBe('FORBIDDEN ROLE_REQUIRED');
    expect(answer(await t.run(mutation, { id: c.requestId }, as(c.coordinator)))).toBe('OK');
  });

  test('revoking an invitation: NOT_FOUND for a stranger, FORBIDDEN with a reason for a member, done by the coordinator', async () => {
    expect(answer(await t.run(REVOKE, { id: c.invitationId }, as(c.stranger)))).toBe('NOT_FOUND');
    expect(answer(await t.run(REVOKE, { id: c.invitationId }, as(c.member)))).toBe('FORBIDDEN ROLE_REQUIRED');
    expect(answer(await t.run(REVOKE, { id: c.invitationId }, as(c.coordinator)))).toBe('OK');
  });

  test('inviting names the community, which everyone may see: a stranger is refused with a reason', async () => {
    expect(answer(await t.run(INVITE, { communityId: c.communityId }, as(c.stranger)))).toBe('FORBIDDEN ROLE_REQUIRED');
  });

  test.each([
    ['withdraw', WITHDRAW],
    ['approve', APPROVE],
    ['decline', DECLINE],
    ['revoke', REVOKE],
  ])('%s: an anonymous viewer is asked to sign in whatever the id, before it is looked up', async (_name, mutation) => {
    for (const id of [c.requestId, c.invitationId, UNKNOWN, 'not-an-id']) {
      expect(answer(await t.run(mutation, { id }, ANONYMOUS))).toMatch(/^UNAUTHENTICATED/);
    }
  });
});

test("in a public community, whose content everyone sees, a non-member is refused someone else's request with a reason", async () => {
  const c = await cast('PUBLIC');
  expect(answer(await t.run(APPROVE, { id: c.requestId }, as(c.stranger)))).toBe('FORBIDDEN ROLE_REQUIRED');
  expect(answer(await t.run(WITHDRAW, { id: c.requestId }, as(c.stranger)))).toBe('FORBIDDEN ROLE_REQUIRED');
});
