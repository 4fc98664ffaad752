import { z } from 'zod';
import type { ServiceRuntimeConfig } from '../server/runtime';
import { env } from './env';
import { DEFAULT_HEALTH_THRESHOLDS } from '../metrics/background';
import { DEFAULT_HEARTBEAT_SECONDS, MIN_HEARTBEAT_SECONDS } from '../jobs/queue';
import { DEFAULT_INTERNAL_API_TIMEOUT_MS } from '../access/internal-client';

/** Where membership answers permission checks when MEMBERSHIP_INTERNAL_URL is unset: the same for every service. */
export const DEFAULT_MEMBERSHIP_INTERNAL_URL = 'http://127.0.0.1:4001';

const DEFAULT_EVENTLOG_POLL_MS = 1000;
const pollMs = () => z.coerce.number().int().min(50).max(60_000).optional();

/** The settings every subgraph shares, whatever its domain; `<SERVICE>_` names carry the service's prefix. */
export interface SharedSubgraphEnv {
  NODE_ENV: 'development' | 'test' | 'production';
  LOG_LEVEL: string;
  LOG_PRETTY: boolean;
  HOST: string;
  INTERNAL_AUTH_SECRET: string;
  GRAPHQL_INTROSPECTION?: boolean;
  EVENTLOG_POLL_MS?: number;
  /** Deprecated: EVENTLOG_POLL_MS. Accepted for one release, with a warning. */
  EVENTS_POLL_MS?: number;
  JOBS_POLL_SECONDS: number;
  JOBS_HEARTBEAT_SECONDS: number;
  EVENTLOG_DATABASE_URL?: string;
  MEMBERSHIP_INTERNAL_URL: string;
  INTERNAL_API_TIMEOUT_MS: number;
  CONSUMER_LAG_DEGRADED_MINUTES: number;
  JOB_QUEUE_AGE_DEGRADED_MINUTES: number;
  [serviceSetting: `${string}_${'PORT' | 'DATABASE_URL' | 'DB_POOL_SIZE' | 'WORKERS' | 'MIGRATE_ON_START'}`]: unknown;
}

/** What every subgraph's config holds, before its own settings. */
export interface SubgraphConfig {
  runtime: ServiceRuntimeConfig;
  /** Membership's base URL (not /graphql), for live permission checks. */
  membershipUrl: string;
  /** How long a call to membership's internal API may take before the request answers SUBGRAPH_UNAVAILABLE. */
  internalApiTimeoutMs: number;
}

export interface SubgraphIdentity {
  name: string;
  /** Its port when <SERVICE>_PORT is unset. */
  port: number;
  /** The PostgreSQL schema it owns; the name by default. Its job queue lives in `<schema>_jobs`. */
  schema?: string;
  /**
   * Whether the subgraph answers introspection in production when GRAPHQL_INTROSPECTION is unset.
   * Outside production it always does by default.
   */
  introspectionInProduction?: boolean;
}

const prefixOf = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** The zod schema of the shared settings, named for one service. */
export function sharedSubgraphEnv(identity: SubgraphIdentity) {
  const prefix = prefixOf(identity.name);
  return z.object({
    NODE_ENV: env.nodeEnv(),
    LOG_LEVEL: env.logLevel(),
    LOG_PRETTY: env.bool(false),
    HOST: z.string().default('127.0.0.1'),
    INTERNAL_AUTH_SECRET: env.internalSecret(),
    GRAPHQL_INTROSPECTION: z.stringbool().optional(),
    EVENTLOG_POLL_MS: pollMs(),
    EVENTS_POLL_MS: pollMs(),
    JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
    // pg-boss's floor is 10 s; a killed worker's job is taken again within about 1.5 times this.
    JOBS_HEARTBEAT_SECONDS: env.int(DEFAULT_HEARTBEAT_SECONDS, MIN_HEARTBEAT_SECONDS, 3_600),
    EVENTLOG_DATABASE_URL: env.postgresUrl().optional(),
    MEMBERSHIP_INTERNAL_URL: env.httpUrl().default(DEFAULT_MEMBERSHIP_INTERNAL_URL),
    INTERNAL_API_TIMEOUT_MS: env.int(DEFAULT_INTERNAL_API_TIMEOUT_MS, 50, 120_000),
    // Past these, readiness says "degraded" in its body (still 200): see docs/runbooks/.
    CONSUMER_LAG_DEGRADED_MINUTES: z.coerce.number().positive().max(10_080).default(DEFAULT_HEALTH_THRESHOLDS.consumerLagDegradedMinutes),
    JOB_QUEUE_AGE_DEGRADED_MINUTES: z.coerce.number().positive().max(10_080).default(DEFAULT_HEALTH_THRESHOLDS.queueAgeDegradedMinutes),
    [`${prefix}_PORT`]: env.port(identity.port),
    [`${prefix}_DATABASE_URL`]: env.postgresUrl().default(`postgres://praxis_${identity.name}:praxis@127.0.0.1:5432/praxis`),
    [`${prefix}_DB_POOL_SIZE`]: env.int(10, 1, 200),
    [`${prefix}_WORKERS`]: env.bool(true),
    [`${prefix}_MIGRATE_ON_START`]: env.bool(true),
  });
}

/** Turns the shared settings into the runtime's config: written once for every subgraph. */
export function sharedSubgraphConfig(identity: SubgraphIdentity, value: SharedSubgraphEnv): SubgraphConfig {
  const prefix = prefixOf(identity.name);
  const schema = identity.schema ?? identity.name;
  const warnings: string[] = [];
  if (value.EVENTS_POLL_MS !== undefined) {
    warnings.push(`EVENTS_POLL_MS is deprecated and will be removed in the next release; set EVENTLOG_POLL_MS instead${value.EVENTLOG_POLL_MS === undefined ? '' : ' (EVENTLOG_POLL_MS is set and wins)'}`);
  }
  return {
    runtime: {
      service: identity.name,
      schema,
      jobSchema: `${schema}_jobs`,
      databaseUrl: value[`${prefix}_DATABASE_URL`] as string,
      eventlogUrl: value.EVENTLOG_DATABASE_URL,
      poolSize: value[`${prefix}_DB_POOL_SIZE`] as number,
      nodeEnv: value.NODE_ENV,
      logLevel: value.LOG_LEVEL,
      prettyLogs: value.LOG_PRETTY,
      internalSecret: value.INTERNAL_AUTH_SECRET,
      introspection: value.GRAPHQL_INTROSPECTION ?? (value.NODE_ENV !== 'production' || (identity.introspectionInProduction ?? true)),
      workers: value[`${prefix}_WORKERS`] as boolean,
      migrateOnStart: value[`${prefix}_MIGRATE_ON_START`] as boolean,
      eventsPollMs: value.EVENTLOG_POLL_MS ?? value.EVENTS_POLL_MS ?? DEFAULT_EVENTLOG_POLL_MS,
      jobsPollSeconds: value.JOBS_POLL_SECONDS,
      jobsHeartbeatSeconds: value.JOBS_HEARTBEAT_SECONDS,
      host: value.HOST,
      port: value[`${prefix}_PORT`] as number,
      health: { consumerLagDegradedMinutes: value.CONSUMER_LAG_DEGRADED_MINUTES, queueAgeDegradedMinutes: value.JOB_QUEUE_AGE_DEGRADED_MINUTES },
      ...(warnings.length > 0 ? { warnings } : {}),
    },
    membershipUrl: value.MEMBERSHIP_INTERNAL_URL,
    internalApiTimeoutMs: value.INTERNAL_API_TIMEOUT_MS,
  };
}
