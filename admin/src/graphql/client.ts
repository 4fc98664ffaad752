import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

/**
 * Every connection the app pages through with "Load more" merges its pages here, keyed by the
 * arguments that pick a different list (a filter, a status) rather than a different page.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      // One viewer per client: the store is cleared whenever the person signs out.
      // The bell's count and the menu's list read one field: a count query without edges leaves the loaded pages alone.
      Viewer: { keyFields: [], fields: { managedCommunities: relayStylePagination(), notifications: relayStylePagination(['unreadOnly']) } },
      // The viewer's own preferences, one per client like the viewer: a saved change replaces what `me` shows.
      NotificationPreferences: { keyFields: [] },
      Community: {
        fields: {
          joinRequests: relayStylePagination(['status', 'member', 'orderBy']),
          invitations: relayStylePagination(['status']),
          members: relayStylePagination(['filter', 'orderBy']),
          membershipHistory: relayStylePagination(),
          memberEngagement: relayStylePagination(['order', 'inactiveSince']),
          upcomingEvents: relayStylePagination(['kind']),
          eventProposals: relayStylePagination(['status']),
          discussionModerationQueue: relayStylePagination(),
          discussionAuditLog: relayStylePagination(),
          libraryCurationQueue: relayStylePagination(),
          resourceCollections: relayStylePagination(),
        },
      },
      Query: { fields: { brokenResourceLinks: relayStylePagination(['networkId', 'communityId']) } },
    },
  });
}

export function createClient(fetchWithSession: typeof fetch): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql', fetch: fetchWithSession }),
    cache: createCache(),
    defaultOptions: { watchQuery: { notifyOnNetworkStatusChange: true } },
  });
}
