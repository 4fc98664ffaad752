import type { EntityManager } from 'typeorm';

/**
 * The rows a statement returns, whatever its command. TypeORM hands UPDATE and DELETE results
 * back as `[rows, count]`, which would turn `UPDATE … RETURNING` into nonsense; the structured
 * result has the rows for every command.
 */
export async function returning<T>(manager: EntityManager, query: string, params: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('returning() runs inside a transaction');
  return (await runner.query(query, params, true)).records as T[];
}
