import type { CommunityResolvers } from '../__generated__/resolvers';

/**
 * What waits for the viewer in a community's events. The permission answer and the count are
 * each one batch for every community of the request.
 */
export const adminHomeCommunity: Pick<CommunityResolvers, 'eventProposalCount'> = {
  eventProposalCount: async (community, _args, { access, loaders }) => {
    const rights = await access.community(community.id);
    return rights?.canCoordinate ? loaders.proposalCount.load(community.id) : null;
  },
};
