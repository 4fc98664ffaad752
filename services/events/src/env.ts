import { z } from 'zod';
import { env, type SubgraphConfig } from '@praxis/platform';
import type { EventsConfig } from './events/config';

/** The events service's own settings; the shared ones (NODE_ENV, EVENTS_PORT, EVENTS_DATABASE_URL…) come from platform. */
export const eventsEnv = z.object({
  /** Where browsers reach the gateway, which serves calendar and certificate links (the same setting as the gateway's). */
  PUBLIC_GRAPH_URL: env.httpUrl().default('http://localhost:4000'),
  /** Where links to calendars and certificates point, when not through PUBLIC_GRAPH_URL. */
  EVENTS_PUBLIC_URL: env.httpUrl().optional(),
  /** How far ahead recurring series are materialised. */
  EVENTS_SERIES_HORIZON_DAYS: env.int(365, 7, 1830),
});

export type EventsEnv = z.infer<typeof eventsEnv>;

export function eventsConfig(value: EventsEnv, shared: SubgraphConfig): EventsConfig {
  return {
    ...shared,
    publicUrl: (value.EVENTS_PUBLIC_URL ?? value.PUBLIC_GRAPH_URL).replace(/\/$/, ''),
    seriesHorizonDays: value.EVENTS_SERIES_HORIZON_DAYS,
  };
}
