import { pageRequest } from '@praxis/platform';
import type { ViewerResolvers } from '../__generated__/resolvers';

export const Viewer: ViewerResolvers = {
  // A reference names a member; it stands for the viewer only when it is the viewer's own.
  __resolveReference: (reference, { access }) => (reference.memberId === access.viewer.memberId ? { memberId: reference.memberId } : null),
  resourceBookmarks: async ({ memberId }, args, { access, domain }) => {
    if (access.viewer.memberId !== memberId) return null;
    return domain.read.bookmarksOf(memberId, pageRequest(args, 2), await access.readableCommunityIds());
  },
};
