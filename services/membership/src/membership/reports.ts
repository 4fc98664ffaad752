import { z } from 'zod';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import {
  assembleCounts,
  attributesAt,
  authorizeReport,
  breakdownGrouping,
  rollUpBreakdowns,
  totalRowOf,
  errors,
  parseInput,
  REPORT_DIMENSIONS,
  reportBuckets,
  type Access,
  type CountValue,
  type GroupedRow,
  type ParsedBucket,
  type ReportBucketKey,
  type ReportDimension,
} from '@praxis/platform';
import { CommunityEntity, NetworkEntity } from '../entities';
import { reportTerms, type ReportTermRecord } from './report-terms';
import { isUuid } from './validation';

export type { ReportTermRecord } from './report-terms';

const inputSchema = z
  .object({
    communityId: z.string().nullish(),
    networkId: z.string().nullish(),
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['WEEK', 'MONTH', 'QUARTER']),
    breakdowns: z
      .array(z.string())
      .max(3)
      .nullish()
      .superRefine((values, context) => {
        values?.forEach((value, index) => {
          if (!(REPORT_DIMENSIONS as readonly string[]).includes(value)) {
            context.addIssue({ code: 'custom', path: [index], message: `Unknown breakdown "${value}". Use ${REPORT_DIMENSIONS.join(', ')}.` });
          }
        });
      }),
  })
  .refine((input) => Boolean(input.communityId) !== Boolean(input.networkId), { path: ['communityId'], message: 'Give a communityId or a networkId, not both.' });

export interface ReportBucketRecord extends ReportBucketKey {
  start: Date;
  end: Date;
  periodStart: Date;
  label: string;
}

export interface ReportRecord {
  scope: 'COMMUNITY' | 'NETWORK';
  scopeId: string;
  community: CommunityEntity | null;
  network: NetworkEntity;
  from: string;
  to: string;
  granularity: 'WEEK' | 'MONTH' | 'QUARTER';
  timeZone: string;
  threshold: number;
  breakdowns: ReportDimension[];
  buckets: ReportBucketRecord[];
}

export interface MembershipMeasures {
  members: { total: CountValue; joined: CountValue; left: CountValue };
  joinRequests: { received: CountValue; approved: CountValue; declined: CountValue; medianHoursToDecision: number | null };
  activeMembers: CountValue;
}

const LABEL: Record<ReportRecord['granularity'], string> = { WEEK: "kkkk-'W'WW", MONTH: 'yyyy-MM', QUARTER: "yyyy-'Q'q" };

/**
 * Participation reports (docs/adr/0007-participation-reports.md). Membership owns the entry point
 * and the numbers of its own domain; the other subgraphs add theirs to the same buckets.
 */
export class Reports {
  constructor(
    private readonly db: DataSource,
    private readonly threshold: number,
  ) {}

  async report(access: Access, raw: unknown): Promise<ReportRecord> {
    access.requireMember();
    const input = parseInput(inputSchema, raw);
    let community: CommunityEntity | null = null;
    let network: NetworkEntity | null;
    if (input.communityId) {
      community = isUuid(input.communityId) ? await this.db.manager.findOneBy(CommunityEntity, { id: input.communityId }) : null;
      if (!community) throw errors.notFound('Community');
      network = await this.db.manager.findOneByOrFail(NetworkEntity, { id: community.networkId });
    } else {
      network = isUuid(input.networkId) ? await this.db.manager.findOneBy(NetworkEntity, { id: input.networkId! }) : null;
      if (!network) throw errors.notFound('Network');
    }
    const scope = community ? ('COMMUNITY' as const) : ('NETWORK' as const);
    const scopeId = community?.id ?? network.id;
    await authorizeReport(access, scope, scopeId);
    const breakdowns = (input.breakdowns ?? [...REPORT_DIMENSIONS]) as ReportDimension[];
    const buckets = reportBuckets({ from: input.from, to: input.to, granularity: input.granularity, timeZone: network.timeZone });
    return {
      scope,
      scopeId,
      community,
      network,
      from: input.from,
      to: input.to,
      granularity: input.granularity,
      timeZone: network.timeZone,
      threshold: this.threshold,
      breakdowns,
      buckets: buckets.map((bucket) => ({
        scope,
        scopeId,
        start: bucket.start,
        end: bucket.end,
        threshold: this.threshold,
        breakdowns: breakdowns.join(','),
        periodStart: bucket.periodStart,
        label: DateTime.fromJSDate(bucket.periodStart, { zone: network.timeZone }).toFormat(LABEL[input.granularity]),
      })),
    };
  }

