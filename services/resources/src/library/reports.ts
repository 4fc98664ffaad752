import type { DataSource } from 'typeorm';
import { assembleCounts, attributesAt, rollUpBreakdowns, PARTICIPANT_TYPES, type CellValue, type CountValue, type GroupedRow, type ParsedBucket } from '@praxis/platform';

export interface ResourceMeasures {
  contributed: CountValue;
  views: number;
  downloads: number;
  helpfulMarks: CountValue;
}

/**
 * The library's numbers for participation reports (docs/adr/0007-participation-reports.md):
 * resources contributed and helpful marks, broken down by the attributes of the member who acted
 * at the time they acted, and views and downloads from the per-day counters, which know no
 * people and so have totals only.
 */
export class ResourceReports {
  constructor(private readonly db: DataSource) {}

  /**
   * The numbers of the buckets of one report: two statements, however many buckets. Rows are told
   * apart by their bucket's start, which the platform's report loader keeps distinct in a group.
   */
  async measures(buckets: ParsedBucket[]): Promise<ResourceMeasures[]> {
    const [first] = buckets;
    if (!first) return [];
    const params = [buckets.map((bucket) => bucket.start), buckets.map((bucket) => bucket.end), first.scopeId];
    // Network-wide resources have no community, so they count in network reports only.
    const scopeOf = (alias: string, community = 'community_id') => (first.scope === 'COMMUNITY' ? `${alias}.${community} = $3` : `${alias}.network_id = $3`);
    const attributes = attributesAt('f.member_id', 'f.network_id', 'f.at');
    const rolled = rollUpBreakdowns(first.dimensions, 'a', 'a.participant_type, a.profession_key, a.region_key', {
      contributed: "count(*) FILTER (WHERE a.measure = 'contributed')",
      helpful: "count(*) FILTER (WHERE a.measure = 'helpful')",
    });

    const peopleQuery: Promise<GroupedRow[]> = this.db.query(
      `WITH b AS (SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish)),
       f AS (
         SELECT b.start, 'contributed' AS measure, r.contributor_id AS member_id, r.network_id, r.created_at AS at,
                NULL::text AS former_type, NULL::uuid AS former_profession, NULL::uuid AS former_region
           FROM b JOIN resources r ON r.created_at >= b.start AND r.created_at < b.finish AND ${scopeOf('r', 'submitted_community_id')}
         UNION ALL
         SELECT b.start, 'helpful', h.member_id, h.network_id, h.marked_at, h.former_participant_type, h.former_profession_term_id, h.former_region_term_id
           FROM b JOIN resource_helpful_marks h ON h.marked_at >= b.start AND h.marked_at < b.finish AND ${scopeOf('h')}),
       known AS (SELECT f.start, f.measure, f.former_type, f.former_profession, f.former_region, ${attributes.columns} FROM f ${attributes.joins}),
       -- A mark whose owner deleted their account carries the attributes they had when marking.
       a AS (SELECT start, measure,
                    coalesce(former_type, participant_type) AS participant_type,
                    coalesce(former_profession, profession_key) AS profession_key,
                    coalesce(former_region, region_key) AS region_key
             FROM known),
       ${rolled.cte}
       ${rolled.select}`,
      params,
    );

    // Counters are kept per calendar day in the network's time zone, and a bucket runs from one
    // local midnight to another, so each bucket is a range of local days. A community's network
    // is the one its own counters name (a resource moves only within its network).
    const network = first.scope === 'COMMUNITY' ? '(SELECT network_id FROM resource_daily_stats WHERE community_id = $3 LIMIT 1)' : '$3::uuid';
    const countersQuery: Promise<{ start: Date; views: string; downloads: string }[]> = this.db.query(
      `WITH zone AS (SELECT coalesce((SELECT time_zone FROM network_zones WHERE network_id = ${network}), 'UTC') AS tz),
       b AS (SELECT b.start, (b.start AT TIME ZONE zone.tz)::date AS first_day, (b.finish AT TIME ZONE zone.tz)::date AS end_day
             FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish), zone)
       SELECT b.start, sum(s.views) AS views, sum(s.downloads) AS downloads
       FROM b JOIN resource_daily_stats s ON ${scopeOf('s')} AND s.day >= b.first_day AND s.day < b.end_day
       GROUP BY b.start`,
      params,
    );
    // The two reads are independent: run them on two pooled connections at once.
    const [people, counters] = await Promise.all([peopleQuery, countersQuery]);

    const contributed = assembleCounts(people, buckets, 'contributed').map(occurred);
    const helpfulMarks = assembleCounts(people, buckets, 'helpful').map(occurred);
    const totals = new Map(counters.map((row) => [new Date(row.start).getTime(), row]));
    return buckets.map((bucket, index) => {
      const own = totals.get(bucket.start.getTime());
      return {
        contributed: contributed[index]!,
        views: Number(own?.views ?? 0),
        downloads: Number(own?.downloads ?? 0),
        helpfulMarks: helpfulMarks[index]!,
      };
    });
  }
}

const LISTED: readonly string[] = PARTICIPANT_TYPES;

/**
 * Contributions and helpful marks are grouped in one statement, so a profession, region or
 * unknown type seen by one of them comes out as a zero cell of the other. Only the participant
 * types are always listed; other cells are those where something happened. Leaving zeros out
 * changes no suppression: an empty cell is never hidden, nor chosen to hide another.
 */
function occurred(count: CountValue): CountValue {
  const keep = (cell: CellValue) => cell.value !== 0 || LISTED.includes(cell.key);
  return { ...count, byParticipantType: count.byParticipantType.filter(keep), byProfession: count.byProfession.filter(keep), byRegion: count.byRegion.filter(keep) };
}
