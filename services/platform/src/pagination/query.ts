import { keyset, toConnection, type Connection, type PageRequest, type SortKey } from './keyset';

export interface KeysetQuery {
  /** The select list, with aliases that match the record's property names. */
  select: string;
  /** FROM and JOINs. */
  from: string;
  /** Conditions joined with AND; parameters are numbered from $1 in `params`. */
  where: string[];
  params: unknown[];
  /** The sort, which must be total (end with a unique column) and free of NULLs. */
  keys: SortKey[];
}

export type Run = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Fetches one keyset page. The sort keys are also selected as text, so cursors keep full
 * precision (PostgreSQL timestamps have microseconds; JavaScript dates do not). Whatever the
 * page's depth or size, this is one statement.
 */
export async function fetchKeysetPage<Row>(run: Run, query: KeysetQuery, page: PageRequest): Promise<Connection<Row>> {
  const { where, orderBy, params } = keyset(query.keys, page, query.params.length + 1);
  const conditions = [...query.where, ...(where ? [where] : [])];
  const limitParam = `$${query.params.length + params.length + 1}`;
  const sortColumns = query.keys.map((key, index) => `(${key.sql})::text AS "__k${index}"`).join(', ');
  const sql = `SELECT ${query.select}, ${sortColumns} FROM ${query.from}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${orderBy} LIMIT ${limitParam}`;
  return toPageConnection<Row>(await run(sql, [...query.params, ...params, page.limit + 1]), page);
}

/**
 * A page from rows selected with their sort keys as `__k0`, `__k1`, …: the keys become the
 * cursor, other `__` bookkeeping columns (an owner, a row number) are dropped, the rest is the node.
 */
export function toPageConnection<Row>(rows: Record<string, unknown>[], page: PageRequest): Connection<Row> {
  const cursors = new Map<Record<string, unknown>, unknown[]>();
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    const cursor: unknown[] = [];
    for (const [key, value] of Object.entries(row)) {
      if (/^__k\d+$/.test(key)) cursor[Number(key.slice(3))] = value;
      else if (!key.startsWith('__')) record[key] = value;
    }
    cursors.set(record, cursor);
    return record;
  });
  return toConnection(records, page, (record) => cursors.get(record)!) as Connection<Row>;
}

/** `COUNT(*)` for the same FROM and WHERE, for `totalCount` fields that ask for it. */
export async function countRows(run: Run, query: Pick<KeysetQuery, 'from' | 'where' | 'params'>): Promise<number> {
  const rows = await run(`SELECT count(*)::int AS count FROM ${query.from}${query.where.length ? ` WHERE ${query.where.join(' AND ')}` : ''}`, query.params);
  return Number(rows[0]?.count ?? 0);
}
