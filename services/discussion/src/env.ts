import { z } from 'zod';
import { env } from '@praxis/platform';
import type { DiscussionConfig } from './discussion/config';

/** Every setting of the discussion service, with defaults that make `npm start` work as it is. */
export const discussionEnv = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  LOG_PRETTY: env.bool(false),
  HOST: z.string().default('127.0.0.1'),
  INTERNAL_AUTH_SECRET: env.internalSecret(),
  GRAPHQL_INTROSPECTION: env.bool(true),
  EVENTS_POLL_MS: env.int(1000, 50, 60_000),
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  EVENTLOG_DATABASE_URL: env.postgresUrl().optional(),
  DISCUSSION_PORT: env.port(4002),
  DISCUSSION_DATABASE_URL: env.postgresUrl().default('postgres://praxis_discussion:praxis@127.0.0.1:5432/praxis'),
  DISCUSSION_DB_POOL_SIZE: env.int(10, 1, 200),
  DISCUSSION_WORKERS: env.bool(true),
  DISCUSSION_MIGRATE_ON_START: env.bool(true),
  /** Where membership answers permission checks (its base URL, not /graphql). */
  MEMBERSHIP_INTERNAL_URL: env.httpUrl().default('http://127.0.0.1:4001'),
});

export type DiscussionEnv = z.infer<typeof discussionEnv>;

export function discussionConfig(value: DiscussionEnv): DiscussionConfig {
  return {
    runtime: {
      service: 'discussion',
      schema: 'discussion',
      jobSchema: 'discussion_jobs',
      databaseUrl: value.DISCUSSION_DATABASE_URL,
      eventlogUrl: value.EVENTLOG_DATABASE_URL,
      poolSize: value.DISCUSSION_DB_POOL_SIZE,
      nodeEnv: value.NODE_ENV,
      logLevel: value.LOG_LEVEL,
      prettyLogs: value.LOG_PRETTY,
      internalSecret: value.INTERNAL_AUTH_SECRET,
      introspection: value.GRAPHQL_INTROSPECTION,
      workers: value.DISCUSSION_WORKERS,
      migrateOnStart: value.DISCUSSION_MIGRATE_ON_START,
      eventsPollMs: value.EVENTS_POLL_MS,
      jobsPollSeconds: value.JOBS_POLL_SECONDS,
      host: value.HOST,
      port: value.DISCUSSION_PORT,
    },
    membershipUrl: value.MEMBERSHIP_INTERNAL_URL,
  };
}
