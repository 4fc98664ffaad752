import { EventConsumers } from '@praxis/platform';
import type { RunningResources } from '../index';
import { libraryConsumers } from '../library/projections';

/**
 * Brings the library's projections (topics, time zones, events) up to date before seeding,
 * also in processes that run no consumers (`npm run seed` starts services without workers).
 * Membership's relay may still be moving its events into the log, so this waits until every
 * topic the manifest names has arrived, or gives up after a while.
 */
export async function catchUpProjections(running: RunningResources, topicIds: string[], timeoutMs = 120_000): Promise<void> {
  const { runtime } = running;
  const consumers = new EventConsumers({ dataSource: runtime.db, eventlog: runtime.eventlog, consumers: libraryConsumers(runtime.jobs), logger: runtime.logger });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await consumers.drain();
    const [{ count }] = (await runtime.db.query('SELECT count(*)::int AS count FROM topic_terms WHERE id = ANY($1::uuid[])', [topicIds])) as [{ count: number }];
    if (count === new Set(topicIds).size) return;
    if (Date.now() > deadline) throw new Error(`only ${count} of ${topicIds.length} topics reached the resources service; is membership relaying its events?`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Topic ids by label, per network, from the projection. */
export async function topicsByLabel(running: RunningResources, networkId: string): Promise<Map<string, string>> {
  const rows = (await running.runtime.db.query('SELECT id, label FROM topic_terms WHERE network_id = $1', [networkId])) as { id: string; label: string }[];
  return new Map(rows.map((row) => [row.label, row.id]));
}
