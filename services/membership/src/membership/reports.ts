import { z } from 'zod';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import {
  assembleCounts,
  attributesAt,
  authorizeReport,
  breakdownGrouping,
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
import { isUuid } from './validation';

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
      if (!community) throw errors.badInput('input.communityId', 'No such community.');
      network = await this.db.manager.findOneByOrFail(NetworkEntity, { id: community.networkId });
    } else {
      network = isUuid(input.networkId) ? await this.db.manager.findOneBy(NetworkEntity, { id: input.networkId! }) : null;
      if (!network) throw errors.badInput('input.networkId', 'No such network.');
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

  /** Membership's numbers for all buckets of one report: three statements, however many buckets. */
  async measures(buckets: ParsedBucket[]): Promise<MembershipMeasures[]> {
    const [first] = buckets;
    if (!first) return [];
    const params = [buckets.map((bucket) => bucket.start), buckets.map((bucket) => bucket.end), first.scopeId];
    const scopeOf = (alias: string) => (first.scope === 'COMMUNITY' ? `${alias}.community_id = $3` : `${alias}.community_id IN (SELECT id FROM communities WHERE network_id = $3)`);
    const grouping = breakdownGrouping(first.dimensions, 'a', 'a');
    const attributes = attributesAt('f.member_id', 'f.network_id', 'f.at');

    const members: GroupedRow[] = await this.db.query(
      `WITH b AS (SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish)),
       changes AS (
         SELECT h.community_id, h.member_id, c.network_id, h.change, h.occurred_at,
                lead(h.occurred_at) OVER (PARTITION BY h.community_id, h.member_id ORDER BY h.occurred_at, h.change <> 'JOINED') AS next_at
         FROM membership_history h JOIN communities c ON c.id = h.community_id
         WHERE h.change IN ('JOINED', 'LEFT', 'REMOVED', 'BANNED') AND ${scopeOf('h')}),
       spans AS (SELECT member_id, network_id, occurred_at AS joined_at, next_at AS left_at FROM changes WHERE change = 'JOINED'),
       f AS (
         SELECT b.start, 'total' AS measure, s.member_id, s.network_id, b.finish - interval '1 microsecond' AS at
           FROM b JOIN spans s ON s.joined_at < b.finish AND (s.left_at IS NULL OR s.left_at >= b.finish)
         UNION ALL SELECT b.start, 'joined', s.member_id, s.network_id, s.joined_at FROM b JOIN spans s ON s.joined_at >= b.start AND s.joined_at < b.finish
         UNION ALL SELECT b.start, 'left', s.member_id, s.network_id, s.left_at FROM b JOIN spans s ON s.left_at >= b.start AND s.left_at < b.finish),
       a AS (SELECT f.start, f.measure, f.member_id, ${attributes.columns} FROM f ${attributes.joins})
       SELECT a.start, ${grouping.columns},
              count(DISTINCT a.member_id) FILTER (WHERE a.measure = 'total') AS total,
              count(*) FILTER (WHERE a.measure = 'joined') AS joined,
              count(*) FILTER (WHERE a.measure = 'left') AS left_
       FROM a GROUP BY ${grouping.groupBy}`,
      params,
    );

    const requests: GroupedRow[] = await this.db.query(
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

    const active: GroupedRow[] = await this.db.query(
      `WITH b AS (SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish)),
       f AS (SELECT b.start, m.member_id, m.network_id, m.occurred_at AS at FROM b JOIN member_activity m
             ON m.occurred_at >= b.start AND m.occurred_at < b.finish AND ${first.scope === 'COMMUNITY' ? 'm.community_id = $3' : 'm.network_id = $3'}),
       a AS (SELECT f.start, f.member_id, ${attributes.columns} FROM f ${attributes.joins})
       SELECT a.start, ${grouping.columns}, count(DISTINCT a.member_id) AS active
       FROM a GROUP BY ${grouping.groupBy}`,
      params,
    );

    const total = assembleCounts(members, buckets, 'total');
    const joined = assembleCounts(members, buckets, 'joined');
    const left = assembleCounts(members, buckets, 'left_');
    const received = assembleCounts(requests, buckets, 'received');
    const approved = assembleCounts(requests, buckets, 'approved');
    const declined = assembleCounts(requests, buckets, 'declined');
    const activeMembers = assembleCounts(active, buckets, 'active');
    return buckets.map((bucket, index) => {
      const median = requests.find((row) => row.dimension === 'TOTAL' && new Date(row.start).getTime() === bucket.start.getTime())?.median_hours;
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
}
