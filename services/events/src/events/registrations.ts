import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { errors, eventsContracts, parseInput, publish, publishMany, selectColumns, type Access } from '@praxis/platform';
import { RegistrationEntity, type EventEntity } from '../entities';
import type { Deps } from './deps';
import { forbiddenFor, requireReadable } from './permissions';
import { activityOf } from './publishing';
import type { ReadModel } from './read-model';
import { lockEvent } from './store';

const registerSchema = z.object({ eventId: z.string(), wholeSeries: z.boolean().nullish() });

/** Why a member cannot register for this event now, or null when they can. */
export function registrationProblem(event: EventEntity, now: Date): string | null {
  if (event.status === 'CANCELLED') return 'This event is cancelled.';
  if (event.status !== 'SCHEDULED') return 'This event is not published.';
  if (new Date(event.startsAt) <= now) return 'This event has started or is over.';
  if (event.registrationOpensAt && new Date(event.registrationOpensAt) > now) return 'Registration has not opened yet.';
  if (event.registrationClosesAt && new Date(event.registrationClosesAt) <= now) return 'Registration has closed.';
  return null;
}

/** What a registration or a cancellation changed: the viewer's registrations, in start order, and how many waiting people got a place. */
export interface RegistrationChange {
  registrations: RegistrationEntity[];
  promoted: number;
}

/**
 * Registration, waitlists and promotion. Every change to one event's registrations takes that
 * event's row lock first, so they happen one after another; the place itself is taken by a
 * conditional UPDATE of the counter, which a CHECK constraint backs, so capacity holds even if
 * a code path forgot the lock.
 */
