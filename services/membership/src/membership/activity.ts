import type { DataSource, EntityManager } from 'typeorm';
import {
  discussionContracts,
  eventsContracts,
  fetchKeysetPage,
  isEvent,
  resourcesContracts,
  type ConsumerDefinition,
  type Connection,
  type EventEnvelope,
  type PageRequest,
  type Run,
} from '@praxis/platform';

export type ActivityKind = 'THREAD' | 'REPLY' | 'REACTION' | 'CONTRIBUTION' | 'REGISTRATION' | 'ATTENDANCE';


interface Activity {
  kind: ActivityKind;
  memberId: string;
  networkId: string;
  communityId: string | null;
  subjectId: string;
  occurredAt: Date;
}

/** What an activity event of another service means here; null for what is not participation. */
function activityOf(event: EventEnvelope): Activity | null {
  const at = event.occurredAt;
  const of = (p: { memberId: string; networkId: string; communityId: string | null }, kind: ActivityKind, subjectId: string, occurredAt = at): Activity => ({
    memberId: p.memberId,
    networkId: p.networkId,
    communityId: p.communityId,
    occurredAt,
    kind,
    subjectId,
  });
  if (isEvent(discussionContracts.ThreadPosted, event)) return of(event.payload, 'THREAD', event.payload.postId);
  if (isEvent(discussionContracts.ReplyPosted, event)) return of(event.payload, 'REPLY', event.payload.postId);
  if (isEvent(discussionContracts.PostReacted, event)) return of(event.payload, 'REACTION', event.payload.postId);
  if (isEvent(resourcesContracts.ResourceContributed, event)) return of(event.payload, 'CONTRIBUTION', event.payload.resourceId, new Date(event.payload.occurredAt));
  if (isEvent(eventsContracts.EventRegistered, event)) return of(event.payload, 'REGISTRATION', event.payload.eventId);
  // Withdrawn attendance is a correction, not participation.
  if (isEvent(eventsContracts.EventAttendanceMarked, event)) return event.payload.attended ? of(event.payload, 'ATTENDANCE', event.payload.eventId) : null;
  return null;
}

/**
 * The activity projection (docs/adr/0007-participation-reports.md): every participation event of
 * discussion, resources and events, once each, plus each member's last activity and counts per
 * community. Fed only by events; replaying one changes nothing.
 */
export function activityConsumer(): ConsumerDefinition {
  return {
    name: 'member-activity',
    events: [
      discussionContracts.ThreadPosted,
      discussionContracts.ReplyPosted,
      discussionContracts.PostReacted,
      resourcesContracts.ResourceContributed,
      eventsContracts.EventRegistered,
      eventsContracts.EventAttendanceMarked,
    ],
    async handle(event, manager) {
      await recordMany(manager, [event]);
    },
    handleBatch: (events, manager) => recordMany(manager, events),
  };
}

/**
 * Three writers touch a member's rows of member_active_months: this projection, the re-cut of
 * the member's attribute pieces (whose trigger rewrites the rows' attributes) and the time-zone
 * recut. Each writes many members in one transaction, each in its own order, so two of them
 * deadlocked (40P01) during catch-up. Every one of them first takes a transaction lock per
 * member, all at once and in one global order (by lock key), before it writes the table.
 */
export async function lockMembersActivity(manager: EntityManager, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await manager.query(
    `SELECT count(pg_advisory_xact_lock(key)) FROM (SELECT DISTINCT hashtext('activity:' || m) AS key FROM unnest($1::text[]) m ORDER BY key) keys`,
    [[...new Set(memberIds)]],
  );
}

/**
 * The attribute consumer, locking the members of each batch (as above) before it re-cuts any of
 * their pieces; the pieces' trigger then rewrites their member_active_months rows undisturbed.
 */
export function lockingMembersActivity(consumer: ConsumerDefinition): ConsumerDefinition {
  return {
    ...consumer,
    async handleBatch(events, manager) {
      await lockMembersActivity(
        manager,
        events.flatMap((event) => {
          const memberId = (event.payload as { memberId?: unknown }).memberId;
          return typeof memberId === 'string' ? [memberId] : [];
        }),
      );
      for (const event of events) await consumer.handle(event, manager);
    },
  };
}

/**
 * Records a batch in one statement: the new activities, then from those that were new the
 * months their members were active in (in the network's time zone) and the per-community
 * summaries. A replayed event is skipped by its id and counts nothing twice.
 */
async function recordMany(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
  const items = events.flatMap((event) => {
    const activity = activityOf(event);
    return activity ? [{ id: event.id, ...activity }] : [];
  });
  if (items.length === 0) return;
  await lockMembersActivity(manager, items.map((item) => item.memberId));
  await manager.query(
    `WITH fresh AS (
       INSERT INTO member_activity (event_id, member_id, network_id, community_id, kind, subject_id, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::timestamptz[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING member_id, network_id, community_id, kind, occurred_at),
     months AS (
       INSERT INTO member_active_months AS r (network_id, community_id, member_id, month, last_at)
       SELECT f.network_id, f.community_id, f.member_id, date_trunc('month', f.occurred_at AT TIME ZONE n.time_zone)::date, max(f.occurred_at)
       FROM fresh f JOIN networks n ON n.id = f.network_id GROUP BY 1, 2, 3, 4
       ON CONFLICT ON CONSTRAINT member_active_months_key DO UPDATE SET last_at = greatest(r.last_at, EXCLUDED.last_at))
     INSERT INTO community_member_activity AS a (community_id, member_id, last_active_at, threads, replies, reactions, contributions, registrations, attendances)
     SELECT community_id, member_id, max(occurred_at),
            count(*) FILTER (WHERE kind = 'THREAD'), count(*) FILTER (WHERE kind = 'REPLY'), count(*) FILTER (WHERE kind = 'REACTION'),
            count(*) FILTER (WHERE kind = 'CONTRIBUTION'), count(*) FILTER (WHERE kind = 'REGISTRATION'), count(*) FILTER (WHERE kind = 'ATTENDANCE')
     FROM fresh WHERE community_id IS NOT NULL GROUP BY community_id, member_id
     ON CONFLICT (community_id, member_id) DO UPDATE SET
       last_active_at = greatest(a.last_active_at, EXCLUDED.last_active_at),
       threads = a.threads + EXCLUDED.threads, replies = a.replies + EXCLUDED.replies, reactions = a.reactions + EXCLUDED.reactions,
       contributions = a.contributions + EXCLUDED.contributions, registrations = a.registrations + EXCLUDED.registrations,
       attendances = a.attendances + EXCLUDED.attendances`,
    [
      items.map((item) => item.id),
      items.map((item) => item.memberId),
      items.map((item) => item.networkId),
      items.map((item) => item.communityId),
      items.map((item) => item.kind),
      items.map((item) => item.subjectId),
      items.map((item) => item.occurredAt),
    ],
  );
}


