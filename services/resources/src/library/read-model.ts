import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { encodeCursor, fetchKeysetPage, groupInKeyOrder, inKeyOrder, keyset, selectColumns, type Connection, type PageInfo, type PageRequest, type Run, type SortKey } from '@praxis/platform';
import {
  LibrarySettingsEntity,
  LibraryTagEntity,
  ResourceCollectionEntity,
  ResourceEntity,
  ResourceEventLinkEntity,
  ResourceFileEntity,
  ResourceRevisionEntity,
  TopicTermEntity,
  EventRefEntity,
} from '../entities';
import { isUuid } from './validation';

/** A page of many owners' children, fetched in one statement. */
export interface LateralQuery {
  /** The select list of the child rows. */
  select: string;
  /** FROM and JOINs; `k.owner` is the owner's id. */
  from: string;
  /** Conditions joined with AND; parameters numbered from $2 ($1 is the owners). */
  where: string[];
  params: unknown[];
  keys: SortKey[];
}

/** A page whose edges carry more than a cursor and a node. */
export interface EdgePage<E> {
  edges: E[];
  pageInfo: PageInfo;
}

export interface BookmarkEdgeRecord {
  cursor: string;
  node: ResourceEntity;
  bookmarkedAt: Date;
}

export interface EventResourceEdgeRecord {
  cursor: string;
  node: ResourceEntity;
  role: ResourceEventLinkEntity['role'];
  linkedAt: Date;
}

/** Resources listed in a library: published and not deleted. */
export const LISTED = `r.status = 'PUBLISHED' AND r.deleted_at IS NULL`;

/**
 * Every read the library's resolvers and loaders make. Batch reads take many keys and return
 * results in key order, one statement per batch; list reads are keyset pages, one statement per
 * page whatever its depth, and nested lists of many owners share one statement.
 */
export class ReadModel {
  readonly run: Run;

  constructor(private readonly db: DataSource) {
    this.run = (sql, params) => db.query(sql, params);
  }

  /** The resource columns under their property names; the date stays text so no zone shifts it. */
  resourceSelect(alias = 'r'): string {
    return selectColumns(this.db, ResourceEntity, alias).replace(`${alias}.published_on AS`, `${alias}.published_on::text AS`);
  }

  // ---- batches by key -------------------------------------------------------------------

  /** Resources by id, deleted ones included: callers decide what the viewer may see. */
  async resources(ids: readonly string[]): Promise<(ResourceEntity | null)[]> {
    const rows = await this.select<ResourceEntity>(`SELECT ${this.resourceSelect()} FROM resources r WHERE r.id = ANY($1::uuid[])`, [ids.filter(isUuid)]);
    return inKeyOrder(ids, rows, (row) => row.id);
  }

  files(ids: readonly string[]) {
    return this.byIds(ResourceFileEntity, 'resource_files', ids);
  }

  topics(ids: readonly string[]) {
    return this.byIds(TopicTermEntity, 'topic_terms', ids);
  }

  tags(ids: readonly string[]) {
    return this.byIds(LibraryTagEntity, 'library_tags', ids);
  }

  collections(ids: readonly string[]) {
    return this.byIds(ResourceCollectionEntity, 'resource_collections', ids);
  }

  eventRefs(ids: readonly string[]) {
    return this.byIds(EventRefEntity, 'event_refs', ids, 'event_id', 'eventId');
  }

  async topicsOfResources(resourceIds: readonly string[]): Promise<TopicTermEntity[][]> {
    const rows = await this.select<TopicTermEntity & { owner: string }>(
      `SELECT rt.resource_id AS owner, ${selectColumns(this.db, TopicTermEntity, 't')}
       FROM resource_topics rt JOIN topic_terms t ON t.id = rt.topic_id
       WHERE rt.resource_id = ANY($1::uuid[]) ORDER BY t.position, lower(t.label), t.id`,
      [resourceIds.filter(isUuid)],
    );
    return groupInKeyOrder(resourceIds, rows);
  }

  async tagsOfResources(resourceIds: readonly string[]): Promise<LibraryTagEntity[][]> {
    const rows = await this.select<LibraryTagEntity & { owner: string }>(
      `SELECT rg.resource_id AS owner, ${selectColumns(this.db, LibraryTagEntity, 't')}
       FROM resource_tags rg JOIN library_tags t ON t.id = rg.tag_id
       WHERE rg.resource_id = ANY($1::uuid[]) ORDER BY t.position, lower(t.label), t.id`,
      [resourceIds.filter(isUuid)],
    );
    return groupInKeyOrder(resourceIds, rows);
  }

