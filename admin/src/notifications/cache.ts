import type { ApolloCache } from '@apollo/client';

/**
 * After `markNotificationsRead`: the items marked read and the unread count the graph answered,
 * written into every copy of the viewer's feed (the bell's count and the list share one field).
 */
export function applyRead(cache: ApolloCache, ids: readonly string[], unreadCount: number, readAt: string): void {
  for (const id of ids) {
    cache.modify({
      id: cache.identify({ __typename: 'Notification', id }),
      fields: { read: () => true, readAt: (value: unknown) => value ?? readAt },
    });
  }
  cache.modify({
    id: cache.identify({ __typename: 'Viewer' }),
    fields: {
      notifications: (existing: unknown) => (existing && typeof existing === 'object' ? { ...existing, unreadCount } : existing),
    },
  });
}
