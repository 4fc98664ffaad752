import { startSubgraphTest, viewerMatrix, VIEWER_KINDS, type SubgraphTest, type ViewerKind } from '@praxis/platform/testing';
import { newCast, membership, type Cast } from '../testing';

/**
 * Every membership operation, run as every kind of viewer, in-process against the subgraph.
 * Each row says who may do it; everyone else gets the code in the row (FORBIDDEN by default,
 * UNAUTHENTICATED for anonymous viewers).
 */
type Kind = ViewerKind;

let t: SubgraphTest<typeof membership>;
/** The people of every kind, in the network of every community a case makes. */
let people: Cast;

interface Fixture {
  community: Cast['community'];
  vars: Record<string, unknown>;
}

/** A fresh community in the network where every kind of viewer holds its role. */
async function community(options: { visibility?: 'PUBLIC' | 'MEMBERS_ONLY'; joinPolicy?: 'OPEN' | 'APPROVAL' | 'INVITATION' } = {}): Promise<Cast['community']> {
  return (await newCast(t.factories, { like: people, visibility: options.visibility ?? 'MEMBERS_ONLY', joinPolicy: options.joinPolicy ?? 'APPROVAL' })).community;
}

interface Case {
  name: string;
  query: string;
  prepare: () => Promise<Fixture | Record<string, unknown>>;
  /** Who succeeds; a map for kinds that get something other than FORBIDDEN. */
  allowed: Kind[];
  other?: Partial<Record<Kind, string>>;
}

const coordinators: Kind[] = ['coordinator', 'admin'];
/** Those who may not see a members-only community's content: its requests and invitations are NOT_FOUND to them (ADR 8). */
const strangers = { nonMember: 'NOT_FOUND', analyst: 'NOT_FOUND', banned: 'NOT_FOUND' } as const;
const everyoneSignedIn: Kind[] = ['nonMember', 'member', 'moderator', 'coordinator', 'admin', 'analyst', 'banned'];

