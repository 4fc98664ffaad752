import { errors } from '../errors/domain-error';
import { checkCursor, decodeCursor, encodeCursor, type SortKeyType } from './cursor';

export { checkCursor, decodeCursor, encodeCursor, MAX_CURSOR_LENGTH, type SortKeyType } from './cursor';

/** Relay connection arguments. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PageRequest {
  limit: number;
  /** Forward pages with first/after; backward pages with last/before. */
  backward: boolean;
  /** Sort-key values of the cursor row, or null for the first page. */
  cursor: unknown[] | null;
  /** The argument the cursor came in, named by errors; by default `before` going backward, else `after`. */
  cursorField?: 'after' | 'before';
}

export interface SortKey {
  /** A trusted SQL expression (never client input), e.g. `m.joined_at`. It must not be NULL. */
  sql: string;
  direction: 'ASC' | 'DESC';
  /** What the expression holds: a cursor's value for this key must be one of these. */
  type: SortKeyType;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Validates connection arguments once, with errors that name the argument. */
export function pageRequest(args: PageArgs, arity: number, options: { defaultSize?: number; maxSize?: number } = {}): PageRequest {
  const max = options.maxSize ?? MAX_PAGE_SIZE;
  if (args.first != null && args.last != null) throw errors.badInput('last', 'Use first with after, or last with before, not both.');
  const backward = args.last != null || (args.before != null && args.first == null);
  const size = backward ? args.last : args.first;
  const field = backward ? 'last' : 'first';
  if (size != null && (!Number.isInteger(size) || size < 0 || size > max)) throw errors.badInput(field, `Ask for between 0 and ${max} items.`);
  const cursorArg = backward ? args.before : args.after;
  const cursorField = backward ? 'before' : 'after';
  return {
    limit: size ?? options.defaultSize ?? DEFAULT_PAGE_SIZE,
    backward,
    cursor: cursorArg ? decodeCursor(cursorArg, arity, cursorField) : null,
    cursorField,
  };
}

/** The cursor's values checked against the keys' types, ready to bind; null on a first page. */
export function cursorValues(keys: readonly Pick<SortKey, 'type'>[], page: PageRequest): unknown[] | null {
  if (!page.cursor) return null;
  return checkCursor(
    keys.map((key) => key.type),
    page.cursor,
    page.cursorField ?? (page.backward ? 'before' : 'after'),
  );
}

/**
 * The WHERE fragment that starts a page after (or before) the cursor row, and the ORDER BY
 * that goes with it. Parameters are numbered from `firstParam`. When every key sorts the same
 * way it uses a row comparison, which PostgreSQL answers from a matching index directly.
 */
export function keyset(keys: SortKey[], page: PageRequest, firstParam: number): { where: string | null; orderBy: string; params: unknown[] } {
  const flip = (direction: 'ASC' | 'DESC') => (page.backward ? (direction === 'ASC' ? 'DESC' : 'ASC') : direction);
  const orderBy = keys.map((key) => `${key.sql} ${flip(key.direction)}`).join(', ');
  const params = cursorValues(keys, page);
  if (!params) return { where: null, orderBy, params: [] };
  const placeholder = (index: number) => `$${firstParam + index}`;
  const directions = new Set(keys.map((key) => flip(key.direction)));
  if (directions.size === 1) {
    const op = directions.has('ASC') ? '>' : '<';
    return {
      where: `(${keys.map((key) => key.sql).join(', ')}) ${op} (${keys.map((_, index) => placeholder(index)).join(', ')})`,
      orderBy,
      params,
    };
  }
  const clauses = keys.map((key, index) => {
    const equalities = keys.slice(0, index).map((earlier, earlierIndex) => `${earlier.sql} = ${placeholder(earlierIndex)}`);
    const op = flip(key.direction) === 'ASC' ? '>' : '<';
    return `(${[...equalities, `${key.sql} ${op} ${placeholder(index)}`].join(' AND ')})`;
  });
  return { where: `(${clauses.join(' OR ')})`, orderBy, params };
}

/**
 * Builds a connection from `limit + 1` rows fetched in page order: the extra row only says
 * whether there is another page.
 */
export function toConnection<T>(rows: T[], page: PageRequest, cursorOf: (row: T) => unknown[]): Connection<T> {
  const hasMore = rows.length > page.limit;
  const slice = rows.slice(0, page.limit);
  if (page.backward) slice.reverse();
  const edges = slice.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return {
    edges,
    nodes: slice,
    pageInfo: {
      hasNextPage: page.backward ? page.cursor !== null : hasMore,
      hasPreviousPage: page.backward ? hasMore : page.cursor !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
