import type { EntityManager } from 'typeorm';
import { errors, parseInput, postgresError, type Access } from '@praxis/platform';
import type { EventEntity } from '../entities';
import type { Deps } from './deps';
import { forbiddenFor, requireReadable } from './permissions';
import { publishLifecycle } from './publishing';
import type { ReadModel } from './read-model';
import type { Registrations } from './registrations';
import type { Reminders } from './reminders';
import type { Series } from './series';
import { applyPatch, createEventSchema, detailsFrom, reasonSchema, rescheduleSchema, updateEventSchema, type EventDetails } from './validation';
import { detailsOf, eventColumns, insertEvents, lockEvent, templateOf, writeDetails } from './store';
import { toInstant, type Occurrence } from './times';

/** Local start and end as instants; an end that is not after the start is the client's mistake. */
export function occurrenceOf(localStart: string, localEnd: string, zone: string, field = 'input.localEnd'): Occurrence {
  const startsAt = toInstant(localStart, zone);
  const endsAt = toInstant(localEnd, zone);
  if (endsAt <= startsAt) throw errors.badInput(field, 'The end must be after the start.');
  if (endsAt.getTime() - startsAt.getTime() > 14 * 86_400_000) throw errors.badInput(field, 'An event lasts at most 14 days.');
  return { key: localStart, localStart, localEnd, startsAt, endsAt };
}

