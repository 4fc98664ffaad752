import type { EntityManager } from 'typeorm';
import type { EventEntity, EventSeriesEntity } from '../entities';
import type { Deps } from './deps';
import { publishLifecycle } from './publishing';
import type { Registrations } from './registrations';
import type { Reminders } from './reminders';
import { detailsFromTemplate, insertEvents, templateOf, type EventOwnership } from './store';
import { SeriesRule, type Occurrence } from './times';
import type { EventDetails } from './validation';

const SERIES_COLUMNS = `id, community_id AS "communityId", network_id AS "networkId", recurrence, time_zone AS "timeZone",
  first_local_start AS "firstLocalStart", duration_minutes AS "durationMinutes", template,
  materialised_until AS "materialisedUntil", exhausted, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Daily: moves every open series' horizon forward. */
export const EXTEND_SERIES_JOB = 'events.extend-series';

/**
 * Recurring series. Occurrences are rows of their own, materialised over a rolling horizon so a
 * rule without an end costs a bounded amount; a daily job moves the horizon on.
 */
export class Series {
  constructor(
    private readonly deps: Deps,
    private readonly registrations: Registrations,
    private readonly reminders: Reminders,
  ) {}

  horizonFrom(start: Date): Date {
    return new Date(Math.max(this.deps.runtime.clock.now().getTime(), start.getTime()) + this.deps.config.seriesHorizonDays * 86_400_000);
  }

  registerJobs(): void {
    this.deps.runtime.jobs.register<object>({ name: EXTEND_SERIES_JOB, cron: '17 3 * * *', retryLimit: 3, handle: async () => void (await this.extendAll()) });
  }

  /** Creates a series and materialises its first occurrences; returns them in order. */
  async create(manager: EntityManager, owner: Omit<EventOwnership, 'seriesId'>, details: EventDetails, rule: { recurrence: string; first: Occurrence; zone: string }): Promise<EventEntity[]> {
    const duration = Math.round((rule.first.endsAt.getTime() - rule.first.startsAt.getTime()) / 60_000);
    const [series] = (await manager.query(
      `INSERT INTO event_series (community_id, network_id, recurrence, time_zone, first_local_start, duration_minutes, template, materialised_until, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) RETURNING ${SERIES_COLUMNS}`,
      [owner.communityId, owner.networkId, rule.recurrence, rule.zone, rule.first.localStart, duration, JSON.stringify(templateOf(details)), new Date(rule.first.startsAt.getTime() - 1), owner.createdBy],
    )) as EventSeriesEntity[];
    return this.materialise(manager, series!, this.horizonFrom(rule.first.startsAt));
  }

  /** Adds the occurrences up to `until`, enrolling everyone registered for the whole series. */
  async materialise(manager: EntityManager, series: EventSeriesEntity, until: Date): Promise<EventEntity[]> {
    const rule = new SeriesRule(series.recurrence, series.firstLocalStart, series.timeZone, series.durationMinutes);
    const occurrences = rule.between(new Date(series.materialisedUntil), until);
    const owner = { communityId: series.communityId, networkId: series.networkId, seriesId: series.id, status: 'SCHEDULED' as const, organiserId: series.createdBy, proposedBy: null, createdBy: series.createdBy };
    const created = await insertEvents(manager, owner, detailsFromTemplate(series.template), series.timeZone, occurrences);
    await manager.query(`UPDATE event_series SET materialised_until = $2, exhausted = $3, updated_at = $4 WHERE id = $1`, [series.id, until, !rule.continuesAfter(until), this.deps.runtime.clock.now()]);
    created.sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime());
    await this.registrations.enrolSeriesMembers(manager, created);
    return created;
  }

  /** Moves every open series' horizon to `until`, one transaction per series. Returns the occurrences added. */
  async extendAll(until = new Date(this.deps.runtime.clock.now().getTime() + this.deps.config.seriesHorizonDays * 86_400_000)): Promise<number> {
    const due: { id: string }[] = await this.deps.runtime.db.query(`SELECT id FROM event_series WHERE NOT exhausted AND materialised_until < $1 ORDER BY id`, [until]);
    let added = 0;
    for (const { id } of due) {
      added += await this.deps.runtime.transaction(async (manager) => {
        const [series] = (await manager.query(`SELECT ${SERIES_COLUMNS} FROM event_series WHERE id = $1 FOR UPDATE`, [id])) as EventSeriesEntity[];
        if (!series || series.exhausted || new Date(series.materialisedUntil) >= until) return 0;
        const created = await this.materialise(manager, series, until);
        if (created.length > 0) {
          await publishLifecycle(manager, created, 'CREATED');
          await this.reminders.schedule(manager, created);
        }
        return created.length;
      });
    }
    if (added > 0) this.deps.runtime.logger.info({ added, series: due.length }, 'series horizons extended');
    return added;
  }

  async byIds(ids: readonly string[]): Promise<(EventSeriesEntity | null)[]> {
    const rows: EventSeriesEntity[] = await this.deps.runtime.db.query(`SELECT ${SERIES_COLUMNS} FROM event_series WHERE id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
