import { keyset, toPageConnection, type Connection, type PageRequest, type Run, type SortKey } from '@praxis/platform';

/** Numbers query parameters as they are added, so fragments can be composed in any order. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface PageQuery {
  select: string;
  from: string;
  where: string[];
  /** Must be total (end with a unique column) and free of NULLs. */
  keys: SortKey[];
}

/**
 * One keyset page. The sort keys are selected as text so cursors keep full precision; the
 * keyset condition makes a deep page cost what the first one does.
 */
export async function fetchPage<Row>(run: Run, params: Params, query: PageQuery, page: PageRequest): Promise<Connection<Row>> {
  const { where, orderBy, params: cursorParams } = keyset(query.keys, page, params.values.length + 1);
  params.values.push(...cursorParams);
  const conditions = [...query.where, ...(where ? [where] : [])];
  const sortColumns = query.keys.map((key, index) => `(${key.sql})::text AS "__k${index}"`).join(', ');
  const sql = `SELECT ${query.select}, ${sortColumns} FROM ${query.from}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${orderBy} LIMIT ${page.limit + 1}`;
  return toPageConnection<Row>(await run(sql, params.values), page);
}

export interface ParentColumn {
  /** The name the page query uses as `k.<name>`. */
  name: string;
  /** The PostgreSQL element type, e.g. `uuid`. */
  type: string;
  values: unknown[];
}

/**
 * The same page for many parents in one statement: each parent row of `unnest(...)` (its columns
 * available as `k.<name>`) gets its own keyset page through a lateral join. This is what keeps a
 * list of communities, each with its threads, at a constant number of statements.
 * Returns one connection per parent row, in the order given.
 */
export async function fetchPagesPerParent<Row>(
  run: Run,
  parents: ParentColumn[],
  build: (params: Params) => PageQuery,
  page: PageRequest,
): Promise<Connection<Row>[]> {
  const count = parents[0]?.values.length ?? 0;
  if (count === 0) return [];
  const params = new Params();
  const columns = parents.map((column) => `${params.add(column.values)}::${column.type}[]`);
  const query = build(params);
  const { where, orderBy, params: cursorParams } = keyset(query.keys, page, params.values.length + 1);
  params.values.push(...cursorParams);
  const conditions = [...query.where, ...(where ? [where] : [])];
  const sortColumns = query.keys.map((key, index) => `(${key.sql})::text AS "__k${index}"`).join(', ');
  const sql = `SELECT k.__ord AS "__parent", x.* FROM unnest(${columns.join(', ')}) WITH ORDINALITY AS k(${parents.map((column) => column.name).join(', ')}, __ord)
    CROSS JOIN LATERAL (
      SELECT ${query.select}, ${sortColumns}, row_number() OVER (ORDER BY ${orderBy}) AS "__n"
      FROM ${query.from}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY ${orderBy} LIMIT ${page.limit + 1}
    ) x
    ORDER BY k.__ord, x."__n"`;
  const rows = await run(sql, params.values);
  const grouped: Record<string, unknown>[][] = Array.from({ length: count }, () => []);
  for (const row of rows) grouped[Number(row.__parent) - 1]!.push(row);
  return grouped.map((group) => toPageConnection<Row>(group, page));
}