  async eventLinksOfResources(resourceIds: readonly string[]): Promise<(ResourceEventLinkEntity & { communityId: string })[][]> {
    const rows = await this.select<ResourceEventLinkEntity & { communityId: string; owner: string }>(
      `SELECT l.resource_id AS owner, e.community_id AS "communityId", ${selectColumns(this.db, ResourceEventLinkEntity, 'l')}
       FROM resource_event_links l JOIN event_refs e ON e.event_id = l.event_id AND NOT e.deleted
       WHERE l.resource_id = ANY($1::uuid[]) ORDER BY l.linked_at, l.event_id`,
      [resourceIds.filter(isUuid)],
    );
    return groupInKeyOrder(resourceIds, rows);
  }

  /** When the member bookmarked (or marked helpful) each resource; null when they did not. */
  async viewerMarks(table: 'resource_bookmarks' | 'resource_helpful_marks', memberId: string, resourceIds: readonly string[]): Promise<(Date | null)[]> {
    const column = table === 'resource_bookmarks' ? 'created_at' : 'marked_at';
    const rows: { resource_id: string; at: Date }[] = await this.db.query(
      `SELECT resource_id, ${column} AS at FROM ${table} WHERE member_id = $1 AND resource_id = ANY($2::uuid[])`,
      [memberId, resourceIds.filter(isUuid)],
    );
    return inKeyOrder(resourceIds, rows, (row) => row.resource_id).map((row) => row?.at ?? null);
  }

  async settings(communityIds: readonly string[]): Promise<(LibrarySettingsEntity | null)[]> {
    return this.byIds(LibrarySettingsEntity, 'library_settings', communityIds, 'community_id', 'communityId');
  }

  /** Each community's tag list, keyed "communityId:all" or "communityId:live". */
  async tagsOfCommunities(keys: readonly string[]): Promise<LibraryTagEntity[][]> {
    const communityIds = [...new Set(keys.map((key) => key.split(':')[0]!))].filter(isUuid);
    const rows = await this.select<LibraryTagEntity>(
      `SELECT ${selectColumns(this.db, LibraryTagEntity, 't')} FROM library_tags t WHERE t.community_id = ANY($1::uuid[]) ORDER BY t.position, lower(t.label), t.id`,
      [communityIds],
    );
    return keys.map((key) => {
      const [communityId, which] = key.split(':');
      return rows.filter((row) => row.communityId === communityId && (which === 'all' || row.archivedAt === null));
    });
  }

  async collectionItemCounts(collectionIds: readonly string[]): Promise<number[]> {
    const rows: { collection_id: string; count: number }[] = await this.db.query(
      `SELECT i.collection_id, count(*)::int AS count FROM resource_collection_items i JOIN resources r ON r.id = i.resource_id
       WHERE i.collection_id = ANY($1::uuid[]) AND ${LISTED} GROUP BY i.collection_id`,
      [collectionIds.filter(isUuid)],
    );
    return inKeyOrder(collectionIds, rows, (row) => row.collection_id).map((row) => row?.count ?? 0);
  }

  /** Daily counters of many resources over one range of days. */
  async dailyStatsOf(resourceIds: readonly string[], from: string, to: string): Promise<{ day: string; views: number; downloads: number }[][]> {
    const rows = await this.select<{ owner: string; day: string; views: number; downloads: number }>(
      `SELECT resource_id AS owner, day::text AS day, views, downloads FROM resource_daily_stats
       WHERE resource_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date ORDER BY day`,
      [resourceIds.filter(isUuid), from, to],
    );
    return groupInKeyOrder(resourceIds, rows);
  }

  // ---- keyset pages ---------------------------------------------------------------------

  /** One page of resources matching trusted conditions. */
  resourcePage(where: string[], params: unknown[], keys: SortKey[], page: PageRequest): Promise<Connection<ResourceEntity>> {
    return fetchKeysetPage<ResourceEntity>(this.run, { select: this.resourceSelect(), from: 'resources r', where, params, keys }, page);
  }

  featuredOf(communityIds: readonly string[], page: PageRequest): Promise<Connection<ResourceEntity>[]> {
    return this.lateral<ResourceEntity>(communityIds, page, {
      select: this.resourceSelect(),
      from: 'resources r',
      where: ['r.community_id = k.owner', 'r.featured_at IS NOT NULL', LISTED],
      params: [],
      keys: [{ sql: 'r.featured_at', direction: 'DESC', type: 'timestamp' }, { sql: 'r.id', direction: 'DESC', type: 'uuid' }],
    });
  }

