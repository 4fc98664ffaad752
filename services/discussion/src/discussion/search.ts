import { errors, keyset, toConnection, type Access, type Connection, type PageRequest, type SortKey } from '@praxis/platform';
import { PostEntity } from '../entities';
import { Params } from './paging';
import type { ReadModel } from './read-model';
import type { SearchHit } from './records';
import { isUuid, LIMITS, tagsSchema } from './validation';

export interface SearchFilter {
  communityId?: string | null;
  forumId?: string | null;
  tag?: string | null;
  authorId?: string | null;
  from?: Date | string | null;
  to?: Date | string | null;
}

const MARK_START = '\u0002';
const MARK_END = '\u0003';
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "`;

const empty = (): Connection<SearchHit> => ({ edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });

/**
 * Full-text search with PostgreSQL: a generated tsvector per post (title weighted above body)
 * under a GIN index, websearch syntax for the query, ts_rank for order and ts_headline for
 * snippets, always limited to the communities the viewer may read right now.
 */
export class Search {
  constructor(private readonly read: ReadModel) {}

  async search(access: Access, rawQuery: string, filter: SearchFilter, page: PageRequest): Promise<Connection<SearchHit>> {
    const text = rawQuery.trim();
    if (text.length === 0) throw errors.badInput('query', 'Enter something to search for.');
    if (text.length > LIMITS.searchQuery) throw errors.badInput('query', `Search for at most ${LIMITS.searchQuery} characters.`);
    const from = toDate(filter.from, 'filter.from');
    const to = toDate(filter.to, 'filter.to');
    if (from && to && to <= from) throw errors.badInput('filter.to', 'The end must come after the start.');
    let tag: string | null = null;
    if (filter.tag != null) {
      const parsed = tagsSchema.safeParse([filter.tag]);
      if (!parsed.success) throw errors.badInput('filter.tag', parsed.error.issues[0]?.message ?? 'Not a tag.');
      tag = parsed.data[0]!;
    }
    for (const id of [filter.communityId, filter.forumId, filter.authorId]) if (id != null && !isUuid(id)) return empty();
    let communities = await access.readableCommunityIds();
    if (filter.communityId != null) communities = communities.filter((id) => id === filter.communityId);
    if (communities.length === 0) return empty();

    const params = new Params();
    const query = params.add(text);
    // Only published posts are found. Their thread needs no check: replies exist only in threads
    // that were published, and stay readable, in place, if the thread is later hidden or deleted.
    const where = ['p.search_vector @@ q.query', `p.community_id = ANY(${params.add(communities)}::uuid[])`, `p.status = 'PUBLISHED'`];
    const thread: string[] = [];
    if (filter.forumId != null) thread.push(`t.forum_id = ${params.add(filter.forumId)}`);
    if (tag) thread.push(`t.tags @> ARRAY[${params.add(tag)}::text]`);
    if (thread.length > 0) where.push(`EXISTS (SELECT 1 FROM threads t WHERE t.id = p.thread_id AND ${thread.join(' AND ')})`);
    if (filter.authorId != null) where.push(`p.author_id = ${params.add(filter.authorId)}`);
    if (from) where.push(`p.created_at >= ${params.add(from)}`);
    if (to) where.push(`p.created_at < ${params.add(to)}`);
    const keys: SortKey[] = [{ sql: 'ts_rank(p.search_vector, q.query)', direction: 'DESC', type: 'real' }, { sql: 'p.id', direction: 'DESC', type: 'uuid' }];
    const cursor = keyset(keys, page, params.values.length + 1);
    params.values.push(...cursor.params);
    if (cursor.where) where.push(cursor.where);
    const headline = params.add(HEADLINE_OPTIONS);
    // Ranking needs every match, but headlines are costly, so they are made for the page only.
    const rows: (PostEntity & { __rank: number; __k0: string; __k1: string; __headline: string })[] = await this.read.run(
      `WITH q AS (SELECT websearch_to_tsquery('english', ${query}) AS query)
       SELECT page.*, ts_headline('english', page."bodyText", q.query, ${headline}) AS "__headline"
       FROM (
         SELECT ${this.read.columns(PostEntity, 'p')}, ts_rank(p.search_vector, q.query) AS "__rank",
                (ts_rank(p.search_vector, q.query))::text AS "__k0", p.id::text AS "__k1"
         FROM posts p CROSS JOIN q
         WHERE ${where.join(' AND ')}
         ORDER BY ${cursor.orderBy}
         LIMIT ${page.limit + 1}
       ) page CROSS JOIN q`,
      params.values,
    ) as never;
    // The outer select does not promise the inner order, so the page is put back in it here.
    rows.sort((a, b) => (page.backward ? 1 : -1) * (a.__rank - b.__rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    const cursors = new Map<SearchHit, unknown[]>();
    const hits = rows.map((row) => {
      const { __rank, __k0, __k1, __headline, ...post } = row;
      const hit: SearchHit = { post: post as PostEntity, rank: Number(__rank), headline: __headline };
      cursors.set(hit, [__k0, __k1]);
      return hit;
    });
    return toConnection(hits, page, (hit) => cursors.get(hit)!);
  }
}

/** A headline as plain text, its marks removed. */
export function snippetText(headline: string): string {
  return headline.replaceAll(MARK_START, '').replaceAll(MARK_END, '');
}

/** A headline as HTML: everything escaped, then the marks turned into <mark>. */
export function snippetHtml(headline: string): string {
  return headline
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_END, '</mark>');
}

function toDate(value: Date | string | null | undefined, field: string): Date | null {
  if (value == null) return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw errors.badInput(field, 'Not a date and time.');
  return date;
}
