import { inKeyOrder, type Run } from '@praxis/platform';
import { isUuid } from './validation';

/**
 * How many posts wait in each community's moderation queue, in key order: the same condition
 * as `Pages.queueOf`, counted from the queue's partial index, one statement for any number.
 */
export async function moderationQueueCounts(run: Run, communityIds: readonly string[]): Promise<number[]> {
  const rows = (await run(
    `SELECT community_id, count(*)::int AS count FROM posts WHERE community_id = ANY($1::uuid[]) AND attention_since IS NOT NULL GROUP BY community_id`,
    [[...new Set(communityIds.filter(isUuid))]],
  )) as { community_id: string; count: number }[];
  return inKeyOrder(communityIds, rows, (row) => row.community_id).map((row) => row?.count ?? 0);
}
