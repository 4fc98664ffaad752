import type { EntityManager } from 'typeorm';
import { replayingHistory } from '@praxis/platform';
import type { EventEntity } from '../entities';
import type { Deps } from './deps';

export const REMINDER_JOB = 'events.reminder';

export type ReminderKind = 'DAY_BEFORE' | 'HOUR_BEFORE';

export interface ReminderJob {
  eventId: string;
  kind: ReminderKind;
  /** The start the reminder was planned for; a moved event makes it stale. */
  startsAt: string;
}

const OFFSETS: Record<ReminderKind, number> = { DAY_BEFORE: 24 * 3_600_000, HOUR_BEFORE: 3_600_000 };

/**
 * Reminders 24 hours and 1 hour before an event, as pg-boss jobs enqueued in the transaction
 * that schedules or moves the event. The job works out its recipients when it runs (whoever
 * holds a place then) and records each delivery, so running twice reminds nobody twice.
 * Sending the email itself is left to the email layer later; the record is what it will read.
 */
export class Reminders {
  constructor(private readonly deps: Deps) {}

  registerJobs(): void {
    this.deps.runtime.jobs.register<ReminderJob>({ name: REMINDER_JOB, retryLimit: 5, handle: (job) => this.deliver(job).then(() => undefined) });
  }

  async schedule(manager: EntityManager, events: EventEntity[], now = this.deps.runtime.clock.now()): Promise<void> {
    // The demo seed writing its history: reminders of events long past are never sent.
    if (replayingHistory(this.deps.runtime.clock)) return;
    const items = events
      .filter((event) => event.status === 'SCHEDULED')
      .flatMap((event) =>
        (Object.keys(OFFSETS) as ReminderKind[]).flatMap((kind) => {
          const startsAt = new Date(event.startsAt);
          const at = new Date(startsAt.getTime() - OFFSETS[kind]);
          if (at <= now) return [];
          return [{ data: { eventId: event.id, kind, startsAt: startsAt.toISOString() }, startAfter: at, singletonKey: `${event.id}:${kind}:${startsAt.toISOString()}` }];
        }),
      );
    await this.deps.runtime.jobs.sendMany<ReminderJob>(REMINDER_JOB, items, manager);
  }

  /** Runs one reminder: returns who it reached now (empty when stale or already done). */
  async deliver(job: ReminderJob): Promise<string[]> {
    return this.deps.runtime.transaction(async (manager) => {
      const rows: { memberId: string }[] = await manager.query(
        `INSERT INTO event_reminders_sent (event_id, kind, starts_at, member_id)
         SELECT e.id, $2, e.starts_at, r.member_id
         FROM events e JOIN event_registrations r ON r.event_id = e.id AND r.status = 'REGISTERED' AND r.member_id IS NOT NULL
         WHERE e.id = $1 AND e.status = 'SCHEDULED' AND e.deleted_at IS NULL AND e.starts_at = $3
         ORDER BY r.seq
         ON CONFLICT DO NOTHING
         RETURNING member_id AS "memberId"`,
        [job.eventId, job.kind, new Date(job.startsAt)],
      );
      if (rows.length > 0) this.deps.runtime.logger.info({ eventId: job.eventId, kind: job.kind, recipients: rows.length }, 'event reminder due');
      return rows.map((row) => row.memberId);
    });
  }
}
