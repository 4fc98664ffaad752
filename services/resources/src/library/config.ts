import type { ServiceRuntimeConfig } from '@praxis/platform';

/** The resources service's settings, built once from its environment by env.ts. */
export interface ResourcesConfig {
  runtime: ServiceRuntimeConfig;
  /** Membership's base URL, for live permission checks. */
  membershipUrl: string;
  /** The base of signed links: the gateway's public address unless overridden; null (tests) means the address the service listens on. */
  publicUrl: string | null;
  /** Front-end origins allowed to PUT uploads from a browser. */
  corsOrigins: string[];
  files: {
    signingSecret: string;
    downloadTtlSeconds: number;
    uploadTtlSeconds: number;
    unattachedHours: number;
    maxBytes: number;
    dataDir: string;
  };
  linkCheck: {
    cron: string;
    intervalHours: number;
    timeoutMs: number;
    maxRedirects: number;
    batch: number;
    concurrency: number;
    /** Whether links may point at loopback and private networks (tests and closed intranets only). */
    allowPrivateAddresses: boolean;
  };
}
