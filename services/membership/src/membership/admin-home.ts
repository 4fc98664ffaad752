import type { DataSource } from 'typeorm';
import { fetchKeysetPage, inKeyOrder, selectColumns, type Connection, type PageRequest, type SortKey } from '@praxis/platform';
import { CommunityEntity } from '../entities';
import { isUuid } from './validation';

/** By name as people read it, then id, so names that differ only in case still page stably. */
const BY_NAME: SortKey[] = [
  { sql: 'lower(c.name)', direction: 'ASC', type: 'text' },
  { sql: 'c.id', direction: 'ASC', type: 'uuid' },
];

/**
 * The reads behind the admin app's home screen: which communities a viewer runs, and how many
 * join requests wait in many communities at once.
 */
export class AdminHomeReads {
  constructor(private readonly db: DataSource) {}

  /**
   * Communities where the member is an active coordinator or moderator, or whose network they
   * administer. The two sets are unioned by id first, so a community in both is one row, and each
   * comes from the member's own index entries rather than a scan of every community.
   */
  managedCommunityPage(memberId: string, page: PageRequest): Promise<Connection<CommunityEntity>> {
    const managed = `SELECT ms.community_id AS id FROM memberships ms
        WHERE ms.member_id = $1 AND ms.status = 'ACTIVE' AND ms.role IN ('COORDINATOR', 'MODERATOR')
      UNION
      SELECT n.id FROM network_roles nr JOIN communities n ON n.network_id = nr.network_id
        WHERE nr.member_id = $1 AND nr.role = 'ADMIN'`;
    return fetchKeysetPage<CommunityEntity>(
      (sql, params) => this.db.query(sql, params),
      {
        select: selectColumns(this.db, CommunityEntity, 'c'),
        from: `communities c JOIN (${managed}) managed ON managed.id = c.id`,
        where: ['c.archived_at IS NULL'],
        params: [memberId],
        keys: BY_NAME,
      },
      page,
    );
  }

  /** Pending join requests per community, in key order: one statement for any number. */
  async pendingJoinRequestCounts(communityIds: readonly string[]): Promise<number[]> {
    const rows: { community_id: string; count: number }[] = await this.db.query(
      `SELECT community_id, count(*)::int AS count FROM join_requests WHERE community_id = ANY($1::uuid[]) AND status = 'PENDING' GROUP BY community_id`,
      [communityIds.filter(isUuid)],
    );
    return inKeyOrder(communityIds, rows, (row) => row.community_id).map((row) => row?.count ?? 0);
  }
}
