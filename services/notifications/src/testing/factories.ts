import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { memberViewer, resourcesContracts, type EventDefinition, type EventPayload, type Viewer } from '@praxis/platform';
import { workerDatabase } from '@praxis/platform/testing';
import { NotificationEntity } from '../entities';
import type { RunningNotifications } from '../index';
import type { PreferencesInput } from '../notifications/preferences';
import type { PreferencesView } from '../notifications/records';

type Who = { id: string } | string;
const idOf = (who: Who) => (typeof who === 'string' ? who : who.id);

/**
 * Appends other services' events to the shared log as their relays would (same advisory lock,
 * next sequence numbers, recorded now), for kinds whose publisher a test does not start. It
 * connects as the test administrator, the only role that may write under another publisher's name.
 */
export async function publishEvents<D extends EventDefinition>(definition: D, payloads: EventPayload<D>[], occurredAt = new Date()): Promise<void> {
  const db = await workerDatabase();
  const client = new Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`praxis:relay:${definition.publisher}`]);
    await client.query(
      `INSERT INTO eventlog.events (publisher, seq, id, type, version, occurred_at, payload)
       SELECT $1, coalesce((SELECT max(seq) FROM eventlog.events WHERE publisher = $1), 0) + p.n, gen_random_uuid(), $2, $3, $4, p.payload
       FROM unnest($5::jsonb[]) WITH ORDINALITY AS p(payload, n)`,
      [definition.publisher, definition.type, definition.version, occurredAt, payloads.map((payload) => JSON.stringify(definition.schema.parse(payload)))],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Notifications test data, through the log and the domain as real use makes it: a notification
 * exists only because an event announced something, and preferences are changed as a member would.
 */
export class NotificationsFactories {
  constructor(private readonly running: RunningNotifications) {}

  get domain() {
    return this.running.domain;
  }

  viewer(who: Who): Viewer {
    return memberViewer(idOf(who));
  }

  /** Relays what the given services published, then lets notifications' consumer catch up. */
  async drain(...publishers: { runtime: { drainEvents(): Promise<void> } }[]): Promise<void> {
    for (const publisher of publishers) await publisher.runtime.drainEvents();
    await this.running.runtime.drainEvents();
  }

  /** Replays the whole log from the beginning, as a rebuilt consumer would. */
  async replay(): Promise<void> {
    await this.domain.rewindConsumer();
    await this.running.runtime.drainEvents();
  }

  preferences(member: Who, input: PreferencesInput): Promise<PreferencesView> {
    return this.domain.preferences.update(idOf(member), input);
  }

  /**
   * `count` notifications for a member, RESOURCE_REVIEWED ones (as the resources service would
   * announce its curators' decisions), oldest first; answers them newest first, as the feed lists them.
   */
  async notifications(recipient: Who, community: { id: string; networkId: string }, count = 1, options: { decision?: 'APPROVED' | 'REJECTED'; reviewer?: Who } = {}): Promise<NotificationEntity[]> {
    const contributorId = idOf(recipient);
    const payloads = Array.from({ length: count }, (_unused, index) => ({
      resourceId: randomUUID(),
      networkId: community.networkId,
      communityId: community.id,
      contributorId,
      reviewerId: options.reviewer ? idOf(options.reviewer) : null,
      decision: options.decision ?? 'APPROVED',
      reason: options.decision === 'REJECTED' ? 'Out of scope for this library.' : null,
      title: `Resource ${index + 1}`,
    }));
    await publishEvents(resourcesContracts.ResourceReviewed, payloads);
    await this.running.runtime.drainEvents();
    return this.running.runtime.db.getRepository(NotificationEntity).find({ where: { recipientId: contributorId }, order: { occurredAt: 'DESC', id: 'DESC' } });
  }
}
