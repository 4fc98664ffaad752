import type { CountingLogger } from '../db/query-counter';

/**
 * Runs `work` and reports how many SQL statements each counted data source sent meanwhile.
 * Tests use it to prove that statement counts do not grow with page or batch size.
 */
export async function countStatements<T>(counters: Record<string, CountingLogger>, work: () => Promise<T>): Promise<{ result: T; statements: Record<string, number>; total: number }> {
  const before = Object.fromEntries(Object.entries(counters).map(([name, counter]) => [name, counter.statements]));
  const result = await work();
  const statements = Object.fromEntries(Object.entries(counters).map(([name, counter]) => [name, counter.statements - (before[name] ?? 0)]));
  return { result, statements, total: Object.values(statements).reduce((sum, count) => sum + count, 0) };
}
