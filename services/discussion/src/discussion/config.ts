import type { ServiceRuntimeConfig } from '@praxis/platform';

/** The discussion service's settings, parsed once from the environment by env.ts. */
export interface DiscussionConfig {
  runtime: ServiceRuntimeConfig;
  /** Membership's base URL, for live permission checks. */
  membershipUrl: string;
}