  /** Labels for the keys of the report's cells (`ParticipationReport.terms`): one statement. */
  terms(report: ReportRecord): Promise<ReportTermRecord[]> {
    const [first] = report.buckets;
    if (!first) return Promise.resolve([]);
    return reportTerms(this.db, { networkId: report.network.id, breakdowns: report.breakdowns, start: first.start, end: report.buckets.at(-1)!.end });
  }

  /** Membership's numbers for all buckets of one report: four statements, however many buckets. */
  async measures(buckets: ParsedBucket[]): Promise<MembershipMeasures[]> {
    const [first] = buckets;
    if (!first) return [];
    const params = [buckets.map((bucket) => bucket.start), buckets.map((bucket) => bucket.end), first.scopeId];
    const scopeOf = (alias: string) => (first.scope === 'COMMUNITY' ? `${alias}.community_id = $3` : `${alias}.community_id IN (SELECT id FROM communities WHERE network_id = $3)`);
    const grouping = breakdownGrouping(first.dimensions, 'a', 'a');
    const attributes = attributesAt('f.member_id', 'f.network_id', 'f.at');

    // Members at the end of each period: membership spans are cut into pieces first, each span
    // split where the member's attributes change (report_member_pieces), so every piece is
    // joined to its attributes once, not once per period.
    const events = attributesAt('e.member_id', 'e.network_id', 'e.at');
    // In a community each piece counts at the end of every period it spans. Rather than a row per
    // piece and period, each piece adds one where it starts and takes one away where it ends, and
    // a period's count is the sum of the changes before its end (k: how many period ends are at
    // or before the change). In a network a person can hold overlapping pieces in several
    // communities, so there pieces are matched to periods and people counted once (DISTINCT).
    const totals =
      first.scope === 'COMMUNITY'
        ? `ends AS (SELECT array_agg(finish ORDER BY finish) AS f FROM b),
       d AS (SELECT piece_from AS at, 1 AS delta, participant_type, profession_key, region_key FROM pieces
             UNION ALL SELECT piece_to, -1, participant_type, profession_key, region_key FROM pieces WHERE piece_to < 'infinity'),
       c AS (SELECT width_bucket(d.at, ends.f) AS k, participant_type, profession_key, region_key, sum(delta) AS delta FROM d, ends GROUP BY 1, 2, 3, 4),
       bp AS MATERIALIZED (SELECT b.start, count(*) OVER (ORDER BY b.finish RANGE UNBOUNDED PRECEDING) AS position FROM b),
       t AS (SELECT bp.start, c.participant_type, c.profession_key, c.region_key, sum(c.delta) AS n
             FROM bp JOIN c ON c.k < bp.position GROUP BY 1, 2, 3, 4 HAVING sum(c.delta) > 0)`
        : `t AS (SELECT start, 1 AS n, participant_type, profession_key, region_key FROM (
             SELECT DISTINCT b.start, p.member_id, p.participant_type, p.profession_key, p.region_key
             FROM b JOIN pieces p ON p.piece_from < b.finish AND p.piece_to >= b.finish) x)`;
    const memberCounts = rollUpBreakdowns(first.dimensions, 'a', 'a.participant_type, a.profession_key, a.region_key', {
      total: "coalesce(sum(a.n) FILTER (WHERE a.measure = 'total'), 0)",
      joined: "coalesce(sum(a.n) FILTER (WHERE a.measure = 'joined'), 0)",
      left_: "coalesce(sum(a.n) FILTER (WHERE a.measure = 'left'), 0)",
    });
    const membersQuery: Promise<GroupedRow[]> = this.db.query(
      `WITH b AS (SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish)),
       changes AS (
         SELECT h.community_id, h.member_id, c.network_id, h.change, h.occurred_at,
                lead(h.occurred_at) OVER (PARTITION BY h.community_id, h.member_id ORDER BY h.occurred_at, h.change <> 'JOINED') AS next_at
         FROM membership_history h JOIN communities c ON c.id = h.community_id
         WHERE h.change IN ('JOINED', 'LEFT', 'REMOVED', 'BANNED') AND ${scopeOf('h')}),
       spans AS MATERIALIZED (SELECT member_id, network_id, occurred_at AS joined_at, coalesce(next_at, 'infinity') AS left_at FROM changes WHERE change = 'JOINED'),
       pieces AS (
         SELECT s.member_id,
                greatest(s.joined_at, coalesce(rap.valid_from, '-infinity')) AS piece_from,
                least(s.left_at, coalesce(rap.valid_to, 'infinity')) AS piece_to,
                -- Every join records the member's profile in the network, so a span has pieces.
                rap.participant_type, rap.profession_term_id AS profession_key, rap.region_term_id AS region_key
         FROM spans s
         LEFT JOIN report_member_pieces rap ON rap.member_id = s.member_id AND rap.network_id = s.network_id AND rap.valid_to > s.joined_at AND rap.valid_from < s.left_at),
       starts AS (SELECT array_agg(start ORDER BY start) AS s FROM b),
       bs AS MATERIALIZED (SELECT b.start, b.finish, row_number() OVER (ORDER BY b.start) AS position FROM b),
       e AS (
         SELECT bs.start, 'joined' AS measure, s.member_id, s.network_id, s.joined_at AS at
           FROM spans s CROSS JOIN starts JOIN bs ON bs.position = width_bucket(s.joined_at, starts.s) AND s.joined_at < bs.finish
         UNION ALL SELECT bs.start, 'left', s.member_id, s.network_id, s.left_at
           FROM spans s CROSS JOIN starts JOIN bs ON bs.position = width_bucket(s.left_at, starts.s) AND s.left_at < bs.finish),
       ${totals},
       a AS (
         SELECT t.start, 'total' AS measure, t.n, t.participant_type, t.profession_key, t.region_key FROM t
         UNION ALL SELECT e.start, e.measure, 1, ${events.columns} FROM e ${events.joins}),
       ${memberCounts.cte}
       ${memberCounts.select}`,
      params,
    );

    const requestsQuery: Promise<GroupedRow[]> = this.db.query(
      `WITH b AS (SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish)),
       r AS (SELECT j.member_id, c.network_id, j.status, j.created_at, j.decided_at FROM join_requests j JOIN communities c ON c.id = j.community_id WHERE ${scopeOf('j')}),
       f AS (
         SELECT b.start, 'received' AS measure, r.member_id, r.network_id, r.created_at AS at, NULL::float8 AS hours
           FROM b JOIN r ON r.created_at >= b.start AND r.created_at < b.finish
         UNION ALL
         SELECT b.start, lower(r.status), r.member_id, r.network_id, r.decided_at, extract(epoch FROM r.decided_at - r.created_at) / 3600
           FROM b JOIN r ON r.status IN ('APPROVED', 'DECLINED') AND r.decided_at >= b.start AND r.decided_at < b.finish),
       a AS (SELECT f.start, f.measure, f.hours, ${attributes.columns} FROM f ${attributes.joins})
       SELECT a.start, ${grouping.columns},
              count(*) FILTER (WHERE a.measure = 'received') AS received,
              count(*) FILTER (WHERE a.measure = 'approved') AS approved,
              count(*) FILTER (WHERE a.measure = 'declined') AS declined,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY a.hours) FILTER (WHERE a.hours IS NOT NULL) AS median_hours
       FROM a GROUP BY ${grouping.groupBy}`,
      params,
    );

    const activeQuery = this.activeMembers(buckets, first);

    // Three independent reads on three pooled connections: the report waits for the slowest, not the sum.
    const [members, requests, active] = await Promise.all([membersQuery, requestsQuery, activeQuery]);
    const total = assembleCounts(members, buckets, 'total');
    const joined = assembleCounts(members, buckets, 'joined');
    const left = assembleCounts(members, buckets, 'left_');
    const received = assembleCounts(requests, buckets, 'received');
    const approved = assembleCounts(requests, buckets, 'approved');
    const declined = assembleCounts(requests, buckets, 'declined');
    const activeMembers = assembleCounts(active, buckets, 'active');
    return buckets.map((bucket, index) => {
      const median = totalRowOf(requests, bucket)?.median_hours;
      return {
        members: { total: total[index]!, joined: joined[index]!, left: left[index]! },
        joinRequests: {
          received: received[index]!,
          approved: approved[index]!,
          declined: declined[index]!,
          medianHoursToDecision: median == null ? null : Math.round(Number(median) * 10) / 10,
        },
        activeMembers: activeMembers[index]!,
      };
    });
  }

