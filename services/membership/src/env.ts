import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, env } from '@praxis/platform';
import type { MembershipConfig } from './membership/config';

/** Every setting of the membership service. Each name is documented in the README's table. */
export const membershipEnv = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  LOG_PRETTY: env.bool(false),
  HOST: z.string().default('127.0.0.1'),
  INTERNAL_AUTH_SECRET: env.internalSecret(),
  /** On by default except in production, where the schema is published through schema/api.graphql instead. */
  GRAPHQL_INTROSPECTION: z.stringbool().optional(),
  EVENTS_POLL_MS: env.int(1000, 50, 60_000),
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  EVENTLOG_DATABASE_URL: env.postgresUrl().optional(),
  MEMBERSHIP_PORT: env.port(4001),
  MEMBERSHIP_DATABASE_URL: env.postgresUrl().default('postgres://praxis_membership:praxis@127.0.0.1:5432/praxis'),
  MEMBERSHIP_DB_POOL_SIZE: env.int(10, 1, 200),
  MEMBERSHIP_WORKERS: env.bool(true),
  MEMBERSHIP_MIGRATE_ON_START: env.bool(true),
  AUTH_ISSUER: z.string().min(1).default('praxis'),
  AUTH_AUDIENCE: z.string().min(1).default('praxis'),
  AUTH_SIGNING_KEYS: z.string().optional(),
  AUTH_SIGNING_KEYS_FILE: z.string().optional(),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: env.int(900, 60, 86_400),
  AUTH_REFRESH_TOKEN_TTL_DAYS: env.int(30, 1, 365),
  AUTH_SIGN_IN_FAILURES_ALLOWED: env.int(5, 1, 100),
  AUTH_OIDC_AUTO_PROVISION: env.bool(false),
  PASSWORD_SCRYPT_LOG2N: env.int(15, 4, 20),
  EMAIL_TRANSPORT: z.enum(['file', 'smtp']).default('file'),
  EMAIL_DIR: z.string().default('.praxis/mail'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  EMAIL_FROM: z.string().default('Praxis <no-reply@praxis.example.org>'),
  PUBLIC_APP_URL: env.httpUrl().default('http://localhost:3000'),
  INVITATION_TTL_DAYS: env.int(14, 1, 90),
  EMAIL_TOKEN_TTL_HOURS: env.int(24, 1, 168),
  REPORT_SUPPRESSION_THRESHOLD: env.int(5, 1, 100),
  ERASURE_SWEEP_DELAY_SECONDS: env.int(300, 0, 86_400),
});

export type MembershipEnv = z.infer<typeof membershipEnv>;

const jwkList = z.array(z.looseObject({ kty: z.string(), kid: z.string(), d: z.string() }));

function signingKeys(value: MembershipEnv): MembershipConfig['auth']['signingKeys'] {
  const raw = value.AUTH_SIGNING_KEYS ?? (value.AUTH_SIGNING_KEYS_FILE ? readFileSync(value.AUTH_SIGNING_KEYS_FILE, 'utf8') : undefined);
  if (!raw) {
    if (value.NODE_ENV === 'production') throw new ConfigError([{ variable: 'AUTH_SIGNING_KEYS', message: 'required in production (or AUTH_SIGNING_KEYS_FILE)' }]);
    return [];
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError([{ variable: 'AUTH_SIGNING_KEYS', message: 'is not valid JSON' }]);
  }
  const parsed = jwkList.safeParse(json);
  if (!parsed.success) throw new ConfigError([{ variable: 'AUTH_SIGNING_KEYS', message: 'must be a JSON array of private JWKs, each with a kid' }]);
  return parsed.data;
}

export function membershipConfig(value: MembershipEnv): MembershipConfig {
  if (value.EMAIL_TRANSPORT === 'smtp' && !value.SMTP_URL) throw new ConfigError([{ variable: 'SMTP_URL', message: 'required when EMAIL_TRANSPORT is smtp' }]);
  return {
    runtime: {
      service: 'membership',
      schema: 'membership',
      jobSchema: 'membership_jobs',
      databaseUrl: value.MEMBERSHIP_DATABASE_URL,
      eventlogUrl: value.EVENTLOG_DATABASE_URL,
      poolSize: value.MEMBERSHIP_DB_POOL_SIZE,
      nodeEnv: value.NODE_ENV,
      logLevel: value.LOG_LEVEL,
      prettyLogs: value.LOG_PRETTY,
      internalSecret: value.INTERNAL_AUTH_SECRET,
      introspection: value.GRAPHQL_INTROSPECTION ?? value.NODE_ENV !== 'production',
      workers: value.MEMBERSHIP_WORKERS,
      migrateOnStart: value.MEMBERSHIP_MIGRATE_ON_START,
      eventsPollMs: value.EVENTS_POLL_MS,
      jobsPollSeconds: value.JOBS_POLL_SECONDS,
      host: value.HOST,
      port: value.MEMBERSHIP_PORT,
    },
    auth: {
      issuer: value.AUTH_ISSUER,
      audience: value.AUTH_AUDIENCE,
      signingKeys: signingKeys(value),
      accessTokenTtlSeconds: value.AUTH_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: value.AUTH_REFRESH_TOKEN_TTL_DAYS,
      scryptLog2N: value.PASSWORD_SCRYPT_LOG2N,
      oidcAutoProvision: value.AUTH_OIDC_AUTO_PROVISION,
      signInFailuresAllowed: value.AUTH_SIGN_IN_FAILURES_ALLOWED,
    },
    email:
      value.EMAIL_TRANSPORT === 'smtp'
        ? { transport: 'smtp', url: value.SMTP_URL!, from: value.EMAIL_FROM }
        : { transport: 'file', directory: value.EMAIL_DIR, from: value.EMAIL_FROM },
    publicAppUrl: value.PUBLIC_APP_URL,
    invitationTtlDays: value.INVITATION_TTL_DAYS,
    emailTokenTtlHours: value.EMAIL_TOKEN_TTL_HOURS,
    reportSuppressionThreshold: value.REPORT_SUPPRESSION_THRESHOLD,
    erasureSweepDelaySeconds: value.ERASURE_SWEEP_DELAY_SECONDS,
  };
}
