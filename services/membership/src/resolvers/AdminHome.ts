import { pageRequest } from '@praxis/platform';
import type { CommunityResolvers, ViewerResolvers } from '../__generated__/resolvers';

/** `me.managedCommunities`: the communities on the admin app's home screen. */
export const adminHomeViewer: Pick<ViewerResolvers, 'managedCommunities'> = {
  managedCommunities: ({ memberId }, args, { access, domain }) => {
    access.requireMember();
    return domain.adminHome.managedCommunityPage(memberId, pageRequest(args, 2));
  },
};

/**
 * What waits for the viewer in a community. The permission answer and the count are each one
 * batch for every community of the request.
 */
export const adminHomeCommunity: Pick<CommunityResolvers, 'pendingJoinRequestCount'> = {
  pendingJoinRequestCount: async (community, _args, { access, loaders }) => {
    const rights = await access.community(community.id);
    return rights?.canCoordinate ? loaders.pendingJoinRequestCount.load(community.id) : null;
  },
};