  /**
   * Active members per period. Each counts once per period, in the cells of their attributes at
   * their latest activity in it, so a breakdown adds up to its total. Periods made of whole
   * months of the network's time zone (monthly and quarterly reports) read the monthly rollup;
   * others (weeks, clipped periods) read the activities, finding each one's period by
   * width_bucket over the sorted starts (a hash join, not a range join per row).
   */
  private async activeMembers(buckets: ParsedBucket[], first: ParsedBucket): Promise<GroupedRow[]> {
    const attributes = attributesAt('f.member_id', 'f.network_id', 'f.at');
    const scope = (alias: string) => (first.scope === 'COMMUNITY' ? `${alias}.community_id = $3` : `${alias}.network_id = $3`);
    // b: the periods; f: one row per member and period, with the time of their latest activity,
    // or (attributed) already with their attributes then.
    const count = (b: string, f: string, params: unknown[], attributed = false): Promise<GroupedRow[]> => {
      const rolled = attributed
        ? rollUpBreakdowns(first.dimensions, 'f', 'f.participant_type, f.profession_key, f.region_key', { active: 'count(*)' })
        : rollUpBreakdowns(first.dimensions, `f ${attributes.joins}`, attributes.columns, { active: 'count(*)' });
      return this.db.query(`WITH b AS (${b}), f AS (${f}), ${rolled.cte} ${rolled.select}`, params);
    };
    const [{ time_zone: zone }] = (await this.db.query(
      first.scope === 'COMMUNITY' ? 'SELECT n.time_zone FROM communities c JOIN networks n ON n.id = c.network_id WHERE c.id = $1' : 'SELECT time_zone FROM networks WHERE id = $1',
      [first.scopeId],
    )) as [{ time_zone: string }];
    const months = buckets.map((bucket) => {
      const start = DateTime.fromJSDate(bucket.start, { zone });
      const end = DateTime.fromJSDate(bucket.end, { zone });
      const whole = +start === +start.startOf('month') && +end === +end.startOf('month');
      return whole ? { first: start.toISODate()!, end: end.toISODate()!, single: +start.plus({ months: 1 }) === +end } : null;
    });
    if (months.every((month) => month !== null)) {
      const lowest = months.map((month) => month!.first).sort()[0]!;
      const highest = months.map((month) => month!.end).sort().at(-1)!;
      // One month per period in one community: a rollup row is already one member in one period,
      // and carries their attributes at its latest activity (kept by triggers, see migration
      // 1764000000001), so it is counted from the index alone.
      const single = first.scope === 'COMMUNITY' && months.every((month) => month!.single);
      const f = single
        ? `SELECT b.start, r.participant_type, r.profession_term_id AS profession_key, r.region_term_id AS region_key
           FROM member_active_months r JOIN b ON r.month = b.first_month
           WHERE ${scope('r')} AND r.month >= $4 AND r.month < $5`
        : `SELECT b.start, r.member_id, r.network_id, max(r.last_at) AS at FROM member_active_months r JOIN b ON r.month >= b.first_month AND r.month < b.end_month
           WHERE ${scope('r')} AND r.month >= $4 AND r.month < $5 GROUP BY b.start, r.member_id, r.network_id`;
      return count(
        'SELECT * FROM unnest($1::timestamptz[], $2::date[], $6::date[]) AS b(start, first_month, end_month)',
        f,
        [buckets.map((bucket) => bucket.start), months.map((month) => month!.first), first.scopeId, lowest, highest, months.map((month) => month!.end)],
        single,
      );
    }
    const order = buckets.map((_bucket, index) => index).sort((x, y) => buckets[x]!.start.getTime() - buckets[y]!.start.getTime());
    return count(
      'SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS b(start, finish, position)',
      `SELECT b.start, m.member_id, m.network_id, max(m.occurred_at) AS at
       FROM member_activity m JOIN b ON b.position = width_bucket(m.occurred_at, $1::timestamptz[]) AND m.occurred_at < b.finish
       WHERE ${scope('m')} AND m.occurred_at >= $1[1] AND m.occurred_at < $4
       GROUP BY b.start, m.member_id, m.network_id`,
      [order.map((index) => buckets[index]!.start), order.map((index) => buckets[index]!.end), first.scopeId, new Date(Math.max(...buckets.map((bucket) => bucket.end.getTime())))],
    );
  }
}
