import { DateTime } from 'luxon';
import { errors } from '../errors/domain-error';

export type Granularity = 'WEEK' | 'MONTH' | 'QUARTER';

/** A report period: [start, end), as instants, cut in the network's time zone. */
export interface Bucket {
  /** Start of the bucket's calendar unit (Monday of an ISO week, first of a month or quarter). */
  periodStart: Date;
  /** The bucket as counted: the calendar unit clipped to the report's range. */
  start: Date;
  end: Date;
}

export interface ReportRange {
  /** First day included, a local date in the network's time zone (YYYY-MM-DD). */
  from: string;
  /** First day no longer included (half-open), YYYY-MM-DD. */
  to: string;
  granularity: Granularity;
  timeZone: string;
}

const UNIT = { WEEK: 'week', MONTH: 'month', QUARTER: 'quarter' } as const;
const LIMITS: Record<Granularity, number> = { WEEK: 5 * 53, MONTH: 10 * 12, QUARTER: 10 * 4 };

function localDate(value: string, field: string, timeZone: string): DateTime {
  const parsed = DateTime.fromISO(value, { zone: timeZone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !parsed.isValid) throw errors.badInput(field, 'Use a date such as 2026-01-31.');
  return parsed.startOf('day');
}

/**
 * The buckets of a report, identical in every subgraph because every subgraph computes them
 * here from the same parameters. Weeks are ISO weeks (Monday to Sunday). Boundaries are local
 * midnights, so a bucket is 23 or 25 hours longer or shorter across daylight-saving changes.
 */
export function reportBuckets(range: ReportRange): Bucket[] {
  if (!DateTime.local().setZone(range.timeZone).isValid) throw errors.badInput('input.timeZone', 'Unknown time zone.');
  const from = localDate(range.from, 'input.from', range.timeZone);
  const to = localDate(range.to, 'input.to', range.timeZone);
  if (to <= from) throw errors.badInput('input.to', 'The range must end after it starts.');
  const unit = UNIT[range.granularity];
  const buckets: Bucket[] = [];
  for (let period = from.startOf(unit); period < to; period = period.plus({ [`${unit}s`]: 1 })) {
    const next = period.plus({ [`${unit}s`]: 1 });
    buckets.push({
      periodStart: period.toJSDate(),
      start: (period < from ? from : period).toJSDate(),
      end: (next > to ? to : next).toJSDate(),
    });
    if (buckets.length > LIMITS[range.granularity]) {
      throw errors.badInput('input.to', `A ${range.granularity.toLowerCase()}ly report covers at most ${LIMITS[range.granularity]} periods; choose a shorter range or a coarser granularity.`);
    }
  }
  return buckets;
}

/**
 * SQL parameters for counting per bucket in one statement, whatever the number of buckets:
 * `JOIN unnest($n::timestamptz[], $m::timestamptz[]) AS b(start, finish) ON t >= b.start AND t < b.finish`.
 */
export function bucketParams(buckets: Bucket[]): [Date[], Date[]] {
  return [buckets.map((bucket) => bucket.start), buckets.map((bucket) => bucket.end)];
}
