/** The operations `npm run bench:gateways` sends: what a front-end asks for all the time. */

/** A community page: its forums, recent threads, upcoming events and library, from four subgraphs. */
export const COMMUNITY_PAGE = `query CommunityPage($network: String!, $slug: String!) {
  community(networkSlug: $network, slug: $slug) {
    id name description memberCount
    viewerCan { participate }
    discussionForums(first: 10) { nodes { id name } }
    recentDiscussionThreads(first: 10) { nodes { id title replyCount lastActivityAt author { displayName } } }
    upcomingEvents(first: 5) { nodes { id title startsAt } }
    library(first: 10) { totalCount nodes { id title kind } }
  }
}`;

/** A community's own card: membership alone answers it, so it can also be sent straight there. */
export const COMMUNITY_CARD = `query CommunityCard($network: String!, $slug: String!) {
  community(networkSlug: $network, slug: $slug) { id name description memberCount visibility }
}`;

/** Every community of every network, for the varied-variables round. */
export const COMMUNITY_LIST = `{ networks(first: 50) { nodes { slug communities(first: 100) { nodes { slug visibility } } } } }`;

export interface Target {
  /** `praxis`, `hive`, `hive-no-dedupe`, `direct`. */
  name: string;
  url: string;
  headers: Record<string, string>;
}

export interface Scenario {
  name: string;
  query: string;
  /** The same for every request, or one per request (cycled). */
  variables: Record<string, unknown> | Record<string, unknown>[];
  targets: Target[];
}
