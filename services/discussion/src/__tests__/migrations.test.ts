import { createServiceDataSource, revertLastMigration, runMigrationsLocked } from '@praxis/platform';
import { workerDatabase } from '@praxis/platform/testing';
import { entities } from '../entities';
import { migrations } from '../index';

test('every discussion migration goes down and comes back up', async () => {
  const { dataSource } = createServiceDataSource({ url: (await workerDatabase()).urlFor('discussion'), schema: 'discussion', entities, migrations, applicationName: 'migration-test', poolSize: 2 });
  await dataSource.initialize();
  const tables = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'discussion' AND table_name <> 'migrations'`))[0].n as number;
  const indexes = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'discussion'`))[0].n as number;
  try {
    const before = [await tables(), await indexes()];
    for (let i = 1; i < migrations.length; i += 1) await revertLastMigration(dataSource);
    expect(await tables()).toBe(2); // the platform's outbox and event positions
    expect(await runMigrationsLocked(dataSource, 'discussion')).toEqual(migrations.slice(1).map((migration) => migration.name));
    expect([await tables(), await indexes()]).toEqual(before);
  } finally {
    await dataSource.destroy();
  }
});
