import { subgraphTestConfig, testSubgraph } from '@praxis/platform/testing';
import type { EventsConfig } from '../events';
import { service } from '../index';

import { EventsFactories } from './factories';

export { EventsFactories } from './factories';

/**
 * Events' settings for tests: the worker's database, fast polling, and membership's URL from
 * `env.MEMBERSHIP_INTERNAL_URL` (the end-to-end harness passes it).
 */
export async function eventsTestConfig(options: { smtpUrl?: string; env?: Record<string, string> } = {}): Promise<EventsConfig> {
  const config = await subgraphTestConfig(service, {
    ...options.env,
  });
  // Most tests run without a gateway: links then point at the service itself unless one is named.
  return { ...config, publicUrl: options.env?.EVENTS_PUBLIC_URL ?? options.env?.PUBLIC_GRAPH_URL ?? null };
}

/** The generic name the end-to-end harness looks for in every service's testing module. */
export { eventsTestConfig as testConfig };

/** Events for startSubgraphTest. */
export const events = testSubgraph({ name: 'events', service, testConfig: eventsTestConfig, factories: (running) => new EventsFactories(running) });
