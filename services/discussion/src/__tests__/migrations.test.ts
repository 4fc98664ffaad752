import { createServiceDataSource, revertLastMigration, runMigrationsLocked } from '@praxis/platform';
import { workerDatabase } from '@praxis/platform/testing';
import { entities } from '../entities';
import { migrations } from '../index';

test('the discussion migration goes down and comes back up', async () => {
  const { dataSource } = createServiceDataSource({ url: (await workerDatabase()).urlFor('discussion'), schema: 'discussion', entities, migrations, applicationName: 'migration-test', poolSize: 2 });
  await dataSource.initialize();
  const tables = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'discussion' AND table_name <> 'migrations'`))[0].n as number;
  try {
    const before = await tables();
    await revertLastMigration(dataSource);
    expect(await tables()).toBe(2); // the platform's outbox and event positions
    expect(await runMigrationsLocked(dataSource, 'discussion')).toEqual(['DiscussionInitial1763900000000']);
    expect(await tables()).toBe(before);
  } finally {
    await dataSource.destroy();
  }
});