export class Registrations {
  private readonly columns: string;

  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
  ) {
    this.columns = selectColumns(deps.runtime.db, RegistrationEntity, 'r');
  }

  async register(access: Access, raw: unknown): Promise<RegistrationChange> {
    const input = parseInput(registerSchema, raw);
    const memberId = access.requireMember();
    const { event, rights, community } = await requireReadable(access, await this.read.event(input.eventId));
    const problem = registrationProblem(event, this.deps.runtime.clock.now());
    if (problem) throw errors.conflict('INVALID_STATE', problem);
    if (!rights.register) forbiddenFor(community, 'Only members of this community can register.', 'NOT_A_MEMBER');
    return this.deps.runtime.transaction(async (manager) => {
      if (!input.wholeSeries || !event.seriesId) return { registrations: [(await this.registerOne(manager, event.id, memberId, false, true))!], promoted: 0 };
      await manager.query(`INSERT INTO event_series_registrations (series_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [event.seriesId, memberId]);
      const results: RegistrationEntity[] = [];
      // Locks are taken in start order, so two whole-series registrations cannot deadlock.
      for (const id of await this.upcomingOccurrences(manager, event.seriesId)) {
        const registration = await this.registerOne(manager, id, memberId, true, false);
        if (registration) results.push(registration);
      }
      return { registrations: results, promoted: 0 };
    });
  }

  async cancel(access: Access, raw: unknown): Promise<RegistrationChange> {
    const input = parseInput(registerSchema, raw);
    const memberId = access.requireMember();
    const { event } = await requireReadable(access, await this.read.event(input.eventId));
    return this.deps.runtime.transaction(async (manager) => {
      const change: RegistrationChange = { registrations: [], promoted: 0 };
      const cancelOne = async (id: string, strict: boolean) => {
        const cancelled = await this.cancelOne(manager, id, memberId, strict);
        if (cancelled) change.registrations.push(cancelled.registration);
        change.promoted += cancelled?.promoted ?? 0;
      };
      if (!input.wholeSeries || !event.seriesId) {
        await cancelOne(event.id, true);
        return change;
      }
      await manager.query(`DELETE FROM event_series_registrations WHERE series_id = $1 AND member_id = $2`, [event.seriesId, memberId]);
      for (const id of await this.upcomingOccurrences(manager, event.seriesId)) await cancelOne(id, false);
      return change;
    });
  }

  /** Takes a place if one is free, else a waitlist place. Registering twice returns the first. */
  async registerOne(manager: EntityManager, eventId: string, memberId: string, viaSeries: boolean, strict: boolean): Promise<RegistrationEntity | null> {
    const event = await lockEvent(manager, eventId);
    if (!event) throw errors.notFound('Event');
    const problem = registrationProblem(event, this.deps.runtime.clock.now());
    if (problem) {
      if (strict) throw errors.conflict('INVALID_STATE', problem);
      return null;
    }
    const [existing] = (await manager.query(`SELECT ${this.columns} FROM event_registrations r WHERE r.event_id = $1 AND r.member_id = $2 AND r.status <> 'CANCELLED'`, [eventId, memberId])) as RegistrationEntity[];
    if (existing) return existing;
    const [, placed] = (await manager.query(
      `UPDATE events SET registered_count = registered_count + 1, updated_at = now() WHERE id = $1 AND (capacity IS NULL OR registered_count < capacity)`,
      [eventId],
    )) as [unknown, number];
    const status = placed === 1 ? 'REGISTERED' : 'WAITLISTED';
    if (status === 'WAITLISTED') await manager.query(`UPDATE events SET waitlist_count = waitlist_count + 1 WHERE id = $1`, [eventId]);
    const [registration] = (await manager.query(
      `INSERT INTO event_registrations AS r (event_id, community_id, member_id, status, via_series, registered_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${this.columns}`,
      [eventId, event.communityId, memberId, status, viaSeries, this.deps.runtime.clock.now()],
    )) as RegistrationEntity[];
    await publish(manager, eventsContracts.EventRegistered, { ...activityOf(event, memberId), status, viaSeries });
    return registration!;
  }

  /** Cancels a place or a waitlist place; a freed place goes to the first person waiting. */
  async cancelOne(manager: EntityManager, eventId: string, memberId: string, strict: boolean): Promise<{ registration: RegistrationEntity; promoted: number } | null> {
    const event = await lockEvent(manager, eventId);
    if (!event) throw errors.notFound('Event');
    const [active] = (await manager.query(`SELECT ${this.columns} FROM event_registrations r WHERE r.event_id = $1 AND r.member_id = $2 AND r.status <> 'CANCELLED'`, [eventId, memberId])) as RegistrationEntity[];
    if (!active) {
      if (strict) throw errors.notFound('Registration', 'You are not registered for this event.');
      return null;
    }
    if (new Date(event.startsAt) <= this.deps.runtime.clock.now()) {
      if (strict) throw errors.conflict('INVALID_STATE', 'This event has started or is over.');
      return null;
    }
    const [rows] = (await manager.query(`UPDATE event_registrations r SET status = 'CANCELLED', cancelled_at = now() WHERE r.id = $1 RETURNING ${this.columns}`, [active.id])) as [RegistrationEntity[]];
    let promoted = 0;
    if (active.status === 'REGISTERED') {
      await manager.query(`UPDATE events SET registered_count = registered_count - 1, updated_at = now() WHERE id = $1`, [eventId]);
      promoted = await this.promote(manager, event);
    } else {
      await manager.query(`UPDATE events SET waitlist_count = waitlist_count - 1, updated_at = now() WHERE id = $1`, [eventId]);
    }
    await publish(manager, eventsContracts.EventRegistrationCancelled, { ...activityOf(event, memberId), previousStatus: active.status as 'REGISTERED' | 'WAITLISTED' });
    return { registration: rows[0]!, promoted };
  }

  /**
   * Gives free places to the people waiting, in the order they registered. The caller holds the
   * event's row lock (or has just updated the row, which takes it).
   */
  async promote(manager: EntityManager, event: Pick<EventEntity, 'id' | 'seriesId' | 'communityId' | 'networkId' | 'startsAt'>): Promise<number> {
    const [promoted] = (await manager.query(
      `WITH free AS (SELECT CASE WHEN capacity IS NULL THEN NULL ELSE capacity - registered_count END AS places FROM events WHERE id = $1),
            next AS (SELECT id FROM event_registrations WHERE event_id = $1 AND status = 'WAITLISTED' ORDER BY seq LIMIT (SELECT places FROM free) FOR UPDATE)
       UPDATE event_registrations r SET status = 'REGISTERED', promoted_at = now() FROM next WHERE r.id = next.id
       RETURNING r.member_id AS "memberId"`,
      [event.id],
    )) as [{ memberId: string | null }[]];
    if (promoted.length === 0) return 0;
    await manager.query(`UPDATE events SET registered_count = registered_count + $2, waitlist_count = waitlist_count - $2, updated_at = now() WHERE id = $1`, [event.id, promoted.length]);
    const named = promoted.filter((row): row is { memberId: string } => row.memberId !== null);
    await publishMany(manager, eventsContracts.EventWaitlistPromoted, named.map((row) => ({ payload: activityOf(event, row.memberId) })));
    return promoted.length;
  }

  /** Registers everyone signed up for a whole series for its new occurrences, in series order. */
  async enrolSeriesMembers(manager: EntityManager, events: EventEntity[]): Promise<void> {
    if (events.length === 0) return;
    const ids = events.map((event) => event.id);
    const rows: { eventId: string; memberId: string; status: 'REGISTERED' | 'WAITLISTED' }[] = await manager.query(
      `INSERT INTO event_registrations (event_id, community_id, member_id, status, via_series)
       SELECT e.id, e.community_id, sr.member_id,
              CASE WHEN e.capacity IS NULL OR row_number() OVER (PARTITION BY e.id ORDER BY sr.seq) <= e.capacity THEN 'REGISTERED' ELSE 'WAITLISTED' END,
              true
       FROM events e JOIN event_series_registrations sr ON sr.series_id = e.series_id
       WHERE e.id = ANY($1::uuid[])
       ORDER BY e.id, sr.seq
       RETURNING event_id AS "eventId", member_id AS "memberId", status`,
      [ids],
    );
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE events e SET registered_count = c.registered, waitlist_count = c.waiting
       FROM (SELECT event_id, count(*) FILTER (WHERE status = 'REGISTERED')::int AS registered, count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waiting
             FROM event_registrations WHERE event_id = ANY($1::uuid[]) AND status <> 'CANCELLED' GROUP BY event_id) c
       WHERE e.id = c.event_id`,
      [ids],
    );
    const byId = new Map(events.map((event) => [event.id, event]));
    await publishMany(
      manager,
      eventsContracts.EventRegistered,
      rows.map((row) => ({ payload: { ...activityOf(byId.get(row.eventId)!, row.memberId), status: row.status, viaSeries: true } })),
    );
  }

  /**
   * After an account is deleted: upcoming places are given up (so people waiting move up), and
   * every record keeps its row without the member, so counts and reports stay right.
   * Running it twice changes nothing the second time.
   */
  async forgetMember(manager: EntityManager, memberId: string): Promise<void> {
    const upcoming: { eventId: string }[] = await manager.query(
      `SELECT r.event_id AS "eventId" FROM event_registrations r JOIN events e ON e.id = r.event_id
       WHERE r.member_id = $1 AND r.status <> 'CANCELLED' AND e.starts_at > $2 ORDER BY e.starts_at, e.id`,
      [memberId, this.deps.runtime.clock.now()],
    );
    for (const { eventId } of upcoming) await this.cancelOne(manager, eventId, memberId, false);
    // The former id stays for reports only, so closed periods keep their breakdowns (ADR 5).
    await manager.query(`UPDATE event_registrations SET member_id = NULL, former_member_id = member_id, anonymised_at = now() WHERE member_id = $1`, [memberId]);
    await manager.query(`UPDATE event_attendance SET member_id = NULL, former_member_id = member_id, anonymised_at = now() WHERE member_id = $1`, [memberId]);
    await manager.query(`DELETE FROM event_series_registrations WHERE member_id = $1`, [memberId]);
    await manager.query(`DELETE FROM event_calendar_tokens WHERE member_id = $1`, [memberId]);
    await manager.query(`DELETE FROM event_reminders_sent WHERE member_id = $1`, [memberId]);
  }

  private async upcomingOccurrences(manager: EntityManager, seriesId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM events WHERE series_id = $1 AND status = 'SCHEDULED' AND deleted_at IS NULL AND starts_at > $2 ORDER BY starts_at, id`,
      [seriesId, this.deps.runtime.clock.now()],
    );
    return rows.map((row) => row.id);
  }
}
