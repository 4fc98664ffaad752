import { pageRequest } from '@praxis/platform';
import type { ViewerResolvers } from '../__generated__/resolvers';

/** Only the viewer's own: a `Viewer` reference for anyone else, or a signed-out request, resolves to nothing. */
export const Viewer: ViewerResolvers = {
  __resolveReference: (reference, { access }) => (access.viewer.memberId && reference.memberId === access.viewer.memberId ? { memberId: reference.memberId } : null),
  notifications: ({ memberId }, args, { access, domain }) => {
    const page = pageRequest(args, 2);
    return memberId === access.viewer.memberId ? domain.feed.page(access, page, args.unreadOnly ?? false) : null;
  },
  notificationPreferences: ({ memberId }, _args, { access, loaders }) => (memberId === access.viewer.memberId ? loaders.preferences.load(memberId) : null),
};
