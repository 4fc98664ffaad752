import type { DataSource } from 'typeorm';

/**
 * Runs a service's pending migrations under a PostgreSQL advisory lock, so several replicas
 * can start at once: the first migrates, the others wait and then find nothing to do.
 */
export async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = `praxis:migrate:${schema}`;
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    await runner.release();
  }
}

export async function revertLastMigration(dataSource: DataSource): Promise<void> {
  await dataSource.undoLastMigration({ transaction: 'each' });
}
