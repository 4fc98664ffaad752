import type { DataSource } from 'typeorm';
import { inKeyOrder, systemClock, type Clock } from '@praxis/platform';
import {
  fetchKeysetPage,
  keyset,
  selectColumns,
  toPageConnection,
  type Connection,
  type KeysetQuery,
  type PageRequest,
  type Run,
  type SortKey,
} from '@praxis/platform';
import { AttendanceEntity, EventEntity, RegistrationEntity, type EventKind, type EventStatus, type RegistrationStatus } from '../entities';
import { isUuid } from './validation';

export interface CalendarFilter {
  kinds?: EventKind[] | null;
  streams?: string[] | null;
  tags?: string[] | null;
  communityIds?: string[] | null;
  includeCancelled?: boolean | null;
}

/**
 * Whose records a viewer may see of one member: all of them (the member themself), or those of
 * events in communities the viewer coordinates and events the viewer organises.
 */
export interface MemberScope {
  memberId: string;
  all: boolean;
  communityIds: string[];
  organiserId: string | null;
}

const START_ASC: SortKey[] = [
  { sql: 'e.starts_at', direction: 'ASC', type: 'timestamp' },
  { sql: 'e.id', direction: 'ASC', type: 'uuid' },
];
const START_DESC: SortKey[] = [
  { sql: 'e.starts_at', direction: 'DESC', type: 'timestamp' },
  { sql: 'e.id', direction: 'DESC', type: 'uuid' },
];

/**
 * Every read the resolvers and loaders make. Batches take many keys and answer in key order,
 * one statement per batch; lists are keyset pages, one statement per page whatever its depth.
 */
