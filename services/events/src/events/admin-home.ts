import type { DataSource } from 'typeorm';
import { inKeyOrder } from '@praxis/platform';
import { isUuid } from './validation';

/**
 * Proposals waiting for a decision in each community, in key order: one statement for any
 * number of communities, answered from the proposals' partial index.
 */
export async function proposalCounts(db: Pick<DataSource, 'query'>, communityIds: readonly string[]): Promise<number[]> {
  const rows = (await db.query(
    `SELECT community_id, count(*)::int AS count FROM events
     WHERE community_id = ANY($1::uuid[]) AND status = 'PROPOSED' AND deleted_at IS NULL GROUP BY community_id`,
    [[...new Set(communityIds.filter(isUuid))]],
  )) as { community_id: string; count: number }[];
  return inKeyOrder(communityIds, rows, (row) => row.community_id).map((row) => row?.count ?? 0);
}