export interface EngagementRow {
  memberId: string;
  role: string;
  joinedAt: Date;
  lastActiveAt: Date | null;
  threads: number;
  replies: number;
  reactions: number;
  contributions: number;
  registrations: number;
  attendances: number;
}

export interface ActivityRow {
  eventId: string;
  kind: ActivityKind;
  communityId: string | null;
  networkId: string;
  subjectId: string;
  occurredAt: Date;
}

/** Reads of the projection: the coordinators' engagement list and a member's own history. */
export class ActivityReads {
  private readonly run: Run;

  constructor(db: DataSource) {
    this.run = (sql, params) => db.query(sql, params);
  }

  /** Active members, quietest first (or most recent first), with what they did. */
  engagementPage(communityId: string, page: PageRequest, order: 'LEAST_RECENTLY_ACTIVE' | 'MOST_RECENTLY_ACTIVE', inactiveSince: Date | null): Promise<Connection<EngagementRow>> {
    const direction = order === 'LEAST_RECENTLY_ACTIVE' ? ('ASC' as const) : ('DESC' as const);
    const where = [`ms.community_id = $1`, `ms.status = 'ACTIVE'`];
    const params: unknown[] = [communityId];
    if (inactiveSince) {
      params.push(inactiveSince);
      where.push(`coalesce(a.last_active_at, '-infinity') < $2`);
    }
    return fetchKeysetPage<EngagementRow>(
      this.run,
      {
        select: `ms.member_id AS "memberId", ms.role, ms.joined_at AS "joinedAt", a.last_active_at AS "lastActiveAt",
                 coalesce(a.threads, 0) AS threads, coalesce(a.replies, 0) AS replies, coalesce(a.reactions, 0) AS reactions,
                 coalesce(a.contributions, 0) AS contributions, coalesce(a.registrations, 0) AS registrations, coalesce(a.attendances, 0) AS attendances`,
        from: `memberships ms LEFT JOIN community_member_activity a ON a.community_id = ms.community_id AND a.member_id = ms.member_id`,
        where,
        params,
        keys: [
          { sql: `coalesce(a.last_active_at, '-infinity'::timestamptz)`, direction, type: 'timestamp' },
          { sql: 'ms.member_id', direction, type: 'uuid' },
        ],
      },
      page,
    );
  }

  /** A member's own participation, newest first. */
  historyPage(memberId: string, page: PageRequest, kind: ActivityKind | null | undefined): Promise<Connection<ActivityRow>> {
    const where = ['m.member_id = $1'];
    const params: unknown[] = [memberId];
    if (kind) {
      params.push(kind);
      where.push('m.kind = $2');
    }
    return fetchKeysetPage<ActivityRow>(
      this.run,
      {
        select: `m.event_id AS "eventId", m.kind, m.community_id AS "communityId", m.network_id AS "networkId", m.subject_id AS "subjectId", m.occurred_at AS "occurredAt"`,
        from: 'member_activity m',
        where,
        params,
        keys: [
          { sql: 'm.occurred_at', direction: 'DESC', type: 'timestamp' },
          { sql: 'm.event_id', direction: 'DESC', type: 'uuid' },
        ],
      },
      page,
    );
  }
}

/**
 * Empties the projection for `npm run ops -- replay membership:member-activity --from 0`: its
 * handler skips an event it has recorded, so only an empty projection is rebuilt by a replay.
 */
export async function resetActivityProjection(query: (sql: string) => Promise<unknown>): Promise<void> {
  await query('TRUNCATE member_activity, member_active_months, community_member_activity');
}

/** Recuts a network's activity months from its activities, in its current time zone. */
export async function rebuildActiveMonths(manager: EntityManager, networkId: string): Promise<void> {
  const members: { member_id: string }[] = await manager.query('SELECT DISTINCT member_id FROM member_activity WHERE network_id = $1', [networkId]);
  await lockMembersActivity(manager, members.map((row) => row.member_id));
  await manager.query('DELETE FROM member_active_months WHERE network_id = $1', [networkId]);
  await manager.query(
    `INSERT INTO member_active_months (network_id, community_id, member_id, month, last_at)
     SELECT m.network_id, m.community_id, m.member_id, date_trunc('month', m.occurred_at AT TIME ZONE n.time_zone)::date, max(m.occurred_at)
     FROM member_activity m JOIN networks n ON n.id = m.network_id
     WHERE m.network_id = $1
     GROUP BY 1, 2, 3, 4`,
    [networkId],
  );
}
