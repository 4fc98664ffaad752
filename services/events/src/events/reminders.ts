import type { EntityManager } from 'typeorm';
import { eventsContracts, publishMany, replayingHistory } from '@praxis/platform';
import type { EventEntity } from '../entities';
import type { Deps } from './deps';
import { eventColumns } from './store';

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
 * holds a place then) and records each one, so running twice reminds nobody twice. In the same
 * transaction it publishes `events.EventReminderDue` for the members it reached, and the
 * notifications service sends the emails: a member is announced exactly when they are recorded.
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
      // Shared lock: a move or cancellation waits, so the start announced is the one recorded.
      const [event] = (await manager.query(
        `SELECT ${eventColumns(manager, 'e')} FROM events e
         WHERE e.id = $1 AND e.status = 'SCHEDULED' AND e.deleted_at IS NULL AND e.starts_at = $2 FOR SHARE`,
        [job.eventId, new Date(job.startsAt)],
      )) as EventEntity[];
      if (!event) return [];
      const rows: { memberId: string }[] = await manager.query(
        `INSERT INTO event_reminders_sent (event_id, kind, starts_at, member_id)
         SELECT r.event_id, $2, $3, r.member_id
         FROM event_registrations r
         WHERE r.event_id = $1 AND r.status = 'REGISTERED' AND r.member_id IS NOT NULL
         ORDER BY r.seq
         ON CONFLICT DO NOTHING
         RETURNING member_id AS "memberId"`,
        [event.id, job.kind, event.startsAt],
      );
      const memberIds = rows.map((row) => row.memberId);
      if (memberIds.length === 0) return memberIds;
      await publishMany(manager, eventsContracts.EventReminderDue, reminderChunks(event, job.kind, memberIds));
      this.deps.runtime.logger.info({ eventId: job.eventId, kind: job.kind, recipients: memberIds.length }, 'event reminder due');
      return memberIds;
    });
  }
}

/** The most members one `EventReminderDue` names (the contract's limit). */
const REMINDER_CHUNK = 1_000;

/** One `EventReminderDue` per 1,000 members reached, each naming the event as it stands now. */
export function reminderChunks(event: EventEntity, kind: ReminderKind, memberIds: string[]) {
  const details = {
    eventId: event.id,
    communityId: event.communityId,
    networkId: event.networkId,
    kind,
    title: event.title,
    startsAt: new Date(event.startsAt).toISOString(),
    endsAt: new Date(event.endsAt).toISOString(),
    timeZone: event.timeZone,
    // An online or hybrid event has a join link, one in person or hybrid a venue; neither is derived from the kind.
    joinUrl: event.joinUrl,
    location: oneLine(event.venue),
  };
  const chunks = [];
  for (let at = 0; at < memberIds.length; at += REMINDER_CHUNK) chunks.push({ payload: { ...details, memberIds: memberIds.slice(at, at + REMINDER_CHUNK) } });
  return chunks;
}

/** A venue as one line of an email: its lines joined with commas. */
function oneLine(venue: string | null): string | null {
  const line = venue?.split(/\s*[\r\n]+\s*/).filter(Boolean).join(', ').trim();
  return line ? line.slice(0, 500) : null;
}
