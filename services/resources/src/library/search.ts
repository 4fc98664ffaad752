import { z } from 'zod';
import { countRows, parseInput, type Connection, type PageRequest, type SortKey } from '@praxis/platform';
import type { ResourceEntity } from '../entities';
import { LISTED, type ReadModel } from './read-model';
import { audienceSchema, idSchema, kindSchema, languageSchema, MAX_SEARCH_LENGTH } from './validation';

export type ResourceOrder = 'NEWEST' | 'MOST_VIEWED' | 'MOST_HELPFUL';

/** Where a search looks: one community's library, or every readable library of a network. */
export type LibraryScope =
  | { kind: 'community'; communityId: string }
  | { kind: 'network'; networkId: string; readableCommunityIds: string[] };

const idList = z.array(idSchema).max(100, 'Choose at most 100.');

const filterSchema = z
  .object({
    search: z.string().max(MAX_SEARCH_LENGTH, `Search with at most ${MAX_SEARCH_LENGTH} characters.`).nullish(),
    kinds: z.array(kindSchema).nullish(),
    audiences: z.array(audienceSchema).nullish(),
    topicIds: idList.nullish(),
    tagIds: idList.nullish(),
    communityIds: idList.nullish(),
    sharedNetworkWide: z.boolean().nullish(),
    language: languageSchema.nullish(),
  })
  .nullish();

export type LibraryFilter = NonNullable<z.infer<typeof filterSchema>>;

const DIMENSIONS = ['kind', 'audience', 'topic', 'tag', 'community'] as const;
type Dimension = (typeof DIMENSIONS)[number];

export interface FacetCounts {
  total: number;
  kinds: { kind: ResourceEntity['kind']; count: number }[];
  audiences: { audience: ResourceEntity['audience']; count: number }[];
  topics: { topicId: string; count: number }[];
  tags: { tagId: string; count: number }[];
  communities: { communityId: string | null; count: number }[];
}

export interface LibraryPage extends Connection<ResourceEntity> {
  totalCount: () => Promise<number>;
  facets: () => Promise<FacetCounts>;
}

interface BuiltQuery {
  /** Scope, status, search and language: what every facet shares. */
  base: string[];
  /** Each facet's own filter, or null when it is not filtered. */
  dimensions: Record<Dimension, string | null>;
  params: unknown[];
}

const ORDER_KEYS: Record<ResourceOrder, SortKey[]> = {
  NEWEST: [{ sql: 'r.created_at', direction: 'DESC', type: 'timestamp' }, { sql: 'r.id', direction: 'DESC', type: 'uuid' }],
  MOST_VIEWED: [{ sql: 'r.view_count', direction: 'DESC', type: 'integer' }, { sql: 'r.id', direction: 'DESC', type: 'uuid' }],
  MOST_HELPFUL: [{ sql: 'r.helpful_count', direction: 'DESC', type: 'integer' }, { sql: 'r.id', direction: 'DESC', type: 'uuid' }],
};

/**
 * Library search. A page is one statement; its total and every facet's counts are one more,
 * run only when asked for. Facets count with every filter except their own (so a count is what
 * choosing that value alone within the facet would find), over the same scope and search.
 */
export class LibrarySearch {
  constructor(private readonly read: ReadModel) {}

  parseFilter(raw: unknown): LibraryFilter {
    return parseInput(filterSchema, raw, 'filter') ?? {};
  }

  page(scope: LibraryScope, filter: LibraryFilter, order: ResourceOrder, page: PageRequest): Promise<LibraryPage> {
    const built = this.build(scope, filter);
    const where = [...built.base, ...Object.values(built.dimensions).filter((condition): condition is string => condition !== null)];
    let counts: Promise<FacetCounts> | undefined;
    const facets = () => (counts ??= this.facets(built));
    return this.read.resourcePage(where, built.params, ORDER_KEYS[order], page).then((connection) => ({
      ...connection,
      facets,
      totalCount: () => facets().then((result) => result.total),
    }));
  }

  /** The number of resources matching, as a plain count: tests compare facets with it. */
  count(scope: LibraryScope, filter: LibraryFilter): Promise<number> {
    const built = this.build(scope, filter);
    const where = [...built.base, ...Object.values(built.dimensions).filter((condition): condition is string => condition !== null)];
    return countRows(this.read.run, { from: 'resources r', where, params: built.params });
  }

