import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { inKeyOrder, systemClock, type Clock } from '@praxis/platform';
import {
  countRows,
  cursorValues,
  fetchKeysetPage,
  selectColumns,
  type CommunityRole,
  type Connection,
  type KeysetQuery,
  type MembershipStatus,
  type NetworkRole,
  type PageRequest,
  type ParticipantType,
  type Run,
  type SortKey,
} from '@praxis/platform';
import {
  AccountEntity,
  ApplicationQuestionEntity,
  CommunityEntity,
  InvitationEntity,
  JoinRequestEntity,
  MemberEntity,
  MembershipEntity,
  MembershipHistoryEntity,
  NetworkEntity,
  NetworkProfileEntity,
  NetworkRoleEntity,
  TermEntity,
  type JoinRequestStatus,
} from '../entities';
import { isUuid } from './validation';
import type { InvitationStatus } from './joining';

export interface Counted<T> extends Connection<T> {
  totalCount: () => Promise<number>;
}

export type JoinRequestOrder = 'OLDEST_FIRST' | 'NEWEST_FIRST' | 'DECIDED_OLDEST_FIRST' | 'DECIDED_NEWEST_FIRST';

const byRequest = (times: string[], direction: 'ASC' | 'DESC'): SortKey[] => [...times.map((sql) => ({ sql, direction, type: 'timestamp' as const })), { sql: 'j.id', direction, type: 'uuid' }];
// Keys must not be NULL: an undecided request sorts as decided at infinity, after every decision,
// and undecided ones among themselves by when they were made.
const DECIDED = ["coalesce(j.decided_at, 'infinity')", 'j.created_at'];
const JOIN_REQUEST_ORDERS: Record<JoinRequestOrder, SortKey[]> = {
  OLDEST_FIRST: byRequest(['j.created_at'], 'ASC'),
  NEWEST_FIRST: byRequest(['j.created_at'], 'DESC'),
  DECIDED_OLDEST_FIRST: byRequest(DECIDED, 'ASC'),
  DECIDED_NEWEST_FIRST: byRequest(DECIDED, 'DESC'),
};

/** How many values a cursor of this order holds. */
export const joinRequestArity = (order: JoinRequestOrder | null | undefined): number => JOIN_REQUEST_ORDERS[order ?? 'OLDEST_FIRST'].length;

/** A member's memberships, newest first. */
const MEMBERSHIPS_NEWEST: SortKey[] = [
  { sql: 'ms.joined_at', direction: 'DESC', type: 'timestamp' },
  { sql: 'ms.community_id', direction: 'DESC', type: 'uuid' },
];

export interface DirectoryFilter {
  participantType?: ParticipantType | null;
  professionId?: string | null;
  regionId?: string | null;
  role?: CommunityRole | null;
  search?: string | null;
}

/**
 * Every read membership's resolvers and loaders make. Batch reads take many keys and return
 * results in key order, one statement per batch; list reads are keyset pages, one statement
 * per page whatever its depth.
 */