  curationQueuesOf(communityIds: readonly string[], page: PageRequest): Promise<Connection<ResourceEntity>[]> {
    return this.lateral<ResourceEntity>(communityIds, page, {
      select: this.resourceSelect(),
      from: 'resources r',
      where: ['r.community_id = k.owner', `r.status = 'PENDING_REVIEW'`, 'r.deleted_at IS NULL'],
      params: [],
      keys: [{ sql: 'r.created_at', direction: 'ASC', type: 'timestamp' }, { sql: 'r.id', direction: 'ASC', type: 'uuid' }],
    });
  }

  brokenLinksPage(networkId: string, communityId: string | null, page: PageRequest) {
    const where = ['r.network_id = $1', `r.link_status = 'BROKEN'`, 'r.deleted_at IS NULL'];
    const params: unknown[] = [networkId];
    if (communityId) {
      params.push(communityId);
      where.push('r.community_id = $2');
    }
    return this.resourcePage(where, params, [{ sql: 'r.link_checked_at', direction: 'DESC', type: 'timestamp' }, { sql: 'r.id', direction: 'DESC', type: 'uuid' }], page);
  }

  collectionsOf(communityIds: readonly string[], page: PageRequest): Promise<Connection<ResourceCollectionEntity>[]> {
    return this.lateral<ResourceCollectionEntity>(communityIds, page, {
      select: selectColumns(this.db, ResourceCollectionEntity, 'c'),
      from: 'resource_collections c',
      where: ['c.community_id = k.owner'],
      params: [],
      keys: [{ sql: 'c.created_at', direction: 'ASC', type: 'timestamp' }, { sql: 'c.id', direction: 'ASC', type: 'uuid' }],
    });
  }

  /**
   * Contributions of many members at once. The member sees all of their own; others see what
   * is published where they may read, plus what is shared network-wide.
   */
  contributionsOf(memberIds: readonly string[], page: PageRequest, viewerId: string | null, readable: string[]): Promise<Connection<ResourceEntity>[]> {
    return this.lateral<ResourceEntity>(memberIds, page, {
      select: this.resourceSelect(),
      from: 'resources r',
      where: [
        'r.contributor_id = k.owner',
        'r.deleted_at IS NULL',
        `(k.owner = $2 OR (r.status = 'PUBLISHED' AND (r.community_id IS NULL OR r.community_id = ANY($3::uuid[]))))`,
      ],
      params: [viewerId, readable],
      keys: [{ sql: 'r.created_at', direction: 'DESC', type: 'timestamp' }, { sql: 'r.id', direction: 'DESC', type: 'uuid' }],
    });
  }

  revisionsOf(resourceIds: readonly string[], page: PageRequest): Promise<Connection<ResourceRevisionEntity>[]> {
    return this.lateral<ResourceRevisionEntity>(resourceIds, page, {
      select: selectColumns(this.db, ResourceRevisionEntity, 'v'),
      from: 'resource_revisions v',
      where: ['v.resource_id = k.owner'],
      params: [],
      keys: [{ sql: 'v.revision', direction: 'DESC', type: 'integer' }],
    });
  }

  collectionItemsOf(collectionIds: readonly string[], page: PageRequest): Promise<Connection<ResourceEntity>[]> {
    return this.lateral<ResourceEntity>(collectionIds, page, {
      select: this.resourceSelect(),
      from: 'resource_collection_items i JOIN resources r ON r.id = i.resource_id',
      where: ['i.collection_id = k.owner', LISTED],
      params: [],
      keys: [{ sql: 'i.position', direction: 'ASC', type: 'integer' }],
    });
  }

  async eventResourcesOf(eventIds: readonly string[], page: PageRequest): Promise<EdgePage<EventResourceEdgeRecord>[]> {
    const pages = await this.lateral<ResourceEntity & { __role: EventResourceEdgeRecord['role']; __linkedAt: Date }>(eventIds, page, {
      select: `${this.resourceSelect()}, l.role AS "__role", l.linked_at AS "__linkedAt"`,
      from: 'resource_event_links l JOIN resources r ON r.id = l.resource_id',
      where: ['l.event_id = k.owner', LISTED],
      params: [],
      keys: [{ sql: 'l.linked_at', direction: 'ASC', type: 'timestamp' }, { sql: 'l.resource_id', direction: 'ASC', type: 'uuid' }],
    });
    return pages.map((connection) => withEdgeFields(connection, (row) => ({ role: row.__role, linkedAt: row.__linkedAt })));
  }

