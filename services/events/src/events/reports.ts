import type { DataSource } from 'typeorm';
import { assembleAmounts, assembleCounts, attributesAt, rollUpBreakdowns, totalRowOf, type AmountValue, type CountValue, type GroupedRow, type ParsedBucket } from '@praxis/platform';

/** The events subgraph's numbers for one report period (docs/adr/0007-participation-reports.md). */
export interface EventMeasures {
  held: number;
  eventsHeld: CountValue;
  registrations: CountValue;
  attendance: CountValue;
  attendanceRate: number | null;
  cpdHours: AmountValue;
}

/**
 * Events' part of participation reports: events held, registrations, attendance and CPD hours,
 * broken down by the attributes members had when they acted (docs/adr/0005). Every bucket of a
 * report is counted in the same three statements, so their number does not grow with the buckets.
 */
export class EventReports {
  constructor(private readonly db: DataSource) {}

  async measures(buckets: ParsedBucket[]): Promise<EventMeasures[]> {
    const [first] = buckets;
    if (!first) return [];
    const params = [buckets.map((bucket) => bucket.start), buckets.map((bucket) => bucket.end), first.scopeId];
    const network = first.scope === 'NETWORK';

    // Registrations carry their community but not their network: a network's are those of the
    // communities its events belong to (every registration is for one of those events), and a
    // community's network is the one its events are in.
    const registrationScope = network ? 'r.community_id = ANY (ARRAY(SELECT DISTINCT community_id FROM events WHERE network_id = $3))' : 'r.community_id = $3';
    const registrationNetwork = network
      ? '$3::uuid'
      : '(SELECT e.network_id FROM event_registrations s JOIN events e ON e.id = s.event_id WHERE s.community_id = $3 LIMIT 1)';
    const registrationAttributes = attributesAt('f.member_id', 'f.network_id', 'f.at');
    const registrationCounts = rollUpBreakdowns(first.dimensions, `f ${registrationAttributes.joins}`, registrationAttributes.columns, { registrations: 'count(*)' });
    const registrationsQuery: Promise<GroupedRow[]> = this.db.query(
      `WITH b AS (SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish)),
       n AS (SELECT ${registrationNetwork} AS network_id),
       f AS (SELECT b.start, coalesce(r.member_id, r.former_member_id) AS member_id, n.network_id, r.registered_at AS at
             FROM b JOIN event_registrations r ON r.registered_at >= b.start AND r.registered_at < b.finish AND ${registrationScope} CROSS JOIN n),
       ${registrationCounts.cte}
       ${registrationCounts.select}`,
      params,
    );

    // An event is held in the period it starts in, unless it was cancelled or deleted before it
    // started. Its places are its registered_count, the registrations holding a place (nobody
    // registers or cancels once it has started). Attendance is attributed as of its start.
    const attendanceAttributes = attributesAt('f.member_id', 'f.network_id', 'f.at');
    const attendanceCounts = rollUpBreakdowns(first.dimensions, `f ${attendanceAttributes.joins}`, attendanceAttributes.columns, {
      attended: 'count(*)',
      cpd_hours: 'sum(f.cpd_hours)::float8',
    });
    const heldQuery: Promise<GroupedRow[]> = this.db.query(
      `WITH b AS (SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish)),
       h AS MATERIALIZED (SELECT b.start, e.id, e.network_id, e.starts_at, e.registered_count
             FROM b JOIN events e ON e.starts_at >= b.start AND e.starts_at < b.finish AND e.${network ? 'network_id' : 'community_id'} = $3
             WHERE e.status = 'SCHEDULED' AND (e.deleted_at IS NULL OR e.deleted_at > e.starts_at)),
       f AS (SELECT h.start, coalesce(x.member_id, x.former_member_id) AS member_id, h.network_id, h.starts_at AS at, x.cpd_hours
             FROM h JOIN event_attendance x ON x.event_id = h.id),
       ${attendanceCounts.cte},
       g AS (${attendanceCounts.select}),
       t AS (SELECT h.start, count(*) AS held, sum(h.registered_count) AS places FROM h GROUP BY h.start)
       SELECT b.start, 'TOTAL' AS dimension, NULL::text AS cell_key, coalesce(g.attended, 0) AS attended, coalesce(g.cpd_hours, 0) AS cpd_hours,
              coalesce(t.held, 0) AS held, coalesce(t.places, 0) AS places
       FROM b LEFT JOIN g ON g.start = b.start AND g.dimension = 'TOTAL' LEFT JOIN t ON t.start = b.start
       UNION ALL
       SELECT g.start, g.dimension, g.cell_key, g.attended, g.cpd_hours, NULL, NULL FROM g WHERE g.dimension <> 'TOTAL'`,
      params,
    );
    // Events held, broken down by their organiser (or creator) as they were when it started.
    const organiserAttributes = attributesAt('f.member_id', 'f.network_id', 'f.at');
    const organiserCounts = rollUpBreakdowns(first.dimensions, `f ${organiserAttributes.joins}`, organiserAttributes.columns, { held: 'count(*)' });
    const eventsHeldQuery: Promise<GroupedRow[]> = this.db.query(
      `WITH b AS (SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish)),
       f AS (SELECT b.start, coalesce(e.organiser_id, e.created_by) AS member_id, e.network_id, e.starts_at AS at
             FROM b JOIN events e ON e.starts_at >= b.start AND e.starts_at < b.finish AND e.${network ? 'network_id' : 'community_id'} = $3
             WHERE e.status = 'SCHEDULED' AND (e.deleted_at IS NULL OR e.deleted_at > e.starts_at)),
       ${organiserCounts.cte}
       ${organiserCounts.select}`,
      params,
    );
    // The reads are independent: run them on pooled connections at once.
    const [registrations, held, organised] = await Promise.all([registrationsQuery, heldQuery, eventsHeldQuery]);
    const eventsHeld = assembleCounts(organised, buckets, 'held');

    const registered = assembleCounts(registrations, buckets, 'registrations');
    const attendance = assembleCounts(held, buckets, 'attended');
    const cpdHours = assembleAmounts(held, buckets, 'cpd_hours', 'attended');
    return buckets.map((bucket, index) => {
      const total = totalRowOf(held, bucket);
      const places = Number(total?.places ?? 0);
      return {
        held: Number(total?.held ?? 0),
        eventsHeld: eventsHeld[index]!,
        registrations: registered[index]!,
        attendance: attendance[index]!,
        attendanceRate: places === 0 ? null : Math.round((attendance[index]!.total / places) * 1000) / 1000,
        cpdHours: cpdHours[index]!,
      };
    });
  }
}
