import { z } from 'zod';
import { env } from '@praxis/platform';
import type { EventsConfig } from './events/config';

/** Every setting of the events service; shared names mean the same as in every service. */
export const eventsEnv = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  LOG_PRETTY: env.bool(false),
  HOST: z.string().default('127.0.0.1'),
  INTERNAL_AUTH_SECRET: env.internalSecret(),
  GRAPHQL_INTROSPECTION: env.bool(true),
  EVENTS_POLL_MS: env.int(1000, 50, 60_000),
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  EVENTLOG_DATABASE_URL: env.postgresUrl().optional(),
  EVENTS_PORT: env.port(4004),
  EVENTS_DATABASE_URL: env.postgresUrl().default('postgres://praxis_events:praxis@127.0.0.1:5432/praxis'),
  EVENTS_DB_POOL_SIZE: env.int(10, 1, 200),
  EVENTS_WORKERS: env.bool(true),
  EVENTS_MIGRATE_ON_START: env.bool(true),
  /** Where browsers reach the gateway, which serves calendar and certificate links (the same setting as the gateway's). */
  PUBLIC_GRAPH_URL: env.httpUrl().default('http://localhost:4000'),
  /** Where links to calendars and certificates point, when not through PUBLIC_GRAPH_URL. */
  EVENTS_PUBLIC_URL: env.httpUrl().optional(),
  /** How far ahead recurring series are materialised. */
  EVENTS_SERIES_HORIZON_DAYS: env.int(365, 7, 1830),
  MEMBERSHIP_INTERNAL_URL: env.httpUrl().default('http://127.0.0.1:4001'),
});

export type EventsEnv = z.infer<typeof eventsEnv>;

export function eventsConfig(value: EventsEnv): EventsConfig {
  return {
    runtime: {
      service: 'events',
      schema: 'events',
      jobSchema: 'events_jobs',
      databaseUrl: value.EVENTS_DATABASE_URL,
      eventlogUrl: value.EVENTLOG_DATABASE_URL,
      poolSize: value.EVENTS_DB_POOL_SIZE,
      nodeEnv: value.NODE_ENV,
      logLevel: value.LOG_LEVEL,
      prettyLogs: value.LOG_PRETTY,
      internalSecret: value.INTERNAL_AUTH_SECRET,
      introspection: value.GRAPHQL_INTROSPECTION,
      workers: value.EVENTS_WORKERS,
      migrateOnStart: value.EVENTS_MIGRATE_ON_START,
      eventsPollMs: value.EVENTS_POLL_MS,
      jobsPollSeconds: value.JOBS_POLL_SECONDS,
      host: value.HOST,
      port: value.EVENTS_PORT,
    },
    membershipUrl: value.MEMBERSHIP_INTERNAL_URL,
    publicUrl: (value.EVENTS_PUBLIC_URL ?? value.PUBLIC_GRAPH_URL).replace(/\/$/, ''),
    seriesHorizonDays: value.EVENTS_SERIES_HORIZON_DAYS,
  };
}