/** Creating, proposing, deciding, changing, moving, cancelling and deleting events. */
export class Lifecycle {
  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
    private readonly series: Series,
    private readonly reminders: Reminders,
    private readonly registrations: Registrations,
  ) {}

  async create(access: Access, raw: unknown): Promise<EventEntity> {
    const input = parseInput(createEventSchema, raw);
    const memberId = access.requireMember();
    const community = await access.requireCoordinate(input.communityId);
    if (community.archived) throw errors.forbidden('This community is archived.', 'ARCHIVED');
    const first = occurrenceOf(input.localStart, input.localEnd, input.timeZone);
    const details = detailsFrom(input);
    return this.deps.runtime.transaction(async (manager) => {
      const owner = { communityId: community.communityId, networkId: community.networkId, status: 'SCHEDULED' as const, organiserId: memberId, proposedBy: null, createdBy: memberId };
      let events: EventEntity[];
      if (input.recurrence) {
        events = await this.series.create(manager, owner, details, { recurrence: input.recurrence, first, zone: input.timeZone });
        if (events.length === 0) throw errors.badInput('input.recurrence', 'This rule gives no occurrence from the start on.');
      } else {
        events = await insertEvents(manager, { ...owner, seriesId: null }, details, input.timeZone, [first]);
      }
      await publishLifecycle(manager, events, 'CREATED');
      await this.reminders.schedule(manager, events);
      return events[0]!;
    });
  }

  async propose(access: Access, raw: unknown): Promise<EventEntity> {
    const input = parseInput(createEventSchema, raw);
    if (input.recurrence) throw errors.badInput('input.recurrence', 'Propose a single event; coordinators can turn it into a series.');
    const memberId = access.requireMember();
    const community = await access.requireParticipate(input.communityId);
    const first = occurrenceOf(input.localStart, input.localEnd, input.timeZone);
    const details = detailsFrom(input);
    return this.deps.runtime.transaction(async (manager) => {
      const owner = { communityId: community.communityId, networkId: community.networkId, seriesId: null, status: 'PROPOSED' as const, organiserId: null, proposedBy: memberId, createdBy: memberId };
      const [event] = await insertEvents(manager, owner, details, input.timeZone, [first]);
      return event!;
    });
  }

  async decide(access: Access, raw: { id: string; reason?: string | null }, approve: boolean): Promise<EventEntity> {
    const reason = parseInput(reasonSchema(!approve), raw.reason ?? (approve ? null : ''), 'input.reason');
    const memberId = access.requireMember();
    const { rights, community } = await requireReadable(access, await this.read.event(raw.id));
    if (!rights.coordinate) forbiddenFor(community, 'Only coordinators decide on proposals.');
    return this.deps.runtime.transaction(async (manager) => {
      const event = await lockEvent(manager, raw.id);
      if (!event) throw errors.notFound('Event');
      if (event.status !== 'PROPOSED') throw errors.conflict('INVALID_STATE', 'This proposal has been decided already.');
      const [decided] = (await manager.query(
        `UPDATE events SET status = $2, status_reason = $3, organiser_id = CASE WHEN $2 = 'SCHEDULED' THEN proposed_by ELSE NULL END,
                decided_by = $4, decided_at = now(), updated_at = now()
         WHERE id = $1 RETURNING ${eventColumns(manager)}`,
        [event.id, approve ? 'SCHEDULED' : 'DECLINED', reason ?? null, memberId],
      )) as [EventEntity[]];
      const updated = decided[0]!;
      if (approve) {
        await publishLifecycle(manager, [updated], 'CREATED');
        await this.reminders.schedule(manager, [updated]);
      }
      return updated;
    });
  }

  async update(access: Access, raw: unknown): Promise<EventEntity> {
    const input = parseInput(updateEventSchema, raw);
    access.requireMember();
    const { rights, community } = await requireReadable(access, await this.read.event(input.id));
    if (!rights.edit) forbiddenFor(community, 'Only coordinators and the organiser can change this event.');
    const { id: _id, applyToSeries, ...patch } = input;
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        const event = await lockEvent(manager, input.id);
        if (!event) throw errors.notFound('Event');
        const details = applyPatch(detailsOf(event), patch as Parameters<typeof applyPatch>[1]);
        const changed = await writeDetails(manager, { sql: 'id = $1', params: [event.id] }, details);
        if (applyToSeries && event.seriesId) {
          await manager.query(`UPDATE event_series SET template = $2::jsonb, updated_at = now() WHERE id = $1`, [event.seriesId, JSON.stringify(templateOf(details))]);
          const later = await writeDetails(
            manager,
            { sql: `series_id = $1 AND id <> $2 AND starts_at > $3 AND status = 'SCHEDULED' AND deleted_at IS NULL`, params: [event.seriesId, event.id, event.startsAt] },
            { ...details, registrationOpensAt: null, registrationClosesAt: null },
          );
          changed.push(...later);
        }
        let promoted = 0;
        for (const each of changed) promoted += await this.registrations.promote(manager, each);
        const published = changed.filter((each) => each.status === 'SCHEDULED' || each.status === 'CANCELLED');
        if (published.length > 0) await publishLifecycle(manager, published, 'UPDATED');
        // Promotion moved the counters after the row above was read.
        return promoted > 0 ? (await lockEvent(manager, event.id))! : changed[0]!;
      });
    } catch (error) {
      if (postgresError(error)?.constraint === 'events_capacity') {
        throw errors.conflict('INVALID_STATE', 'More people hold places than this capacity allows. Cancel registrations first.', 'input.capacity');
      }
      if (postgresError(error)?.constraint === 'events_registration_window') {
        throw errors.badInput('input.registrationClosesAt', 'Registration must close after it opens.');
      }
      throw error;
    }
  }

  async reschedule(access: Access, raw: unknown): Promise<EventEntity> {
    const input = parseInput(rescheduleSchema, raw);
    access.requireMember();
    const found = await requireReadable(access, await this.read.event(input.id));
    if (!found.rights.edit) forbiddenFor(found.community, 'Only coordinators and the organiser can move this event.');
    const zone = input.timeZone ?? found.event.timeZone;
    const times = occurrenceOf(input.localStart, input.localEnd, zone);
    return this.deps.runtime.transaction(async (manager) => {
      const event = await lockEvent(manager, input.id);
      if (!event) throw errors.notFound('Event');
      if (event.status !== 'SCHEDULED') throw errors.conflict('INVALID_STATE', 'Only a scheduled event can be moved.');
      const [rows] = (await manager.query(
        `UPDATE events SET local_start = $2, local_end = $3, time_zone = $4, starts_at = $5, ends_at = $6,
                rescheduled = series_id IS NOT NULL, updated_at = now()
         WHERE id = $1 RETURNING ${eventColumns(manager)}`,
        [event.id, times.localStart, times.localEnd, zone, times.startsAt, times.endsAt],
      )) as [EventEntity[]];
      const moved = rows[0]!;
      await publishLifecycle(manager, [moved], 'RESCHEDULED');
      await this.reminders.schedule(manager, [moved]);
      return moved;
    });
  }

  async cancel(access: Access, raw: { id: string; reason?: string | null }): Promise<EventEntity> {
    const reason = parseInput(reasonSchema(false), raw.reason ?? null, 'input.reason');
    access.requireMember();
    const found = await requireReadable(access, await this.read.event(raw.id));
    if (!found.rights.edit) forbiddenFor(found.community, 'Only coordinators and the organiser can cancel this event.');
    return this.deps.runtime.transaction(async (manager) => {
      const event = await lockEvent(manager, raw.id);
      if (!event) throw errors.notFound('Event');
      if (event.status !== 'SCHEDULED') throw errors.conflict('INVALID_STATE', 'Only a scheduled event can be cancelled.');
      const cancelled = await this.setStatus(manager, event.id, 'CANCELLED', reason ?? null);
      await publishLifecycle(manager, [cancelled], 'CANCELLED');
      return cancelled;
    });
  }

  async delete(access: Access, id: string): Promise<string> {
    access.requireMember();
    const found = await requireReadable(access, await this.read.event(id));
    if (!found.rights.coordinate) forbiddenFor(found.community, 'Only coordinators can delete events.');
    return this.deps.runtime.transaction(async (manager) => {
      const event = await lockEvent(manager, id);
      if (!event) throw errors.notFound('Event');
      await manager.query(`UPDATE events SET deleted_at = now(), updated_at = now() WHERE id = $1`, [id]);
      if (event.status === 'SCHEDULED' || event.status === 'CANCELLED') await publishLifecycle(manager, [event], 'DELETED');
      return id;
    });
  }

  private async setStatus(manager: EntityManager, id: string, status: EventEntity['status'], reason: string | null): Promise<EventEntity> {
    const [rows] = (await manager.query(`UPDATE events SET status = $2, status_reason = $3, updated_at = now() WHERE id = $1 RETURNING ${eventColumns(manager)}`, [id, status, reason])) as [EventEntity[]];
    return rows[0]!;
  }
}

export type { EventDetails };
