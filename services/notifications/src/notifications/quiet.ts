import { inKeyOrder, isUuid, type ServiceRuntime } from '@praxis/platform';
import { receivesNoEmailSql } from './kinds';

/**
 * How many active members of each community receive no email at all: every kind in-app only or
 * in the digest, and the digest off. A count, never who; one statement for the whole batch.
 */
export async function quietMemberCounts(runtime: ServiceRuntime, communityIds: readonly string[]): Promise<number[]> {
  const rows: { community_id: string; count: number }[] = await runtime.db.query(
    `SELECT m.community_id, count(*)::int AS count FROM community_members m JOIN preferences p ON p.member_id = m.member_id
     WHERE m.community_id = ANY($1::uuid[]) AND ${receivesNoEmailSql('p')} GROUP BY m.community_id`,
    [communityIds.filter(isUuid)],
  );
  return inKeyOrder(communityIds, rows, (row) => row.community_id).map((row) => row?.count ?? 0);
}
