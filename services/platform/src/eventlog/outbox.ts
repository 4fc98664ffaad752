import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { clockOf } from '../clock';
import type { EventDefinition, EventPayload } from './envelope';

export interface PublishOptions {
  occurredAt?: Date;
  id?: string;
}

/**
 * Writes an event to the service's outbox inside the caller's transaction, so the event exists
 * if and only if the change it describes was committed. The relay moves it to the log.
 */
export async function publish<D extends EventDefinition>(manager: EntityManager, definition: D, payload: EventPayload<D>, options: PublishOptions = {}): Promise<string> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`publish(${definition.type}) must run inside a transaction`);
  }
  const parsed = definition.schema.parse(payload);
  const id = options.id ?? randomUUID();
  await manager.query('INSERT INTO outbox (id, type, version, occurred_at, payload) VALUES ($1, $2, $3, $4, $5)', [
    id,
    definition.type,
    definition.version,
    options.occurredAt ?? clockOf(manager).now(),
    JSON.stringify(parsed),
  ]);
  return id;
}

/** Many events at once, for bulk operations such as seeding: one statement regardless of count. */
export async function publishMany<D extends EventDefinition>(manager: EntityManager, definition: D, items: { payload: EventPayload<D>; occurredAt?: Date }[]): Promise<void> {
  if (items.length === 0) return;
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`publishMany(${definition.type}) must run inside a transaction`);
  }
  const ids: string[] = [];
  const times: Date[] = [];
  const now = clockOf(manager).now();
  const payloads: string[] = [];
  for (const item of items) {
    ids.push(randomUUID());
    times.push(item.occurredAt ?? now);
    payloads.push(JSON.stringify(definition.schema.parse(item.payload)));
  }
  await manager.query(
    `INSERT INTO outbox (id, type, version, occurred_at, payload)
     SELECT id, $4, $5, occurred_at, payload::jsonb FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS t(id, occurred_at, payload)`,
    [ids, times, payloads, definition.type, definition.version],
  );
}
