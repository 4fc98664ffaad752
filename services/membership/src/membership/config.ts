import type { JWK } from 'jose';
import type { MailerConfig, ServiceRuntimeConfig } from '@praxis/platform';

/** Membership's settings, built once from its environment by env.ts. */
export interface MembershipConfig {
  runtime: ServiceRuntimeConfig;
  auth: {
    issuer: string;
    audience: string;
    /** Private JWKs; the first signs. Empty in development means "generate one for this run". */
    signingKeys: JWK[];
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    scryptLog2N: number;
    /** Whether a first sign-in through a trusted OpenID Connect provider creates a member. */
    oidcAutoProvision: boolean;
    /** Failed sign-ins for one address before they are slowed down. */
    signInFailuresAllowed: number;
  };
  email: MailerConfig;
  /** The front-end's base URL, for links in emails. */
  publicAppUrl: string;
  invitationTtlDays: number;
  emailTokenTtlHours: number;
  /** How long after a deletion its erasure runs a second time, for writes that were in flight. */
  erasureSweepDelaySeconds: number;
  /** Breakdown cells under this many are suppressed in reports. */
  reportSuppressionThreshold: number;
  /** How long a privileged read waits for its audit record before spooling it (docs/adr/0010). */
  audit: { timeoutMs: number; spoolDir: string };
  /**
   * The port of the routes other processes call (permission checks, contacts, the JWKS), apart
   * from the GraphQL port so a network policy can tell them apart; beside /graphql when omitted.
   */
  internalPort?: number;
  /** Seals TOTP secrets at rest (secret-box.ts). */
  secondFactorKey: Buffer;
}
