import type { DataSource, EntityManager } from 'typeorm';
import { deletedMemberBatcher, type AccessSource, type CommunityAccess, type CommunityRole, type CommunityVisibility, type MembershipStatus, type NetworkAccess, type NetworkRole, type Viewer } from '@praxis/platform';
import { isUuid } from './validation';

interface AccessRow {
  id: string;
  network_id: string;
  visibility: CommunityVisibility;
  archived: boolean;
  role: CommunityRole | null;
  status: MembershipStatus | null;
  network_roles: NetworkRole[];
}

/**
 * The permission rules of Praxis, in one place. Every service asks membership, and membership
 * itself uses the same function, so the rules cannot drift apart.
 */
export function decideCommunityAccess(row: AccessRow): CommunityAccess {
  const isAdmin = row.network_roles.includes('ADMIN');
  const active = row.status === 'ACTIVE';
  const role = active ? row.role : null;
  const coordinator = active && role === 'COORDINATOR';
  const moderator = active && (role === 'MODERATOR' || coordinator);
  return {
    communityId: row.id,
    networkId: row.network_id,
    visibility: row.visibility,
    archived: row.archived,
    role,
    status: row.status,
    networkRoles: row.network_roles,
    canRead: isAdmin || active || row.visibility === 'PUBLIC',
    canParticipate: active && !row.archived,
    canModerate: isAdmin || moderator,
    canCoordinate: isAdmin || coordinator,
    canReadReports: isAdmin || coordinator || row.network_roles.includes('ANALYST'),
  };
}

/** Answers permission questions straight from membership's tables, one statement per batch. */
export class LocalAccessSource implements AccessSource {
  /** Membership's own answers come from its tables; its plugin asks about deletion apart. */
  readonly answersCarryDeletion = false;
  private isDeleted?: (memberId: string) => Promise<boolean>;

  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * One primary-key statement for every request that asks in the same tick. The gateway asks
   * through `/internal/members/deleted`, other subgraphs too, membership itself directly.
   */
  async deletedMembers(ids: readonly string[]): Promise<string[]> {
    this.isDeleted ??= deletedMemberBatcher(async (batch) => {
      const valid = batch.filter(isUuid);
      if (valid.length === 0) return [];
      const rows: { id: string }[] = await this.db.query('SELECT id FROM members WHERE id = ANY($1::uuid[]) AND deleted_at IS NOT NULL', [valid]);
      return rows.map((row) => row.id);
    });
    const answers = await Promise.all(ids.map((id) => this.isDeleted!(id)));
    return ids.filter((_id, index) => answers[index]);
  }

  async communities(viewer: Viewer, ids: readonly string[]): Promise<(CommunityAccess | null)[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return ids.map(() => null);
    const rows: AccessRow[] = await this.db.query(
      `SELECT c.id, c.network_id, c.visibility, c.archived_at IS NOT NULL AS archived, m.role, m.status,
              coalesce((SELECT array_agg(nr.role) FROM network_roles nr JOIN members v ON v.id = nr.member_id AND v.deleted_at IS NULL
                        WHERE nr.network_id = c.network_id AND nr.member_id = $2), '{}') AS network_roles
       FROM communities c
       LEFT JOIN memberships m ON m.community_id = c.id AND m.member_id = $2
       WHERE c.id = ANY($1::uuid[])`,
      [valid, viewer.memberId],
    );
    const byId = new Map(rows.map((row) => [row.id, decideCommunityAccess(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async networks(viewer: Viewer, ids: readonly string[]): Promise<(NetworkAccess | null)[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return ids.map(() => null);
    const rows: { id: string; roles: NetworkRole[] }[] = await this.db.query(
      `SELECT n.id, coalesce(array_agg(nr.role) FILTER (WHERE nr.role IS NOT NULL), '{}') AS roles
       FROM networks n
       LEFT JOIN network_roles nr ON nr.network_id = n.id AND nr.member_id = $2
         AND EXISTS (SELECT 1 FROM members v WHERE v.id = nr.member_id AND v.deleted_at IS NULL)
       WHERE n.id = ANY($1::uuid[])
       GROUP BY n.id`,
      [valid, viewer.memberId],
    );
    const byId = new Map(
      rows.map((row) => [row.id, { networkId: row.id, roles: row.roles, isAdmin: row.roles.includes('ADMIN'), canReadReports: row.roles.length > 0 }]),
    );
    return ids.map((id) => byId.get(id) ?? null);
  }

  async readableCommunityIds(viewer: Viewer): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT c.id FROM communities c
       WHERE c.visibility = 'PUBLIC'
          OR EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND m.member_id = $1 AND m.status = 'ACTIVE')
          OR EXISTS (SELECT 1 FROM network_roles nr WHERE nr.network_id = c.network_id AND nr.member_id = $1 AND nr.role = 'ADMIN')
       ORDER BY c.id`,
      [viewer.memberId],
    );
    return rows.map((row) => row.id);
  }
}
