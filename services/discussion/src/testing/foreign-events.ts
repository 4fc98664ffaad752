import { Client } from 'pg';
import type { EventDefinition, EventPayload } from '@praxis/platform';
import { workerDatabase } from '@praxis/platform/testing';

/**
 * Appends another service's event to the shared log, as that service's relay would (same
 * advisory lock, next sequence number), so discussion can be tested before resources and
 * events exist. It connects as the test administrator, the only role allowed to write under
 * another publisher's name.
 */
export async function publishForeignEvent<D extends EventDefinition>(definition: D, payload: EventPayload<D>, occurredAt = new Date()): Promise<void> {
  const db = await workerDatabase();
  const client = new Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`praxis:relay:${definition.publisher}`]);
    await client.query(
      `INSERT INTO eventlog.events (publisher, seq, id, type, version, occurred_at, payload)
       SELECT $1, coalesce(max(seq), 0) + 1, gen_random_uuid(), $2, $3, $4, $5::jsonb FROM eventlog.events WHERE publisher = $1`,
      [definition.publisher, definition.type, definition.version, occurredAt, JSON.stringify(definition.schema.parse(payload))],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
