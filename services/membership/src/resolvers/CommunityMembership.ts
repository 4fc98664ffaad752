import type { CommunityMembershipResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import type { MembershipEntity } from '../entities';

async function profile(membership: MembershipEntity, { viewer, loaders }: Context) {
  if (!viewer.memberId) return null;
  const community = await loaders.community.load(membership.communityId);
  return community ? loaders.networkProfile.load(`${membership.memberId}:${community.networkId}`) : null;
}

export const CommunityMembership: CommunityMembershipResolvers = {
  id: (membership) => `${membership.communityId}:${membership.memberId}`,
  community: async (membership, _args, { loaders }) => (await loaders.community.load(membership.communityId))!,
  member: async (membership, _args, { loaders }) => (await loaders.member.load(membership.memberId))!,
  endReason: async (membership, _args, { viewer, access }) => {
    if (!membership.endReason) return null;
    if (viewer.memberId === membership.memberId) return membership.endReason;
    return (await access.community(membership.communityId))?.canCoordinate ? membership.endReason : null;
  },
  profession: async (membership, _args, context) => {
    const found = await profile(membership, context);
    return found?.professionTermId ? context.loaders.term.load(found.professionTermId) : null;
  },
  region: async (membership, _args, context) => {
    const found = await profile(membership, context);
    return found?.regionTermId ? context.loaders.term.load(found.regionTermId) : null;
  },
};
