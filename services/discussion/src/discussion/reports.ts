import type { DataSource } from 'typeorm';
import { assembleCounts, attributesAt, rollUpBreakdowns, type CountValue, type GroupedRow, type ParsedBucket } from '@praxis/platform';

export interface DiscussionMeasures {
  threads: CountValue;
  replies: CountValue;
  reactions: CountValue;
}

/**
 * Discussion's numbers for participation reports (docs/adr/0007-participation-reports.md).
 *
 * Participation counts when it happened and stays counted: a post counts at the time it was
 * written once it has ever been published (so later deletion or hiding changes nothing, and a
 * post still held by pre-moderation, or refused, never counts), and a reaction at the time it
 * was given, from the ledger that keeps withdrawn ones. Opening posts are threads started,
 * including the comment thread a resource's or event's first comment starts.
 */
export class DiscussionReports {
  constructor(private readonly db: DataSource) {}

  /** The numbers for all buckets of one report, in bucket order: two statements, however many buckets. */
  async measures(buckets: ParsedBucket[]): Promise<DiscussionMeasures[]> {
    const [first] = buckets;
    if (!first) return [];
    const scopeOf = (alias: string) => (first.scope === 'COMMUNITY' ? `${alias}.community_id = $3` : `${alias}.network_id = $3`);
    const attributes = attributesAt('f.member_id', 'f.network_id', 'f.at');
    const params = [buckets.map((bucket) => bucket.start), buckets.map((bucket) => bucket.end), first.scopeId];
    const count = (f: string, measures: Record<string, string>) => {
      const rolled = rollUpBreakdowns(first.dimensions, `f ${attributes.joins}`, attributes.columns, measures);
      return this.db.query(
        `WITH b AS (SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[]) AS b(start, finish)),
         f AS (${f}),
         ${rolled.cte}
         ${rolled.select}`,
        params,
      ) as Promise<GroupedRow[]>;
    };
    // Posts and reactions are counted apart, on two pooled connections at once: every row is
    // joined to its author's attributes at its time, so the report waits for the larger half.
    const [posts, reactionRows] = await Promise.all([
      count(
        `SELECT b.start, p.is_opening, p.author_id AS member_id, p.network_id, p.created_at AS at
         FROM b JOIN posts p ON p.created_at >= b.start AND p.created_at < b.finish AND ${scopeOf('p')} AND p.published_at IS NOT NULL`,
        { threads: 'count(*) FILTER (WHERE f.is_opening)', replies: 'count(*) FILTER (WHERE NOT f.is_opening)' },
      ),
      count(
        `SELECT b.start, r.member_id, r.network_id, r.given_at AS at
         FROM b JOIN reactions_given r ON r.given_at >= b.start AND r.given_at < b.finish AND ${scopeOf('r')}`,
        { reactions: 'count(*)' },
      ),
    ]);
    const threads = assembleCounts(posts, buckets, 'threads');
    const replies = assembleCounts(posts, buckets, 'replies');
    const reactions = assembleCounts(reactionRows, buckets, 'reactions');
    return buckets.map((_bucket, index) => ({ threads: threads[index]!, replies: replies[index]!, reactions: reactions[index]! }));
  }
}
