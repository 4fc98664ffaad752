import { pageRequest } from '@praxis/platform';
import type { MemberResolvers } from '../__generated__/resolvers';
import { FORMER_MEMBER } from '../membership/members';

/**
 * Public fields for everyone; profile details for signed-in viewers; email and a hidden
 * participant type only for the member, their coordinators and their network admins.
 */
export const Member: MemberResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.member.load(reference.id),
  displayName: (member) => member.displayName ?? FORMER_MEMBER,
  isFormerMember: (member) => member.deletedAt !== null,
  participantType: async (member, _args, { viewer, loaders }) => {
    if (!member.participantType || !viewer.memberId) return null;
    if (!member.participantTypeHidden) return member.participantType;
    return (await loaders.privileged.load(member.id)) ? member.participantType : null;
  },
  organisation: (member, _args, { viewer }) => (viewer.memberId ? member.organisation : null),
  bio: (member, _args, { viewer }) => (viewer.memberId ? member.bio : null),
  email: async (member, _args, { loaders }) => {
    if (member.deletedAt || !(await loaders.privileged.load(member.id))) return null;
    return (await loaders.account.load(member.id))?.email ?? null;
  },
  networkProfile: async (member, { networkId }, { viewer, loaders }) => {
    if (member.deletedAt || !viewer.memberId) return null;
    const profile = await loaders.networkProfile.load(`${member.id}:${networkId}`);
    return profile ?? null;
  },
  memberships: async (member, args, { loaders }) => ({
    ...(await loaders.memberMemberships.load({ memberId: member.id, page: pageRequest(args, 2) })),
    totalCount: () => loaders.memberMembershipCount.load(member.id),
  }),
};
