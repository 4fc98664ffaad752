/** The operations `npm run bench:gateways` sends: what a front-end asks for all the time. */
import { communityPageQuery } from '../community-page';

/** A community page: its forums, recent threads, upcoming events and library, from four subgraphs. */
export const COMMUNITY_PAGE = communityPageQuery({ by: 'slug' });

/**
 * The page with its list sizes as a variable too: the demo has only a few public communities, and
 * community × size gives enough distinct requests that none is in flight twice at once.
 */
export const SIZED_COMMUNITY_PAGE = communityPageQuery({ by: 'slug', sized: true });

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
  /** The processes that serve it, whose CPU time per request is measured (Linux only). */
  pids?: number[];
}

export interface Scenario {
  name: string;
  query: string;
  /** The same for every request, or one per request (cycled). */
  variables: Record<string, unknown> | Record<string, unknown>[];
  targets: Target[];
}
