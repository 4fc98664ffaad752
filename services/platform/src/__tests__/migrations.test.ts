import { Client } from 'pg';
import { migrations, service } from '@praxis/membership';
import { createServiceDataSource } from '../db/datasource';
import { runMigrationsLocked, revertLastMigration } from '../db/migrate';
import { provisionDatabase, serviceRole, withCredentials } from '../db/provision';
import { testEnv } from '../testing';

// A database of its own, so replicas starting at once can be simulated from scratch.
const DATABASE = `praxis_migrate_${testEnv.JEST_WORKER_ID}`;
const PASSWORD = 'praxis-test';

beforeAll(async () => {
  const admin = new Client({ connectionString: testEnv.PRAXIS_TEST_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
  await provisionDatabase({ adminUrl: testEnv.PRAXIS_TEST_ADMIN_URL!, database: DATABASE, servicePassword: PASSWORD, services: [{ name: service.name, schema: service.schema, jobSchema: service.jobSchema }] });
});
afterAll(async () => {
  const admin = new Client({ connectionString: testEnv.PRAXIS_TEST_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
});

test('three replicas starting at once migrate once, under the advisory lock', async () => {
  const url = withCredentials(testEnv.PRAXIS_TEST_ADMIN_URL!, serviceRole('membership'), PASSWORD, DATABASE);
  const replicas = [1, 2, 3].map(() => createServiceDataSource({ url, schema: 'membership', entities: service.entities, migrations, applicationName: 'replica', poolSize: 2 }).dataSource);
  await Promise.all(replicas.map((replica) => replica.initialize()));
  try {
    const applied = await Promise.all(replicas.map((replica) => runMigrationsLocked(replica, 'membership')));
    expect(applied.flat().sort()).toEqual(migrations.map((migration) => migration.name).sort());
    const rows: { name: string }[] = await replicas[0]!.query('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
  } finally {
    await Promise.all(replicas.map((replica) => replica.destroy()));
  }
});

test('every migration reverts cleanly, and applies again', async () => {
  const url = withCredentials(testEnv.PRAXIS_TEST_ADMIN_URL!, serviceRole('membership'), PASSWORD, DATABASE);
  const dataSource = createServiceDataSource({ url, schema: 'membership', entities: service.entities, migrations, applicationName: 'revert', poolSize: 2 }).dataSource;
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource, 'membership');
    for (let i = 0; i < migrations.length; i += 1) await revertLastMigration(dataSource);
    const tables: { count: number }[] = await dataSource.query(`SELECT count(*)::int AS count FROM information_schema.tables WHERE table_schema = 'membership' AND table_name <> 'migrations'`);
    expect(tables[0]!.count).toBe(0);
    expect(await runMigrationsLocked(dataSource, 'membership')).toHaveLength(migrations.length);
  } finally {
    await dataSource.destroy();
  }
});
