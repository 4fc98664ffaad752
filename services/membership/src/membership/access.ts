import type { DataSource, EntityManager } from 'typeorm';
import { deletedMemberBatcher, type AccessSource, type CommunityAccess, type MemberCommunityPair, type MembersCommunitiesAnswer, type CommunityRole, type CommunityVisibility, type MembershipStatus, type NetworkAccess, type NetworkRole, type Viewer } from '@praxis/platform';
import { isUuid } from './validation';

interface AccessRow {
  id: string;
  network_id: string;
  visibility: CommunityVisibility;
  archived: boolean;
  role: CommunityRole | null;
  status: MembershipStatus | null;
  network_roles: NetworkRole[];
  /** The network requires two factors of its staff and the viewer has none (second-factor.ts). */
  second_factor_missing?: boolean;
}

/**
 * The permission rules of Praxis, in one place. Every service asks membership, and membership
 * itself uses the same function, so the rules cannot drift apart.
 */
export function decideCommunityAccess(row: AccessRow): CommunityAccess {
  const staff = row.network_roles.length > 0 || (row.status === 'ACTIVE' && row.role === 'COORDINATOR');
  if (staff && row.second_factor_missing) {
    // Staff rights wait for a second factor; what a plain member may do stays (second-factor.ts).
    const plain = decideCommunityAccess({ ...row, network_roles: [], role: row.role === 'COORDINATOR' ? 'MEMBER' : row.role, second_factor_missing: false });
    return { ...plain, role: row.role, networkRoles: row.network_roles, secondFactorRequired: true };
  }
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

function decideNetworkAccess(row: { id: string; roles: NetworkRole[]; second_factor_missing: boolean }): NetworkAccess {
  if (row.roles.length > 0 && row.second_factor_missing) {
    return { networkId: row.id, roles: row.roles, isAdmin: false, canReadReports: false, secondFactorRequired: true };
  }
  return { networkId: row.id, roles: row.roles, isAdmin: row.roles.includes('ADMIN'), canReadReports: row.roles.length > 0 };
}

/**
 * SQL: the network requires two factors of its staff, and the viewer has not confirmed one. An
 * OpenID Connect sign-in counts as having one: the organisation's provider asks for it (ADR 2).
 */
export const SECOND_FACTOR_MISSING = (network: string, member: string, oidc: string) =>
  `(NOT ${oidc}::boolean
    AND EXISTS (SELECT 1 FROM networks rn WHERE rn.id = ${network} AND rn.require_second_factor_for_staff)
    AND NOT EXISTS (SELECT 1 FROM second_factors sf WHERE sf.member_id = ${member} AND sf.confirmed_at IS NOT NULL))`;

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
                        WHERE nr.network_id = c.network_id AND nr.member_id = $2), '{}') AS network_roles,
              ${SECOND_FACTOR_MISSING('c.network_id', '$2', '$3')} AS second_factor_missing
       FROM communities c
       LEFT JOIN memberships m ON m.community_id = c.id AND m.member_id = $2
       WHERE c.id = ANY($1::uuid[])`,
      [valid, viewer.memberId, viewer.source === 'oidc'],
    );
    const byId = new Map(rows.map((row) => [row.id, decideCommunityAccess(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * The same rule as `communities`, for many members at once, each as a password sign-in (no
   * OpenID Connect second factor): one statement however many pairs.
   */
  async membersCommunities(pairs: readonly MemberCommunityPair[]): Promise<MembersCommunitiesAnswer> {
    const asked = pairs.map((pair) => (isUuid(pair.memberId) && isUuid(pair.communityId) ? pair : null));
    const valid = asked.filter((pair) => pair !== null);
    if (valid.length === 0) return { access: pairs.map(() => null), deleted: [] };
    const rows: (AccessRow & { n: string; member_id: string; member_deleted: boolean })[] = await this.db.query(
      `SELECT a.n, a.member_id, c.id, c.network_id, c.visibility, c.archived_at IS NOT NULL AS archived, m.role, m.status,
              coalesce((SELECT array_agg(nr.role) FROM network_roles nr JOIN members v ON v.id = nr.member_id AND v.deleted_at IS NULL
                        WHERE nr.network_id = c.network_id AND nr.member_id = a.member_id), '{}') AS network_roles,
              ${SECOND_FACTOR_MISSING('c.network_id', 'a.member_id', 'false')} AS second_factor_missing,
              coalesce(who.deleted_at IS NOT NULL, false) AS member_deleted
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS a(member_id, community_id, n)
       LEFT JOIN communities c ON c.id = a.community_id
       LEFT JOIN memberships m ON m.community_id = c.id AND m.member_id = a.member_id
       LEFT JOIN members who ON who.id = a.member_id`,
      [valid.map((pair) => pair.memberId), valid.map((pair) => pair.communityId)],
    );
    const byOrdinal = new Map(rows.map((row) => [Number(row.n), row.id ? decideCommunityAccess(row) : null]));
    const deleted = [...new Set(rows.filter((row) => row.member_deleted).map((row) => row.member_id))];
    let ordinal = 0;
    return { access: asked.map((pair) => (pair ? (byOrdinal.get((ordinal += 1)) ?? null) : null)), deleted };
  }

  async networks(viewer: Viewer, ids: readonly string[]): Promise<(NetworkAccess | null)[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return ids.map(() => null);
    const rows: { id: string; roles: NetworkRole[]; second_factor_missing: boolean }[] = await this.db.query(
      `SELECT n.id, coalesce(array_agg(nr.role) FILTER (WHERE nr.role IS NOT NULL), '{}') AS roles,
              ${SECOND_FACTOR_MISSING('n.id', '$2', '$3')} AS second_factor_missing
       FROM networks n
       LEFT JOIN network_roles nr ON nr.network_id = n.id AND nr.member_id = $2
         AND EXISTS (SELECT 1 FROM members v WHERE v.id = nr.member_id AND v.deleted_at IS NULL)
       WHERE n.id = ANY($1::uuid[])
       GROUP BY n.id`,
      [valid, viewer.memberId, viewer.source === 'oidc'],
    );
    const byId = new Map(rows.map((row) => [row.id, decideNetworkAccess(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async readableCommunityIds(viewer: Viewer): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT c.id FROM communities c
       WHERE c.visibility = 'PUBLIC'
          OR EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND m.member_id = $1 AND m.status = 'ACTIVE')
          OR (EXISTS (SELECT 1 FROM network_roles nr WHERE nr.network_id = c.network_id AND nr.member_id = $1 AND nr.role = 'ADMIN')
              AND NOT ${SECOND_FACTOR_MISSING('c.network_id', '$1', '$2')})
       ORDER BY c.id`,
      [viewer.memberId, viewer.source === 'oidc'],
    );
    return rows.map((row) => row.id);
  }
}
