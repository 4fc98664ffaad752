import { inKeyOrder, type Run } from '@praxis/platform';
import { isUuid } from './validation';

/** What waits for curators in one community's library. */
export interface LibraryQueueCounts {
  /** Submissions pending review, as `curationQueuesOf` lists them. */
  curation: number;
  /** Resources with a broken link, as `brokenLinksPage` lists them for the community. */
  broken: number;
}

/**
 * Both counts for many communities, in key order, from one statement: the two conditions are
 * those of the curation queue and the broken-links list, each matching a partial index.
 */
export async function libraryQueueCounts(run: Run, communityIds: readonly string[]): Promise<LibraryQueueCounts[]> {
  const rows = (await run(
    `SELECT community_id, count(*) FILTER (WHERE status = 'PENDING_REVIEW')::int AS curation, count(*) FILTER (WHERE link_status = 'BROKEN')::int AS broken
     FROM resources
     WHERE community_id = ANY($1::uuid[]) AND deleted_at IS NULL AND (status = 'PENDING_REVIEW' OR link_status = 'BROKEN')
     GROUP BY community_id`,
    [[...new Set(communityIds.filter(isUuid))]],
  )) as { community_id: string; curation: number; broken: number }[];
  return inKeyOrder(communityIds, rows, (row) => row.community_id).map((row) => ({ curation: row?.curation ?? 0, broken: row?.broken ?? 0 }));
}