  async bookmarksOf(memberId: string, page: PageRequest, readable: string[]): Promise<EdgePage<BookmarkEdgeRecord>> {
    const [connection] = await this.lateral<ResourceEntity & { __bookmarkedAt: Date }>([memberId], page, {
      select: `${this.resourceSelect()}, b.created_at AS "__bookmarkedAt"`,
      from: 'resource_bookmarks b JOIN resources r ON r.id = b.resource_id',
      where: ['b.member_id = k.owner', 'r.deleted_at IS NULL', `(r.community_id IS NULL OR r.community_id = ANY($2::uuid[]))`],
      params: [readable],
      keys: [{ sql: 'b.created_at', direction: 'DESC', type: 'timestamp' }, { sql: 'b.resource_id', direction: 'DESC', type: 'uuid' }],
    });
    return withEdgeFields(connection!, (row) => ({ bookmarkedAt: row.__bookmarkedAt }));
  }

  // ---- helpers --------------------------------------------------------------------------

  /**
   * Forward keyset pages of many owners in one statement: a lateral join runs the page query
   * once per owner inside PostgreSQL, so the cost does not grow in statements with owners.
   */
  async lateral<Row>(owners: readonly string[], page: PageRequest, query: LateralQuery): Promise<Connection<Row>[]> {
    const valid = owners.filter(isUuid);
    const firstCursorParam = query.params.length + 2;
    const forward: PageRequest = { ...page, backward: false };
    const { where: after, orderBy, params: cursorParams } = keyset(query.keys, forward, firstCursorParam);
    const conditions = [...query.where, ...(after ? [after] : [])];
    const sortColumns = query.keys.map((key, index) => `(${key.sql})::text AS "__k${index}"`).join(', ');
    const rows: Record<string, unknown>[] = valid.length
      ? await this.db.query(
          `SELECT k.owner AS "__owner", x.* FROM unnest($1::uuid[]) AS k(owner)
           CROSS JOIN LATERAL (
             SELECT ${query.select}, ${sortColumns} FROM ${query.from}
             WHERE ${conditions.join(' AND ')}
             ORDER BY ${orderBy} LIMIT ${page.limit + 1}
           ) x`,
          [valid, ...query.params, ...cursorParams],
        )
      : [];
    const byOwner = new Map<string, { record: Row; cursor: unknown[] }[]>();
    for (const row of rows) {
      const record: Record<string, unknown> = {};
      const cursor: unknown[] = [];
      for (const [key, value] of Object.entries(row)) {
        if (key === '__owner') continue;
        if (/^__k\d+$/.test(key)) cursor[Number(key.slice(3))] = value;
        else record[key] = value;
      }
      const list = byOwner.get(row.__owner as string) ?? [];
      list.push({ record: record as Row, cursor });
      byOwner.set(row.__owner as string, list);
    }
    return owners.map((owner) => {
      const list = byOwner.get(owner) ?? [];
      const slice = list.slice(0, page.limit);
      const edges = slice.map((item) => ({ node: item.record, cursor: encodeCursor(item.cursor) }));
      return {
        edges,
        nodes: edges.map((edge) => edge.node),
        pageInfo: {
          hasNextPage: list.length > page.limit,
          hasPreviousPage: page.cursor !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
    });
  }

  private async byIds<E extends ObjectLiteral>(entity: EntityTarget<E>, table: string, ids: readonly string[], column = 'id', property = 'id'): Promise<(E | null)[]> {
    const rows = await this.select<E>(`SELECT ${selectColumns(this.db, entity, 't')} FROM ${table} t WHERE t.${column} = ANY($1::uuid[])`, [ids.filter(isUuid)]);
    return inKeyOrder(ids, rows, (row) => row[property] as string);
  }

  private select<E>(sql: string, params: unknown[]): Promise<E[]> {
    return this.db.query(sql, params);
  }
}

/** Moves per-edge columns (prefixed `__`) from the node onto its edge. */
function withEdgeFields<Row extends ResourceEntity, Extra>(connection: Connection<Row>, extra: (row: Row) => Extra): EdgePage<{ cursor: string; node: ResourceEntity } & Extra> {
  const edges = connection.edges.map((edge) => {
    const node = { ...edge.node } as Record<string, unknown>;
    for (const key of Object.keys(node)) if (key.startsWith('__')) delete node[key];
    return { cursor: edge.cursor, node: node as unknown as ResourceEntity, ...extra(edge.node) };
  });
  return { edges, pageInfo: connection.pageInfo };
}