export class ReadModel {
  private readonly run: Run;
  private readonly eventSelect: string;
  private readonly registrationSelect: string;
  private readonly attendanceSelect: string;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock = systemClock,
  ) {
    this.run = (sql, params) => db.query(sql, params);
    this.eventSelect = selectColumns(db, EventEntity, 'e');
    this.registrationSelect = selectColumns(db, RegistrationEntity, 'r');
    this.attendanceSelect = selectColumns(db, AttendanceEntity, 'a');
  }

  // ---- batches ---------------------------------------------------------------------------

  async event(id: string): Promise<EventEntity | null> {
    return (await this.events([id]))[0] ?? null;
  }

  async events(ids: readonly string[]): Promise<(EventEntity | null)[]> {
    const rows: EventEntity[] = await this.db.query(`SELECT ${this.eventSelect} FROM events e WHERE e.id = ANY($1::uuid[]) AND e.deleted_at IS NULL`, [ids.filter(isUuid)]);
    return inKeyOrder(ids, rows, (row) => row.id);
  }

  /** The viewer's latest registration per event, whatever its status. */
  async registrationsOf(memberId: string, eventIds: readonly string[]): Promise<(RegistrationEntity | null)[]> {
    const rows: RegistrationEntity[] = await this.db.query(
      `SELECT DISTINCT ON (r.event_id) ${this.registrationSelect} FROM event_registrations r
       WHERE r.member_id = $1 AND r.event_id = ANY($2::uuid[]) ORDER BY r.event_id, r.seq DESC`,
      [memberId, eventIds.filter(isUuid)],
    );
    return inKeyOrder(eventIds, rows, (row) => row.eventId);
  }

  async attendedCounts(eventIds: readonly string[]): Promise<number[]> {
    const rows: { event_id: string; count: number }[] = await this.db.query(
      `SELECT event_id, count(*)::int AS count FROM event_attendance WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
      [eventIds.filter(isUuid)],
    );
    return inKeyOrder(eventIds, rows, (row) => row.event_id).map((row) => row?.count ?? 0);
  }

  /** Whether attendance is recorded, by "eventId:memberId". */
  async attended(keys: readonly string[]): Promise<boolean[]> {
    const pairs = keys.map((key) => key.split(':') as [string, string]).filter(([e, m]) => isUuid(e) && isUuid(m));
    const rows: { key: string }[] = await this.db.query(
      `SELECT a.event_id || ':' || a.member_id AS key FROM event_attendance a JOIN unnest($1::uuid[], $2::uuid[]) AS k(e, m) ON a.event_id = k.e AND a.member_id = k.m`,
      [pairs.map(([e]) => e), pairs.map(([, m]) => m)],
    );
    const found = new Set(rows.map((row) => row.key));
    return keys.map((key) => found.has(key));
  }

  /** 1-based places on the waitlist, by registration id; null for those not waiting. */
  async waitlistPositions(registrationIds: readonly string[]): Promise<(number | null)[]> {
    const rows: { id: string; position: number }[] = await this.db.query(
      `SELECT r.id, (SELECT count(*)::int FROM event_registrations w WHERE w.event_id = r.event_id AND w.status = 'WAITLISTED' AND w.seq <= r.seq) AS position
       FROM event_registrations r WHERE r.id = ANY($1::uuid[]) AND r.status = 'WAITLISTED'`,
      [registrationIds.filter(isUuid)],
    );
    return inKeyOrder(registrationIds, rows, (row) => row.id).map((row) => row?.position ?? null);
  }

  async seriesRegistered(memberId: string, seriesIds: readonly string[]): Promise<boolean[]> {
    const rows: { series_id: string }[] = await this.db.query(
      `SELECT series_id FROM event_series_registrations WHERE member_id = $1 AND series_id = ANY($2::uuid[])`,
      [memberId, seriesIds.filter(isUuid)],
    );
    const found = new Set(rows.map((row) => row.series_id));
    return seriesIds.map((id) => found.has(id));
  }

  /** The communities whose events each member registered for or attended, for deciding scopes. */
  async communitiesOfMembers(memberIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows: { member_id: string; community_id: string }[] = await this.db.query(
      `SELECT member_id, community_id FROM event_registrations WHERE member_id = ANY($1::uuid[])
       UNION SELECT member_id, community_id FROM event_attendance WHERE member_id = ANY($1::uuid[])`,
      [memberIds.filter(isUuid)],
    );
    const result = new Map<string, string[]>();
    for (const row of rows) result.set(row.member_id, [...(result.get(row.member_id) ?? []), row.community_id]);
    return result;
  }

  // ---- event lists -----------------------------------------------------------------------

  /**
   * Upcoming or past events of several communities at once (a home screen lists many), one
   * statement with a lateral join whatever the number of communities.
   */
  async communityEvents(communityIds: readonly string[], which: 'UPCOMING' | 'PAST', kind: EventKind | null | undefined, page: PageRequest): Promise<Connection<EventEntity>[]> {
    // Events last at most 14 days (a CHECK), so both lists are index ranges on the start.
    // The clock's time, so what is upcoming agrees with whether one can still register.
    const where =
      which === 'UPCOMING'
        ? [`e.community_id = k.id`, `e.deleted_at IS NULL`, `e.status = 'SCHEDULED'`, `e.starts_at > $2::timestamptz - interval '14 days'`, `e.ends_at > $2`]
        : [`e.community_id = k.id`, `e.deleted_at IS NULL`, `e.status IN ('SCHEDULED','CANCELLED')`, `e.starts_at <= $2`, `e.ends_at <= $2`];
    const base: unknown[] = [communityIds.filter(isUuid), this.clock.now()];
    if (kind) {
      base.push(kind);
      where.push(`e.kind = $${base.length}`);
    }
    const keys = which === 'UPCOMING' ? START_ASC : START_DESC;
    const { where: after, params: cursor } = keyset(keys, page, base.length + 1);
    const params = [...base, ...cursor, page.limit + 1];
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT k.id AS "__owner", x.* FROM unnest($1::uuid[]) AS k(id) CROSS JOIN LATERAL (
         SELECT ${this.eventSelect}, ${keyColumns(keys)} FROM events e
         WHERE ${[...where, ...(after ? [after] : [])].join(' AND ')}
         ORDER BY ${orderOf(keys, page)} LIMIT $${params.length}) x`,
      params,
    );
    return toPages<EventEntity>(rows, communityIds, page);
  }

  proposals(communityId: string, status: EventStatus | null | undefined, proposerOnly: string | null, page: PageRequest): Promise<Connection<EventEntity>> {
    const where = [`e.community_id = $1`, `e.deleted_at IS NULL`, `e.status IN ('PROPOSED','DECLINED')`];
    const params: unknown[] = [communityId];
    if (status) {
      params.push(status);
      where.push(`e.status = $${params.length}`);
    }
    if (proposerOnly) {
      params.push(proposerOnly);
      where.push(`e.proposed_by = $${params.length}`);
    }
    const keys: SortKey[] = [
      { sql: 'e.created_at', direction: 'ASC', type: 'timestamp' },
      { sql: 'e.id', direction: 'ASC', type: 'uuid' },
    ];
    return this.eventPage({ from: 'events e', where, params, keys }, page);
  }

  calendar(communityIds: string[], from: Date, to: Date, filter: CalendarFilter, page: PageRequest): Promise<Connection<EventEntity>> {
    const where = [`e.community_id = ANY($1::uuid[])`, `e.deleted_at IS NULL`, `e.starts_at < $2`, `e.ends_at > $3`, `e.starts_at > $4`];
    // The last condition repeats the range with the 14-day bound, so the index range is tight.
    const params: unknown[] = [communityIds, to, from, new Date(from.getTime() - 14 * 86_400_000)];
    const add = (value: unknown, condition: (param: string) => string) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    add(filter.includeCancelled ? ['SCHEDULED', 'CANCELLED'] : ['SCHEDULED'], (p) => `e.status = ANY(${p}::text[])`);
    if (filter.kinds?.length) add(filter.kinds, (p) => `e.kind = ANY(${p}::text[])`);
    if (filter.streams?.length) add(filter.streams.map((s) => s.trim().toLowerCase()), (p) => `lower(e.stream) = ANY(${p}::text[])`);
    if (filter.tags?.length) add(filter.tags.map((t) => t.trim().toLowerCase()), (p) => `e.tags && ${p}::text[]`);
    return this.eventPage({ from: 'events e', where, params, keys: START_ASC }, page);
  }

  seriesOccurrences(seriesId: string, from: Date, page: PageRequest): Promise<Connection<EventEntity>> {
    return this.eventPage({ from: 'events e', where: [`e.series_id = $1`, `e.deleted_at IS NULL`, `e.ends_at > $2`, `e.status IN ('SCHEDULED','CANCELLED')`], params: [seriesId, from], keys: START_ASC }, page);
  }

  /** Events several members speak at, among the communities the viewer may read: one statement. */
  async speaking(memberIds: readonly string[], readable: string[], page: PageRequest): Promise<Connection<EventEntity>[]> {
    const { where, params: cursor } = keyset(START_ASC, page, 3);
    const params = [memberIds.filter(isUuid), readable, ...cursor, page.limit + 1];
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT k.member_id AS "__owner", x.* FROM unnest($1::uuid[]) AS k(member_id) CROSS JOIN LATERAL (
         SELECT ${this.eventSelect}, ${keyColumns(START_ASC)} FROM events e
         WHERE e.speaker_member_ids @> ARRAY[k.member_id] AND e.community_id = ANY($2::uuid[]) AND e.deleted_at IS NULL
           AND e.status IN ('SCHEDULED','CANCELLED') ${where ? `AND ${where}` : ''}
         ORDER BY ${orderOf(START_ASC, page)} LIMIT $${params.length}) x`,
      params,
    );
    return toPages<EventEntity>(rows, memberIds, page);
  }

  eventRegistrations(eventId: string, status: RegistrationStatus | null | undefined, page: PageRequest): Promise<Connection<RegistrationEntity>> {
    const where = [`r.event_id = $1`];
    const params: unknown[] = [eventId];
    if (status) {
      params.push(status);
      where.push(`r.status = $2`);
    }
    return fetchKeysetPage<RegistrationEntity>(this.run, { select: this.registrationSelect, from: 'event_registrations r', where, params, keys: [{ sql: 'r.seq', direction: 'ASC', type: 'bigint' }] }, page);
  }

  // ---- per-member lists, batched across members -------------------------------------------

  /**
   * Registrations of several members at once, one statement with a lateral join. Upcoming and
   * past are split at the clock's time ($5), as the community's event lists are.
   */
  memberRegistrations(scopes: readonly MemberScope[], upcoming: boolean, page: PageRequest): Promise<Connection<RegistrationEntity>[]> {
    const keys = upcoming ? START_ASC : START_DESC;
    return this.lateral<RegistrationEntity>(
      scopes,
      page,
      keys,
      (scopeCondition, cursor, limit) =>
        `SELECT ${this.registrationSelect}, ${keyColumns(keys)}
       FROM event_registrations r JOIN events e ON e.id = r.event_id AND e.deleted_at IS NULL
       WHERE r.member_id = k.member_id AND r.status <> 'CANCELLED' AND ${upcoming ? 'e.ends_at > $5::timestamptz' : 'e.ends_at <= $5::timestamptz'}
         AND ${scopeCondition('e.community_id', 'e.organiser_id')} ${cursor ? `AND ${cursor}` : ''}
       ORDER BY ${orderOf(keys, page)} LIMIT ${limit}`,
      [this.clock.now()],
    );
  }

  cpdEntries(scopes: readonly MemberScope[], page: PageRequest): Promise<Connection<AttendanceEntity>[]> {
    const keys: SortKey[] = [
      { sql: 'a.attended_on', direction: 'DESC', type: 'timestamp' },
      { sql: 'a.id', direction: 'DESC', type: 'uuid' },
    ];
    return this.lateral<AttendanceEntity>(scopes, page, keys, (scopeCondition, cursor, limit) =>
      `SELECT ${this.attendanceSelect}, ${keyColumns(keys)}
       FROM event_attendance a JOIN events e ON e.id = a.event_id
       WHERE a.member_id = k.member_id AND ${scopeCondition('a.community_id', 'e.organiser_id')} ${cursor ? `AND ${cursor}` : ''}
       ORDER BY ${orderOf(keys, page)} LIMIT ${limit}`,
    );
  }

  async cpdTotals(scopes: readonly MemberScope[]): Promise<{ year: number; events: number; hours: number }[][]> {
    const rows: { owner: string; year: number; events: number; hours: number }[] = await this.db.query(
      `SELECT k.member_id AS owner, a.local_year AS year, count(*)::int AS events, sum(a.cpd_hours)::float8 AS hours
       FROM ${scopeTable()} JOIN event_attendance a ON a.member_id = k.member_id JOIN events e ON e.id = a.event_id
       WHERE ${scopeCondition('a.community_id', 'e.organiser_id')}
       GROUP BY k.member_id, a.local_year ORDER BY a.local_year DESC`,
      scopeParams(scopes),
    );
    return scopes.map((scope) => rows.filter((row) => row.owner === scope.memberId).map(({ year, events, hours }) => ({ year, events, hours })));
  }

  // ---- helpers ---------------------------------------------------------------------------

  private eventPage(query: Omit<KeysetQuery, 'select'>, page: PageRequest): Promise<Connection<EventEntity>> {
    return fetchKeysetPage<EventEntity>(this.run, { ...query, select: this.eventSelect }, page);
  }

  private async lateral<T>(
    scopes: readonly MemberScope[],
    page: PageRequest,
    keys: SortKey[],
    inner: (scope: typeof scopeCondition, cursor: string | null, limit: string) => string,
    /** Parameters of `inner` after the scope's four, from $5. */
    extra: unknown[] = [],
  ): Promise<Connection<T>[]> {
    const base = [...scopeParams(scopes), ...extra];
    const { where, params: cursor } = keyset(keys, page, base.length + 1);
    const params = [...base, ...cursor, page.limit + 1];
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT k.member_id AS "__owner", x.* FROM ${scopeTable()} CROSS JOIN LATERAL (${inner(scopeCondition, where, `$${params.length}`)}) x`,
      params,
    );
    return toPages<T>(rows, scopes.map((scope) => scope.memberId), page);
  }
}