export class ReadModel {
  private readonly run: Run;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock = systemClock,
  ) {
    this.run = (sql, params) => db.query(sql, params);
  }

  // ---- batches by key -------------------------------------------------------------------

  networks(ids: readonly string[]) {
    return this.byIds(NetworkEntity, 'networks', ids);
  }

  communities(ids: readonly string[]) {
    return this.byIds(CommunityEntity, 'communities', ids);
  }

  members(ids: readonly string[]) {
    return this.byIds(MemberEntity, 'members', ids);
  }

  terms(ids: readonly string[]) {
    return this.byIds(TermEntity, 'vocabulary_terms', ids);
  }

  accounts(memberIds: readonly string[]) {
    return this.byIds(AccountEntity, 'accounts', memberIds, 'member_id', 'memberId');
  }

  async questions(communityIds: readonly string[]): Promise<ApplicationQuestionEntity[][]> {
    const rows = await this.select<ApplicationQuestionEntity>(ApplicationQuestionEntity, 'q', 'application_questions q WHERE q.community_id = ANY($1::uuid[]) ORDER BY q.position', [communityIds.filter(isUuid)]);
    return communityIds.map((id) => rows.filter((row) => row.communityId === id));
  }

  async memberCounts(communityIds: readonly string[]): Promise<number[]> {
    const rows: { community_id: string; count: number }[] = await this.db.query(
      `SELECT community_id, count(*)::int AS count FROM memberships WHERE community_id = ANY($1::uuid[]) AND status = 'ACTIVE' GROUP BY community_id`,
      [communityIds.filter(isUuid)],
    );
    return inKeyOrder(communityIds, rows, (row) => row.community_id).map((row) => row?.count ?? 0);
  }

  /** Memberships by "communityId:memberId" keys. */
  async memberships(keys: readonly string[]): Promise<(MembershipEntity | null)[]> {
    const pairs = keys.map((key) => key.split(':') as [string, string]).filter(([c, m]) => isUuid(c) && isUuid(m));
    const rows = await this.select<MembershipEntity>(
      MembershipEntity,
      'ms',
      'memberships ms JOIN unnest($1::uuid[], $2::uuid[]) AS k(c, m) ON ms.community_id = k.c AND ms.member_id = k.m',
      [pairs.map(([c]) => c), pairs.map(([, m]) => m)],
    );
    return inKeyOrder(keys, rows, (row) => `${row.communityId}:${row.memberId}`);
  }

  /** Network profiles by "memberId:networkId" keys. */
  async networkProfiles(keys: readonly string[]): Promise<(NetworkProfileEntity | null)[]> {
    const pairs = keys.map((key) => key.split(':') as [string, string]).filter(([m, n]) => isUuid(m) && isUuid(n));
    const rows = await this.select<NetworkProfileEntity>(
      NetworkProfileEntity,
      'p',
      'member_network_profiles p JOIN unnest($1::uuid[], $2::uuid[]) AS k(m, n) ON p.member_id = k.m AND p.network_id = k.n',
      [pairs.map(([m]) => m), pairs.map(([, n]) => n)],
    );
    return inKeyOrder(keys, rows, (row) => `${row.memberId}:${row.networkId}`);
  }

  async networkProfilesOf(memberId: string): Promise<NetworkProfileEntity[]> {
    return this.select<NetworkProfileEntity>(NetworkProfileEntity, 'p', 'member_network_profiles p WHERE p.member_id = $1 ORDER BY p.network_id', [memberId]);
  }

  /** The latest join request per "communityId:memberId" key. */
  async latestJoinRequests(keys: readonly string[]): Promise<(JoinRequestEntity | null)[]> {
    const pairs = keys.map((key) => key.split(':') as [string, string]).filter(([c, m]) => isUuid(c) && isUuid(m));
    const rows = await this.select<JoinRequestEntity>(
      JoinRequestEntity,
      'j',
      `unnest($1::uuid[], $2::uuid[]) AS k(c, m)
       CROSS JOIN LATERAL (SELECT * FROM join_requests WHERE community_id = k.c AND member_id = k.m ORDER BY created_at DESC LIMIT 1) j`,
      [pairs.map(([c]) => c), pairs.map(([, m]) => m)],
    );
    return inKeyOrder(keys, rows, (row) => `${row.communityId}:${row.memberId}`);
  }

  /** A member's roles per "networkId:memberId" key. */
  async networkRoles(keys: readonly string[]): Promise<NetworkRole[][]> {
    const pairs = keys.map((key) => key.split(':') as [string, string]).filter(([n, m]) => isUuid(n) && isUuid(m));
    const rows: { network_id: string; member_id: string; role: NetworkRole }[] = await this.db.query(
      `SELECT nr.network_id, nr.member_id, nr.role FROM network_roles nr
       JOIN unnest($1::uuid[], $2::uuid[]) AS k(n, m) ON nr.network_id = k.n AND nr.member_id = k.m ORDER BY nr.role`,
      [pairs.map(([n]) => n), pairs.map(([, m]) => m)],
    );
    return keys.map((key) => rows.filter((row) => `${row.network_id}:${row.member_id}` === key).map((row) => row.role));
  }

  async networkRoleGrantsOf(memberId: string): Promise<NetworkRoleEntity[]> {
    return this.select<NetworkRoleEntity>(NetworkRoleEntity, 'nr', 'network_roles nr WHERE nr.member_id = $1 ORDER BY nr.network_id, nr.role', [memberId]);
  }

  async networkBySlug(slug: string): Promise<NetworkEntity | null> {
    return this.db.manager.findOneBy(NetworkEntity, { slug });
  }

  async communityBySlug(networkSlug: string, slug: string): Promise<CommunityEntity | null> {
    const rows = await this.select<CommunityEntity>(CommunityEntity, 'c', 'communities c JOIN networks n ON n.id = c.network_id WHERE n.slug = $1 AND c.slug = $2', [networkSlug, slug]);
    return rows[0] ?? null;
  }

  async memberByHandle(handle: string): Promise<MemberEntity | null> {
    return this.db.manager.findOneBy(MemberEntity, { handle: handle.replace(/^@/, '') });
  }

  async vocabulary(networkId: string, kind: string, includeArchived: boolean): Promise<TermEntity[]> {
    return this.select<TermEntity>(
      TermEntity,
      't',
      `vocabulary_terms t WHERE t.network_id = $1 AND t.kind = $2 ${includeArchived ? '' : 'AND t.archived_at IS NULL'} ORDER BY t.position, lower(t.label), t.id`,
      [networkId, kind],
    );
  }

  // ---- keyset pages ---------------------------------------------------------------------

  networkPage(page: PageRequest): Promise<Connection<NetworkEntity>> {
    return this.page(NetworkEntity, 'n', { from: 'networks n', where: [], params: [], keys: [{ sql: 'lower(n.name)', direction: 'ASC', type: 'text' }, { sql: 'n.id', direction: 'ASC', type: 'uuid' }] }, page);
  }

  communityPage(networkId: string, page: PageRequest, options: { includeArchived: boolean; search?: string | null }): Promise<Connection<CommunityEntity>> {
    const where = ['c.network_id = $1'];
    const params: unknown[] = [networkId];
    if (!options.includeArchived) where.push('c.archived_at IS NULL');
    if (options.search?.trim()) {
      params.push(`%${escapeLike(options.search.trim())}%`);
      where.push(`(c.name ILIKE $${params.length} OR c.domain_statement ILIKE $${params.length})`);
    }
    return this.page(CommunityEntity, 'c', { from: 'communities c', where, params, keys: [{ sql: 'lower(c.name)', direction: 'ASC', type: 'text' }, { sql: 'c.id', direction: 'ASC', type: 'uuid' }] }, page);
  }

  /**
   * The member directory. `seeHidden` is true for coordinators and admins: only they may
   * filter on the participant type of members who hide it.
   */
  directoryPage(communityId: string, networkId: string, page: PageRequest, filter: DirectoryFilter, order: 'NAME' | 'JOINED_AT', seeHidden: boolean): Promise<Counted<MembershipEntity>> {
    const where = [`ms.community_id = $1`, `ms.status = 'ACTIVE'`];
    const params: unknown[] = [communityId];
    const add = (value: unknown, condition: (param: string) => string) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (filter.participantType) {
      add(filter.participantType, (p) => `m.participant_type = ${p}`);
      if (!seeHidden) where.push('m.participant_type_hidden = false');
    }
    if (filter.role) add(filter.role, (p) => `ms.role = ${p}`);
    if (filter.professionId || filter.regionId) {
      params.push(networkId);
      const networkParam = `$${params.length}`;
      const profile: string[] = [];
      if (filter.professionId) {
        params.push(isUuid(filter.professionId) ? filter.professionId : null);
        profile.push(`p.profession_term_id = $${params.length}`);
      }
      if (filter.regionId) {
        params.push(isUuid(filter.regionId) ? filter.regionId : null);
        profile.push(`p.region_term_id = $${params.length}`);
      }
      where.push(`EXISTS (SELECT 1 FROM member_network_profiles p WHERE p.member_id = ms.member_id AND p.network_id = ${networkParam} AND ${profile.join(' AND ')})`);
    }
    if (filter.search?.trim()) {
      add(`%${escapeLike(filter.search.trim().replace(/^@/, ''))}%`, (p) => `(coalesce(m.display_name, '') || ' ' || coalesce(m.handle::text, '')) ILIKE ${p}`);
    }
    const keys: SortKey[] =
      order === 'NAME'
        ? [{ sql: 'lower(m.display_name)', direction: 'ASC', type: 'text' }, { sql: 'm.id', direction: 'ASC', type: 'uuid' }]
        : [{ sql: 'ms.joined_at', direction: 'DESC', type: 'timestamp' }, { sql: 'ms.member_id', direction: 'DESC', type: 'uuid' }];
    const query: Omit<KeysetQuery, 'select'> = { from: 'memberships ms JOIN members m ON m.id = ms.member_id', where, params, keys };
    return this.counted(this.page(MembershipEntity, 'ms', query, page), query);
  }

  /**
   * Memberships of many members at once (for `Member.memberships` across a list of members):
   * one statement with a lateral join, so the cost does not grow with the number of members.
   * Only communities the viewer may see appear, unless the member is the viewer.
   */
  async membershipsOfMembers(memberIds: readonly string[], page: PageRequest, viewerId: string | null): Promise<Connection<MembershipEntity>[]> {
    const cursor = cursorValues(MEMBERSHIPS_NEWEST, page);
    const cursorCondition = cursor ? `AND (ms.joined_at, ms.community_id) < ($3::timestamptz, $4::uuid)` : '';
    const select = selectColumns(this.db, MembershipEntity, 'ms');
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT k.id AS "__owner", x.* FROM unnest($1::uuid[]) AS k(id)
       CROSS JOIN LATERAL (
         SELECT ${select}, ms.joined_at::text AS "__k0", ms.community_id::text AS "__k1"
         FROM memberships ms JOIN communities c ON c.id = ms.community_id
         WHERE ms.member_id = k.id AND ms.status = 'ACTIVE'
           AND (k.id = $2 OR c.visibility = 'PUBLIC'
                OR EXISTS (SELECT 1 FROM memberships v WHERE v.community_id = c.id AND v.member_id = $2 AND v.status = 'ACTIVE'))
           ${cursorCondition}
         ORDER BY ms.joined_at DESC, ms.community_id DESC
         LIMIT ${page.limit + 1}
       ) x`,
      [memberIds.filter(isUuid), viewerId, ...(cursor ?? [])],
    );
    return memberIds.map((id) => {
      const own = rows.filter((row) => row.__owner === id);
      const cursors = new Map<unknown, unknown[]>();
      const records = own.map((row) => {
        const { __owner: _owner, __k0, __k1, ...record } = row;
        cursors.set(record, [__k0, __k1]);
        return record as unknown as MembershipEntity;
      });
      const hasMore = records.length > page.limit;
      const slice = records.slice(0, page.limit);
      return {
        nodes: slice,
        edges: slice.map((node) => ({ node, cursor: Buffer.from(JSON.stringify(cursors.get(node))).toString('base64url') })),
        pageInfo: {
          hasNextPage: hasMore,
          hasPreviousPage: page.cursor !== null,
          startCursor: slice.length ? Buffer.from(JSON.stringify(cursors.get(slice[0]))).toString('base64url') : null,
          endCursor: slice.length ? Buffer.from(JSON.stringify(cursors.get(slice[slice.length - 1]))).toString('base64url') : null,
        },
      };
    });
  }

  async membershipCountsOfMembers(memberIds: readonly string[], viewerId: string | null): Promise<number[]> {
    const rows: { member_id: string; count: number }[] = await this.db.query(
      `SELECT ms.member_id, count(*)::int AS count
       FROM memberships ms JOIN communities c ON c.id = ms.community_id
       WHERE ms.member_id = ANY($1::uuid[]) AND ms.status = 'ACTIVE'
         AND (ms.member_id = $2 OR c.visibility = 'PUBLIC'
              OR EXISTS (SELECT 1 FROM memberships v WHERE v.community_id = c.id AND v.member_id = $2 AND v.status = 'ACTIVE'))
       GROUP BY ms.member_id`,
      [memberIds.filter(isUuid), viewerId],
    );
    return inKeyOrder(memberIds, rows, (row) => row.member_id).map((row) => row?.count ?? 0);
  }

  viewerMembershipPage(memberId: string, page: PageRequest, status?: MembershipStatus | null): Promise<Counted<MembershipEntity>> {
    const where = ['ms.member_id = $1'];
    const params: unknown[] = [memberId];
    if (status) {
      params.push(status);
      where.push(`ms.status = $2`);
    }
    const query = { from: 'memberships ms', where, params, keys: MEMBERSHIPS_NEWEST };
    return this.counted(this.page(MembershipEntity, 'ms', query, page), query);
  }

  /** `order` by default: a coordinator's queue reads oldest first; a member's own list, newest first. */
  joinRequestPage(scope: { communityId?: string; memberId?: string }, status: JoinRequestStatus | null | undefined, page: PageRequest, order?: JoinRequestOrder | null): Promise<Counted<JoinRequestEntity>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (scope.communityId) {
      params.push(scope.communityId);
      where.push(`j.community_id = $${params.length}`);
    }
    if (scope.memberId !== undefined) {
      // An id that is no uuid names nobody: an empty page, not a failed statement.
      params.push(isUuid(scope.memberId) ? scope.memberId : null);
      where.push(`j.member_id = $${params.length}`);
    }
    if (status) {
      params.push(status);
      where.push(`j.status = $${params.length}`);
    }
    const query = { from: 'join_requests j', where, params, keys: JOIN_REQUEST_ORDERS[order ?? (scope.communityId ? 'OLDEST_FIRST' : 'NEWEST_FIRST')] };
    return this.counted(this.page(JoinRequestEntity, 'j', query, page), query);
  }

  invitationPage(communityId: string, status: InvitationStatus | null | undefined, page: PageRequest): Promise<Connection<InvitationEntity>> {
    const where = ['i.community_id = $1'];
    const params: unknown[] = [communityId];
    // Expiry is the clock's, as in invitationStatus, so a listing and a status always agree.
    const now = () => `$${params.push(this.clock.now())}`;
    const conditions: Record<InvitationStatus, () => string> = {
      PENDING: () => `i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ${now()}`,
      ACCEPTED: () => 'i.accepted_at IS NOT NULL',
      REVOKED: () => 'i.revoked_at IS NOT NULL',
      EXPIRED: () => `i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at <= ${now()}`,
    };
    if (status) where.push(conditions[status]());
    return this.page(InvitationEntity, 'i', { from: 'invitations i', where, params, keys: [{ sql: 'i.created_at', direction: 'DESC', type: 'timestamp' }, { sql: 'i.id', direction: 'DESC', type: 'uuid' }] }, page);
  }

  /**
   * A community's membership record, with its declined join requests as JOIN_REQUEST_DECLINED
   * entries read from the requests themselves: the decision is recorded once, where it is made.
   */
  historyPage(communityId: string, page: PageRequest): Promise<Connection<MembershipHistoryEntity>> {
    const from = `(SELECT id, community_id, member_id, change, role, actor_id, reason, occurred_at FROM membership_history
       UNION ALL SELECT id, community_id, member_id, 'JOIN_REQUEST_DECLINED', NULL, decided_by, decline_reason, decided_at FROM join_requests WHERE status = 'DECLINED') h`;
    return this.page(MembershipHistoryEntity, 'h', { from, where: ['h.community_id = $1'], params: [communityId], keys: [{ sql: 'h.occurred_at', direction: 'DESC', type: 'timestamp' }, { sql: 'h.id', direction: 'DESC', type: 'uuid' }] }, page);
  }

  roleGrantPage(networkId: string, role: NetworkRole | null | undefined, page: PageRequest): Promise<Connection<NetworkRoleEntity>> {
    const where = ['nr.network_id = $1'];
    const params: unknown[] = [networkId];
    if (role) {
      params.push(role);
      where.push('nr.role = $2');
    }
    return this.page(NetworkRoleEntity, 'nr', { from: 'network_roles nr', where, params, keys: [{ sql: 'nr.granted_at', direction: 'ASC', type: 'timestamp' }, { sql: 'nr.member_id', direction: 'ASC', type: 'uuid' }, { sql: 'nr.role', direction: 'ASC', type: 'text' }] }, page);
  }

  // ---- helpers --------------------------------------------------------------------------

  private page<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string, query: Omit<KeysetQuery, 'select'>, page: PageRequest): Promise<Connection<E>> {
    return fetchKeysetPage<E>(this.run, { ...query, select: selectColumns(this.db, entity, alias) }, page);
  }

  /** Adds a lazy `totalCount`: the count query runs only if a client asks for the field. */
  private async counted<E>(connection: Promise<Connection<E>>, query: Pick<KeysetQuery, 'from' | 'where' | 'params'>): Promise<Counted<E>> {
    return { ...(await connection), totalCount: () => countRows(this.run, query) };
  }

  private async byIds<E extends ObjectLiteral>(entity: EntityTarget<E>, table: string, ids: readonly string[], column = 'id', property = 'id'): Promise<(E | null)[]> {
    const rows = await this.select<E>(entity, 't', `${table} t WHERE t.${column} = ANY($1::uuid[])`, [ids.filter(isUuid)]);
    return inKeyOrder(ids, rows, (row) => row[property] as string);
  }

  private async select<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string, fromAndRest: string, params: unknown[]): Promise<E[]> {
    return this.db.query(`SELECT ${selectColumns(this.db, entity, alias)} FROM ${fromAndRest}`, params);
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export type MembershipPage = Counted<MembershipEntity>;
export type JoinRequestPage = Counted<JoinRequestEntity>;
