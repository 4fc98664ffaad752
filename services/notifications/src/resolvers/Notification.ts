import type { NotificationResolvers, NotificationTargetResolvers } from '../__generated__/resolvers';

const TYPENAMES = { THREAD: 'DiscussionThread', EVENT: 'Event', RESOURCE: 'Resource', COMMUNITY: 'Community' } as const;

export const Notification: NotificationResolvers = {
  actor: (item) => (item.actorId ? { id: item.actorId } : null),
  community: (item) => (item.communityId ? { id: item.communityId } : null),
  read: (item) => item.readAt !== null,
};

/** Each target is a stub its owner resolves, and hides from a viewer who may not see it. */
export const NotificationTarget: NotificationTargetResolvers = {
  __resolveType: (target) => TYPENAMES[target.type],
};
