import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventsContracts, type EventPayload } from '@praxis/platform';
import { workerDatabase } from '@praxis/platform/testing';

/**
 * Appends an events-service EventChanged to the shared log, as that service's relay would, so
 * the library's projection can be tested before (and without) the events subgraph. The payload
 * is checked against the published contract; the sequence continues the publisher's own.
 */
export async function publishAsEventsService(payload: EventPayload<typeof eventsContracts.EventChanged>): Promise<string> {
  const definition = eventsContracts.EventChanged;
  const parsed = definition.schema.parse(payload);
  const client = new Client({ connectionString: (await workerDatabase()).adminUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`praxis:relay:${definition.publisher}`]);
    const id = randomUUID();
    await client.query(
      `INSERT INTO eventlog.events (publisher, seq, id, type, version, occurred_at, payload)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, now(), $5::jsonb FROM eventlog.events WHERE publisher = $1`,
      [definition.publisher, id, definition.type, definition.version, JSON.stringify(parsed)],
    );
    await client.query('COMMIT');
    return id;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}