/** Splits the rows of a lateral query into one connection per owner, in owner order. */
function toPages<T>(rows: Record<string, unknown>[], owners: readonly string[], page: PageRequest): Connection<T>[] {
  return owners.map((owner) => toPageConnection<T>(rows.filter((row) => row.__owner === owner), page));
}

function keyColumns(keys: { sql: string }[]): string {
  return keys.map((key, index) => `(${key.sql})::text AS "__k${index}"`).join(', ');
}

function orderOf(keys: SortKey[], page: PageRequest): string {
  return keyset(keys, { ...page, cursor: null }, 1).orderBy;
}

/** The scopes as a table `k(member_id, every, communities)`; $1..$3 plus the organiser as $4. */
function scopeTable(): string {
  return `unnest($1::uuid[], $2::boolean[], $3::text[]) AS k(member_id, every, communities)`;
}

function scopeParams(scopes: readonly MemberScope[]): unknown[] {
  return [
    scopes.map((scope) => scope.memberId),
    scopes.map((scope) => scope.all),
    scopes.map((scope) => `{${scope.communityIds.filter(isUuid).join(',')}}`),
    scopes[0]?.organiserId ?? null,
  ];
}

function scopeCondition(communityColumn: string, organiserColumn: string): string {
  return `(k.every OR ${communityColumn} = ANY(k.communities::uuid[]) OR (${organiserColumn} IS NOT NULL AND ${organiserColumn} = $4::uuid))`;
}