  private async facets(built: BuiltQuery): Promise<FacetCounts> {
    const flag = (dimension: Dimension) => `d_${dimension}`;
    const others = (dimension: Dimension | null) => {
      const conditions = DIMENSIONS.filter((other) => other !== dimension).map(flag);
      return conditions.join(' AND ');
    };
    const flags = DIMENSIONS.map((dimension) => `${built.dimensions[dimension] ?? 'true'} AS ${flag(dimension)}`).join(', ');
    const rows: { facet: string; value: string | null; count: number }[] = await this.read.run(
      `WITH c AS (
         SELECT r.id, r.kind, r.audience, r.community_id, ${flags}
         FROM resources r WHERE ${built.base.join(' AND ')}
       )
       SELECT 'kind' AS facet, c.kind AS value, count(*)::int AS count FROM c WHERE ${others('kind')} GROUP BY c.kind
       UNION ALL
       SELECT 'audience', c.audience, count(*)::int FROM c WHERE ${others('audience')} GROUP BY c.audience
       UNION ALL
       SELECT 'topic', rt.topic_id::text, count(*)::int FROM c JOIN resource_topics rt ON rt.resource_id = c.id WHERE ${others('topic')} GROUP BY rt.topic_id
       UNION ALL
       SELECT 'tag', rg.tag_id::text, count(*)::int FROM c JOIN resource_tags rg ON rg.resource_id = c.id WHERE ${others('tag')} GROUP BY rg.tag_id
       UNION ALL
       SELECT 'community', c.community_id::text, count(*)::int FROM c WHERE ${others('community')} GROUP BY c.community_id
       UNION ALL
       SELECT 'total', NULL, count(*)::int FROM c WHERE ${others(null)}`,
      built.params,
    ) as never;
    const of = (facet: string) => rows.filter((row) => row.facet === facet);
    const byCount = <T extends { count: number }>(items: T[], tie: (item: T) => string) => items.sort((a, b) => b.count - a.count || tie(a).localeCompare(tie(b)));
    return {
      total: of('total')[0]?.count ?? 0,
      kinds: byCount(of('kind').map((row) => ({ kind: row.value as ResourceEntity['kind'], count: row.count })), (item) => item.kind),
      audiences: byCount(of('audience').map((row) => ({ audience: row.value as ResourceEntity['audience'], count: row.count })), (item) => item.audience),
      topics: of('topic').map((row) => ({ topicId: row.value!, count: row.count })),
      tags: of('tag').map((row) => ({ tagId: row.value!, count: row.count })),
      communities: byCount(of('community').map((row) => ({ communityId: row.value, count: row.count })), (item) => item.communityId ?? ''),
    };
  }

  private build(scope: LibraryScope, filter: LibraryFilter): BuiltQuery {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const base = [LISTED];
    if (scope.kind === 'community') {
      base.push(`r.community_id = ${param(scope.communityId)}`);
    } else {
      base.push(`r.network_id = ${param(scope.networkId)}`);
      // Shared resources are readable by anyone; community ones only where the viewer may read.
      base.push(`(r.community_id IS NULL OR r.community_id = ANY(${param(scope.readableCommunityIds)}::uuid[]))`);
    }
    const search = filter.search?.trim();
    if (search) base.push(`r.search_vector @@ websearch_to_tsquery('english', ${param(search)})`);
    if (filter.language) base.push(`r.language = ${param(filter.language)}`);

    const any = <T>(values: T[] | null | undefined) => (values && values.length > 0 ? values : null);
    const kinds = any(filter.kinds);
    const audiences = any(filter.audiences);
    const topics = any(filter.topicIds);
    const tags = any(filter.tagIds);
    const communities = any(filter.communityIds);
    let community: string | null = null;
    if (communities || filter.sharedNetworkWide) {
      const alternatives: string[] = [];
      if (communities) alternatives.push(`r.community_id = ANY(${param(communities)}::uuid[])`);
      if (filter.sharedNetworkWide) alternatives.push('r.community_id IS NULL');
      community = `(${alternatives.join(' OR ')})`;
    }
    return {
      base,
      params,
      dimensions: {
        kind: kinds ? `r.kind = ANY(${param(kinds)}::text[])` : null,
        audience: audiences ? `r.audience = ANY(${param(audiences)}::text[])` : null,
        topic: topics ? `EXISTS (SELECT 1 FROM resource_topics ft WHERE ft.resource_id = r.id AND ft.topic_id = ANY(${param(topics)}::uuid[]))` : null,
        tag: tags ? `EXISTS (SELECT 1 FROM resource_tags fg WHERE fg.resource_id = r.id AND fg.tag_id = ANY(${param(tags)}::uuid[]))` : null,
        community,
      },
    };
  }
}
