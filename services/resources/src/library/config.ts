import type { ServiceRuntimeConfig } from '@praxis/platform';
import type { S3Settings } from './s3-storage';

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
    /** Local disk (under dataDir) by default; an S3-compatible bucket when replicas must share documents. */
    storage: { driver: 'local' } | ({ driver: 's3' } & S3Settings);
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
