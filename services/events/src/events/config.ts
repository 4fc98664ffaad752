import type { ServiceRuntimeConfig } from '@praxis/platform';

export interface EventsConfig {
  runtime: ServiceRuntimeConfig;
  /** Membership's base URL, for permission checks (ADR 2) and names on certificates. */
  membershipUrl: string;
  /** The base URL calendar and certificate links use: the gateway's public address unless overridden; null (tests) means the listening URL. */
  publicUrl: string | null;
  /** How far ahead series occurrences are materialised. */
  seriesHorizonDays: number;
}