const cases: Case[] = [
  {
    name: 'read the member directory',
    query: `query ($id: ID!) { community(id: $id) { members(first: 5) { totalCount } } }`,
    prepare: async () => ({ id: (await community()).id }),
    allowed: ['member', 'moderator', 'coordinator', 'admin'],
  },
  {
    name: 'read join requests',
    query: `query ($id: ID!) { community(id: $id) { joinRequests { totalCount } } }`,
    prepare: async () => ({ id: (await community()).id }),
    allowed: coordinators,
  },
  {
    name: "read one member's join requests, every decision, by decision time",
    query: `query ($id: ID!, $member: ID) { community(id: $id) { joinRequests(status: null, member: $member, orderBy: DECIDED_NEWEST_FIRST, last: 5) { totalCount nodes { id } } } }`,
    prepare: async () => ({ id: (await community()).id, member: people.nonMember.id }),
    allowed: coordinators,
  },
  {
    name: 'read the membership history with declined requests',
    query: `query ($id: ID!) { community(id: $id) { membershipHistory { nodes { change reason actor { id } } } } }`,
    prepare: async () => {
      const created = await community();
      const request = await t.factories.domain.joining.requestToJoin(t.factories.viewer(await t.factories.member()), { communityId: created.id, answers: [] });
      await t.factories.domain.joining.decline(t.factories.viewer(created.coordinator), { id: request.id, reason: 'Not this time.' });
      return { id: created.id };
    },
    allowed: coordinators,
  },
  {
    name: 'read invitations',
    query: `query ($id: ID!) { community(id: $id) { invitations { nodes { id } } } }`,
    prepare: async () => ({ id: (await community()).id }),
    allowed: coordinators,
  },
  {
    name: 'read the membership history',
    query: `query ($id: ID!) { community(id: $id) { membershipHistory { nodes { change } } } }`,
    prepare: async () => ({ id: (await community()).id }),
    allowed: coordinators,
  },
  {
    name: 'read network role grants',
    query: `query ($id: ID!) { network(id: $id) { roleGrants { nodes { role } } } }`,
    prepare: async () => ({ id: people.community.network.id }),
    allowed: ['admin'],
  },
  {
    name: 'create a network',
    query: `mutation ($input: CreateNetworkInput!) { createNetwork(input: $input) { network { id } } }`,
    prepare: async () => ({ input: { name: 'New network', slug: `n-${Math.random().toString(36).slice(2, 10)}`, timeZone: 'Europe/London' } }),
    allowed: [],
  },
  {
    name: 'update a network',
    query: `mutation ($input: UpdateNetworkInput!) { updateNetwork(input: $input) { network { id } } }`,
    prepare: async () => ({ input: { id: people.community.network.id, description: 'Updated' } }),
    allowed: ['admin'],
  },
  {
    name: 'grant a network role',
    query: `mutation ($input: NetworkRoleInput!) { grantNetworkRole(input: $input) { roles } }`,
    prepare: async () => ({ input: { networkId: people.community.network.id, memberId: (await t.factories.member()).id, role: 'ANALYST' } }),
    allowed: ['admin'],
  },
  {
    name: 'revoke a network role',
    query: `mutation ($input: NetworkRoleInput!) { revokeNetworkRole(input: $input) { roles } }`,
    prepare: async () => {
      const someone = await t.factories.member();
      await t.factories.domain.networks.grantRole(t.factories.viewer(people.admin), { networkId: people.community.network.id, memberId: someone.id, role: 'ANALYST' });
      return { input: { networkId: people.community.network.id, memberId: someone.id, role: 'ANALYST' } };
    },
    allowed: ['admin'],
  },
  {
    name: 'add a vocabulary term',
    query: `mutation ($input: AddTermInput!) { addTerm(input: $input) { term { id } } }`,
    prepare: async () => ({ input: { networkId: people.community.network.id, kind: 'TOPIC', label: `Topic ${Math.random()}` } }),
    allowed: ['admin'],
  },
  {
    name: 'update a vocabulary term',
    query: `mutation ($input: UpdateTermInput!) { updateTerm(input: $input) { term { id } } }`,
    prepare: async () => ({ input: { id: (await t.factories.term(people.community.network, 'REGION')).id, label: `Region ${Math.random()}` } }),
    allowed: ['admin'],
  },
  {
    name: 'create a community',
    query: `mutation ($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id } } }`,
    prepare: async () => ({
      input: { networkId: people.community.network.id, name: 'New', slug: `c-${Math.random().toString(36).slice(2, 10)}`, domainStatement: 'Care.', visibility: 'PUBLIC', joinPolicy: 'OPEN' },
    }),
    allowed: ['admin'],
  },
  {
    name: 'update a community',
    query: `mutation ($input: UpdateCommunityInput!) { updateCommunity(input: $input) { community { id } } }`,
    prepare: async () => ({ input: { id: (await community()).id, description: 'New words' } }),
    allowed: coordinators,
  },
  {
    name: 'set application questions',
    query: `mutation ($input: SetApplicationQuestionsInput!) { setApplicationQuestions(input: $input) { community { id } } }`,
    prepare: async () => ({ input: { communityId: (await community()).id, questions: [{ prompt: 'Why?' }] } }),
    allowed: coordinators,
  },
  {
    name: 'archive a community',
    query: `mutation ($input: CommunityReferenceInput!) { archiveCommunity(input: $input) { community { archived } } }`,
    prepare: async () => ({ input: { communityId: (await community()).id } }),
    allowed: coordinators,
  },
  {
    name: 'unarchive a community',
    query: `mutation ($input: CommunityReferenceInput!) { unarchiveCommunity(input: $input) { community { archived } } }`,
    prepare: async () => {
      const created = await community();
      await t.factories.domain.communities.setArchived(t.factories.viewer(people.coordinator), created.id, true);
      return { input: { communityId: created.id } };
    },
    allowed: coordinators,
  },
  {
    name: 'join an open community',
    query: `mutation ($input: JoinCommunityInput!) { joinCommunity(input: $input) { membership { role } } }`,
    prepare: async () => ({ input: { communityId: (await community({ joinPolicy: 'OPEN' })).id } }),
    allowed: ['nonMember', 'admin', 'analyst'],
    other: { member: 'CONFLICT', moderator: 'CONFLICT', coordinator: 'CONFLICT' },
  },
  {
    name: 'ask to join',
    query: `mutation ($input: RequestToJoinInput!) { requestToJoin(input: $input) { joinRequest { status } } }`,
    prepare: async () => ({ input: { communityId: (await community()).id, answers: [] } }),
    allowed: ['nonMember', 'admin', 'analyst'],
    other: { member: 'CONFLICT', moderator: 'CONFLICT', coordinator: 'CONFLICT' },
  },
  {
    name: "withdraw someone's join request (the non-member's own)",
    query: `mutation ($input: JoinRequestReferenceInput!) { withdrawJoinRequest(input: $input) { joinRequest { status } } }`,
    prepare: async () => {
      const created = await community();
      const request = await t.factories.domain.joining.requestToJoin(t.factories.viewer(people.nonMember), { communityId: created.id, answers: [] });
      return { input: { id: request.id } };
    },
    allowed: ['nonMember'],
    // Whoever may not see the community's content is answered as for an unknown request (ADR 8).
    other: { analyst: 'NOT_FOUND', banned: 'NOT_FOUND' },
  },
  ...(['approveJoinRequest', 'declineJoinRequest'] as const).map((field) => ({
    name: field,
    query:
      field === 'approveJoinRequest'
        ? `mutation ($input: JoinRequestReferenceInput!) { approveJoinRequest(input: $input) { joinRequest { status } } }`
        : `mutation ($input: DeclineJoinRequestInput!) { declineJoinRequest(input: $input) { joinRequest { status } } }`,
    prepare: async () => {
      const created = await community();
      const request = await t.factories.domain.joining.requestToJoin(t.factories.viewer(await t.factories.member()), { communityId: created.id, answers: [] });
      return { input: field === 'approveJoinRequest' ? { id: request.id } : { id: request.id, reason: 'Not the right fit.' } };
    },
    allowed: coordinators,
    other: strangers,
  })),
  {
    name: 'invite by email',
    query: `mutation ($input: InviteToCommunityInput!) { inviteToCommunity(input: $input) { invitation { status } } }`,
    prepare: async () => ({ input: { communityId: (await community()).id, email: `guest-${Math.random().toString(36).slice(2)}@example.org` } }),
    allowed: coordinators,
  },
  {
    name: 'revoke an invitation',
    query: `mutation ($input: InvitationReferenceInput!) { revokeInvitation(input: $input) { invitation { status } } }`,
    prepare: async () => {
      const created = await community();
      const invitation = await t.factories.domain.joining.invite(t.factories.viewer(people.coordinator), { communityId: created.id, email: `g-${Math.random().toString(36).slice(2)}@example.org` });
      return { input: { id: invitation.id } };
    },
    allowed: coordinators,
    other: strangers,
  },
  {
    name: "accept an invitation sent to the non-member's address",
    query: `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { membership { role } } }`,
    prepare: async () => {
      const created = await community();
      const email = (await t.factories.domain.read.accounts([people.nonMember.id]))[0]!.email;
      // Invitations carry their secret only in the email; the factory reads it back from the job.
      const before = await t.running.runtime.jobs.find<{ params: { link: string } }>('membership.send-email');
      await t.factories.domain.joining.invite(t.factories.viewer(people.coordinator), { communityId: created.id, email });
      const after = await t.running.runtime.jobs.find<{ template: string; params: { link: string } }>('membership.send-email');
      const job = after.find((candidate) => !before.some((old) => old.id === candidate.id) && candidate.data.template === 'invitation')!;
      return { input: { token: new URL(job.data.params.link).searchParams.get('token') } };
    },
    allowed: ['nonMember'],
  },
  {
    name: 'leave a community',
    query: `mutation ($input: CommunityReferenceInput!) { leaveCommunity(input: $input) { membership { status } } }`,
    prepare: async () => ({ input: { communityId: (await community()).id } }),
    allowed: ['member', 'moderator'],
    other: { coordinator: 'CONFLICT', nonMember: 'NOT_FOUND', admin: 'NOT_FOUND', analyst: 'NOT_FOUND', banned: 'NOT_FOUND' },
  },
  ...(['removeMember', 'banMember'] as const).map((field) => ({
    name: field,
    query: `mutation ($input: ExcludeMemberInput!) { ${field}(input: $input) { membership { status } } }`,
    prepare: async () => {
      const created = await community();
      const target = await t.factories.memberOf(created);
      return { input: { communityId: created.id, memberId: target.id, reason: 'Breaking the community guidelines.' } };
    },
    allowed: coordinators,
  })),
  {
    name: 'unban a member',
    query: `mutation ($input: MemberInCommunityInput!) { unbanMember(input: $input) { membership { status } } }`,
    prepare: async () => {
      const created = await community();
      const target = await t.factories.memberOf(created);
      await t.factories.ban(created, target);
      return { input: { communityId: created.id, memberId: target.id } };
    },
    allowed: coordinators,
  },
  {
    name: "change a member's role",
    query: `mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { membership { role } } }`,
    prepare: async () => {
      const created = await community();
      const target = await t.factories.memberOf(created);
      return { input: { communityId: created.id, memberId: target.id, role: 'MODERATOR' } };
    },
    allowed: coordinators,
  },
  {
    name: 'update my profile',
    query: `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { member { id } } }`,
    prepare: async () => ({ input: { bio: 'A few words.' } }),
    allowed: everyoneSignedIn,
  },
  {
    name: 'create an API token',
    query: `mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`,
    prepare: async () => ({ input: { name: 'Reports script', scopes: ['READ'] } }),
    allowed: everyoneSignedIn,
  },
];

beforeAll(async () => {
  t = await startSubgraphTest(membership);
  people = await newCast(t.factories, { joinPolicy: 'APPROVAL' });
});
afterAll(() => t?.stop());

const expectations = (testCase: Case) =>
  Object.fromEntries(VIEWER_KINDS.map((kind) => [kind, testCase.allowed.includes(kind) ? 'OK' : kind === 'anonymous' ? 'UNAUTHENTICATED' : (testCase.other?.[kind] ?? 'FORBIDDEN')]));

describe.each(cases)('$name', (testCase) => {
  viewerMatrix(expectations(testCase), async (kind) => t.run(testCase.query, (await testCase.prepare()) as Record<string, unknown>, people[kind]));
});
