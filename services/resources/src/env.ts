import { z } from 'zod';
import { ConfigError, env } from '@praxis/platform';
import type { ResourcesConfig } from './library/config';

/** Public on purpose: it only protects a development machine. Production refuses to start with it. */
export const DEVELOPMENT_URL_SIGNING_SECRET = 'praxis-resources-development-url-secret-do-not-deploy';

/** Every setting of the resources service. Each name is documented in the README's table. */
export const resourcesEnv = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  LOG_PRETTY: env.bool(false),
  HOST: z.string().default('127.0.0.1'),
  INTERNAL_AUTH_SECRET: env.internalSecret(),
  GRAPHQL_INTROSPECTION: env.bool(true),
  EVENTS_POLL_MS: env.int(1000, 50, 60_000),
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  EVENTLOG_DATABASE_URL: env.postgresUrl().optional(),
  MEMBERSHIP_INTERNAL_URL: env.httpUrl().default('http://localhost:4001'),
  RESOURCES_PORT: env.port(4003),
  RESOURCES_DATABASE_URL: env.postgresUrl().default('postgres://praxis_resources:praxis@127.0.0.1:5432/praxis'),
  RESOURCES_DB_POOL_SIZE: env.int(10, 1, 200),
  RESOURCES_WORKERS: env.bool(true),
  RESOURCES_MIGRATE_ON_START: env.bool(true),
  /** Where browsers reach the gateway, which serves upload and download links (the same setting as the gateway's). */
  PUBLIC_GRAPH_URL: env.httpUrl().default('http://localhost:4000'),
  /** The base of signed upload and download links, when not through PUBLIC_GRAPH_URL. */
  RESOURCES_PUBLIC_URL: env.httpUrl().optional(),
  /** Front-end origins that may PUT uploads from a browser, like the gateway's CORS_ORIGINS. */
  RESOURCES_CORS_ORIGINS: env.list().default(['http://localhost:3000', 'http://localhost:5173']),
  /** Signs upload and download links; only the resources service holds it. */
  RESOURCES_URL_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_URL_SIGNING_SECRET),
  RESOURCES_DOWNLOAD_URL_TTL_SECONDS: env.int(300, 10, 86_400),
  RESOURCES_UPLOAD_URL_TTL_SECONDS: env.int(900, 10, 86_400),
  /** Uploads whose resource was never created are deleted after this long. */
  RESOURCES_UNATTACHED_UPLOAD_HOURS: env.int(24, 1, 720),
  RESOURCES_MAX_UPLOAD_BYTES: env.int(25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  RESOURCES_DATA_DIR: z.string().default('.praxis/resources-files'),
  RESOURCES_LINK_CHECK_CRON: z.string().default('17 * * * *'),
  RESOURCES_LINK_CHECK_INTERVAL_HOURS: env.int(24, 1, 24 * 90),
  RESOURCES_LINK_CHECK_TIMEOUT_MS: env.int(10_000, 100, 120_000),
  RESOURCES_LINK_CHECK_MAX_REDIRECTS: env.int(5, 0, 20),
  RESOURCES_LINK_CHECK_BATCH: env.int(200, 1, 10_000),
  RESOURCES_LINK_CHECK_CONCURRENCY: env.int(4, 1, 64),
  RESOURCES_LINK_CHECK_ALLOW_PRIVATE: env.bool(false),
});

export type ResourcesEnv = z.infer<typeof resourcesEnv>;

export function resourcesConfig(value: ResourcesEnv): ResourcesConfig {
  if (value.NODE_ENV === 'production' && value.RESOURCES_URL_SIGNING_SECRET === DEVELOPMENT_URL_SIGNING_SECRET) {
    throw new ConfigError([{ variable: 'RESOURCES_URL_SIGNING_SECRET', message: 'must be set to a private value in production' }]);
  }
  return {
    runtime: {
      service: 'resources',
      schema: 'resources',
      jobSchema: 'resources_jobs',
      databaseUrl: value.RESOURCES_DATABASE_URL,
      eventlogUrl: value.EVENTLOG_DATABASE_URL,
      poolSize: value.RESOURCES_DB_POOL_SIZE,
      nodeEnv: value.NODE_ENV,
      logLevel: value.LOG_LEVEL,
      prettyLogs: value.LOG_PRETTY,
      internalSecret: value.INTERNAL_AUTH_SECRET,
      introspection: value.GRAPHQL_INTROSPECTION,
      workers: value.RESOURCES_WORKERS,
      migrateOnStart: value.RESOURCES_MIGRATE_ON_START,
      eventsPollMs: value.EVENTS_POLL_MS,
      jobsPollSeconds: value.JOBS_POLL_SECONDS,
      host: value.HOST,
      port: value.RESOURCES_PORT,
    },
    membershipUrl: value.MEMBERSHIP_INTERNAL_URL,
    publicUrl: value.RESOURCES_PUBLIC_URL ?? value.PUBLIC_GRAPH_URL,
    corsOrigins: value.RESOURCES_CORS_ORIGINS,
    files: {
      signingSecret: value.RESOURCES_URL_SIGNING_SECRET,
      downloadTtlSeconds: value.RESOURCES_DOWNLOAD_URL_TTL_SECONDS,
      uploadTtlSeconds: value.RESOURCES_UPLOAD_URL_TTL_SECONDS,
      unattachedHours: value.RESOURCES_UNATTACHED_UPLOAD_HOURS,
      maxBytes: value.RESOURCES_MAX_UPLOAD_BYTES,
      dataDir: value.RESOURCES_DATA_DIR,
    },
    linkCheck: {
      cron: value.RESOURCES_LINK_CHECK_CRON,
      intervalHours: value.RESOURCES_LINK_CHECK_INTERVAL_HOURS,
      timeoutMs: value.RESOURCES_LINK_CHECK_TIMEOUT_MS,
      maxRedirects: value.RESOURCES_LINK_CHECK_MAX_REDIRECTS,
      batch: value.RESOURCES_LINK_CHECK_BATCH,
      concurrency: value.RESOURCES_LINK_CHECK_CONCURRENCY,
      allowPrivateAddresses: value.RESOURCES_LINK_CHECK_ALLOW_PRIVATE,
    },
  };
}
