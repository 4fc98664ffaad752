import type { EntityManager } from 'typeorm';

/**
 * The rows a statement with RETURNING gives, whatever its command. TypeORM answers UPDATE and
 * DELETE with `[rows, rowCount]` and everything else with the rows alone; read-models and domain
 * code should not each learn that. Rows are objects, so the pair cannot be mistaken for rows.
 */
export async function returning<T>(manager: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<T[]> {
  const result = (await manager.query(sql, params)) as unknown;
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/**
 * Rows fetched with `= ANY($1)` come back in any order and once each; a DataLoader wants one
 * answer per requested key, in the keys' order: null for a key no row has, the same row again
 * for a key asked twice.
 */
export function inKeyOrder<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): (T | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/**
 * As `inKeyOrder`, for rows that belong to a parent (its key in `owner`): each key gets the list
 * of its rows, without the owner column and in the order the rows came, or an empty list.
 */
export function groupInKeyOrder<E extends { owner: string }>(keys: readonly string[], rows: readonly E[]): Omit<E, 'owner'>[][] {
  const groups = new Map<string, Omit<E, 'owner'>[]>();
  for (const { owner, ...rest } of rows) {
    const list = groups.get(owner) ?? [];
    list.push(rest);
    groups.set(owner, list);
  }
  return keys.map((key) => groups.get(key) ?? []);
}
