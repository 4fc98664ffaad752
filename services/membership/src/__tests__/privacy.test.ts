import { ANONYMOUS } from '@praxis/platform';
import type { CommunityEntity, MemberEntity, NetworkEntity } from '../entities';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '../testing';

/**
 * Some members are patients' representatives. Email is for the member, their coordinators and
 * their network's admins; a hidden participant type does not leak through fields or filters.
 */
let t: SubgraphTest<typeof membership>;
let community: CommunityEntity & { coordinator: MemberEntity; network: NetworkEntity & { admin: MemberEntity } };
let hidden: MemberEntity;
let visible: MemberEntity;
let fellow: MemberEntity;

beforeAll(async () => {
  t = await startSubgraphTest(membership);
  community = await t.factories.community({ visibility: 'MEMBERS_ONLY' });
  hidden = await t.factories.memberOf(community, 'MEMBER', { participantType: 'CONSUMER_REPRESENTATIVE', hideParticipantType: true, displayName: 'Hidden Rep' });
  visible = await t.factories.memberOf(community, 'MEMBER', { participantType: 'CONSUMER_REPRESENTATIVE', displayName: 'Visible Rep' });
  fellow = await t.factories.memberOf(community, 'MEMBER', { participantType: 'STAFF', displayName: 'Fellow Staff' });
});
afterAll(() => t?.stop());

const PROFILE = `query ($id: ID!) { member(id: $id) { displayName email participantType organisation } }`;

test('email is visible to the member, their coordinator and their network admin only', async () => {
  const otherCommunity = await t.factories.community();
  const strangerCoordinator = otherCommunity.coordinator;
  const emailAs = async (viewer: Parameters<typeof t.run>[2]) => ((await t.run<{ member: { email: string | null } }>(PROFILE, { id: hidden.id }, viewer)).data?.member.email ?? null);
  const email = (await t.factories.domain.read.accounts([hidden.id]))[0]!.email;
  expect(await emailAs(t.factories.viewer(hidden))).toBe(email);
  expect(await emailAs(t.factories.viewer(community.coordinator))).toBe(email);
  expect(await emailAs(t.factories.viewer(community.network.admin))).toBe(email);
  expect(await emailAs(t.factories.viewer(fellow))).toBeNull();
  expect(await emailAs(t.factories.viewer(strangerCoordinator))).toBeNull();
  expect(await emailAs(t.factories.viewer(otherCommunity.network.admin))).toBeNull();
  expect(await emailAs(ANONYMOUS)).toBeNull();
});

test('a hidden participant type is null for fellow members and shown to coordinators and admins', async () => {
  const typeAs = async (viewer: Parameters<typeof t.run>[2], id = hidden.id) => (await t.run<{ member: { participantType: string | null } }>(PROFILE, { id }, viewer)).data?.member.participantType;
  expect(await typeAs(t.factories.viewer(fellow))).toBeNull();
  expect(await typeAs(t.factories.viewer(fellow), visible.id)).toBe('CONSUMER_REPRESENTATIVE');
  expect(await typeAs(t.factories.viewer(hidden))).toBe('CONSUMER_REPRESENTATIVE');
  expect(await typeAs(t.factories.viewer(community.coordinator))).toBe('CONSUMER_REPRESENTATIVE');
  expect(await typeAs(t.factories.viewer(community.network.admin))).toBe('CONSUMER_REPRESENTATIVE');
  expect(await typeAs(ANONYMOUS, visible.id)).toBeNull();
});

test('filtering the directory by participant type skips members who hide it, except for coordinators and admins', async () => {
  const DIRECTORY = `query ($id: ID!, $type: ParticipantType) { community(id: $id) { members(first: 50, filter: { participantType: $type }) { totalCount nodes { member { displayName participantType } } } } }`;
  const namesAs = async (viewer: Parameters<typeof t.run>[2]) => {
    const result = await t.run<{ community: { members: { totalCount: number; nodes: { member: { displayName: string } }[] } } }>(DIRECTORY, { id: community.id, type: 'CONSUMER_REPRESENTATIVE' }, viewer);
    expect(result.errors).toBeUndefined();
    const members = result.data!.community.members;
    return { names: members.nodes.map((node) => node.member.displayName).sort(), total: members.totalCount };
  };
  expect(await namesAs(t.factories.viewer(fellow))).toEqual({ names: ['Visible Rep'], total: 1 });
  expect(await namesAs(t.factories.viewer(community.coordinator))).toEqual({ names: ['Hidden Rep', 'Visible Rep'], total: 2 });
  expect(await namesAs(t.factories.viewer(community.network.admin))).toEqual({ names: ['Hidden Rep', 'Visible Rep'], total: 2 });
  // Even the member who hides it is left out of the filter when they look themselves up.
  expect(await namesAs(t.factories.viewer(hidden))).toEqual({ names: ['Visible Rep'], total: 1 });
});

test('profile details are for signed-in viewers', async () => {
  await t.factories.domain.members.updateProfile(t.factories.viewer(visible), { organisation: 'Carers Collective' });
  const anonymous = await t.run<{ member: { organisation: string | null; displayName: string } }>(PROFILE, { id: visible.id });
  expect(anonymous.data?.member).toMatchObject({ displayName: 'Visible Rep', organisation: null });
  const signedIn = await t.run<{ member: { organisation: string | null } }>(PROFILE, { id: visible.id }, t.factories.viewer(fellow));
  expect(signedIn.data?.member.organisation).toBe('Carers Collective');
});

test("a member's memberships show members-only communities only to fellow members", async () => {
  const publicCommunity = await t.factories.community({ visibility: 'PUBLIC' });
  await t.factories.join(publicCommunity, visible);
  const MEMBERSHIPS = `query ($id: ID!) { member(id: $id) { memberships(first: 10) { totalCount nodes { community { id } } } } }`;
  const idsAs = async (viewer: Parameters<typeof t.run>[2]) => {
    const result = await t.run<{ member: { memberships: { totalCount: number; nodes: { community: { id: string } }[] } } }>(MEMBERSHIPS, { id: visible.id }, viewer);
    return { ids: result.data!.member.memberships.nodes.map((node) => node.community.id).sort(), total: result.data!.member.memberships.totalCount };
  };
  expect(await idsAs(ANONYMOUS)).toEqual({ ids: [publicCommunity.id], total: 1 });
  expect(await idsAs(t.factories.viewer(await t.factories.member()))).toEqual({ ids: [publicCommunity.id], total: 1 });
  expect(await idsAs(t.factories.viewer(fellow))).toEqual({ ids: [community.id, publicCommunity.id].sort(), total: 2 });
  expect(await idsAs(t.factories.viewer(visible))).toEqual({ ids: [community.id, publicCommunity.id].sort(), total: 2 });
});

test('a removal reason is for the member and coordinators', async () => {
  const removed = await t.factories.memberOf(community);
  await t.factories.domain.roster.remove(t.factories.viewer(community.coordinator), { communityId: community.id, memberId: removed.id, reason: 'Shared patient details in a post.' });
  const QUERY = `query ($id: ID!) { me { membership(communityId: $id) { status endReason } } }`;
  expect((await t.run<{ me: { membership: { endReason: string } } }>(QUERY, { id: community.id }, t.factories.viewer(removed))).data?.me.membership).toEqual({
    status: 'REMOVED',
    endReason: 'Shared patient details in a post.',
  });
});
