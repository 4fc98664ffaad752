import type { CommunityResolvers } from '../__generated__/resolvers';

/** Notifications' field on membership's Community: a count for its coordinators only, checked live. */
export const Community: CommunityResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  quietMemberCount: async (community, _args, { access, loaders }) =>
    access.viewer.memberId && (await access.community(community.id))?.canCoordinate ? loaders.quietMemberCount.load(community.id) : null,
};
