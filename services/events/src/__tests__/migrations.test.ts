import { Client } from 'pg';
import { createServiceDataSource, provisionDatabase, revertLastMigration, runMigrationsLocked, serviceRole, withCredentials } from '@praxis/platform';
import { testEnv } from '@praxis/platform/testing';
import { migrations, service } from '../index';

// A database of its own, so reverting cannot disturb the other tests of this worker.
const DATABASE = `praxis_events_migrate_${testEnv.JEST_WORKER_ID}`;
const PASSWORD = 'praxis-test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: testEnv.PRAXIS_TEST_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await provisionDatabase({ adminUrl: testEnv.PRAXIS_TEST_ADMIN_URL!, database: DATABASE, servicePassword: PASSWORD, services: [{ name: service.name, schema: service.schema, jobSchema: service.jobSchema }] });
});
afterAll(() => admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));

test("every events migration, the reports' included, reverts cleanly and applies again", async () => {
  const url = withCredentials(testEnv.PRAXIS_TEST_ADMIN_URL!, serviceRole('events'), PASSWORD, DATABASE);
  const { dataSource } = createServiceDataSource({ url, schema: 'events', entities: service.entities, migrations, applicationName: 'revert', poolSize: 2 });
  await dataSource.initialize();
  try {
    expect(await runMigrationsLocked(dataSource, 'events')).toEqual(migrations.map((migration) => new migration().name));
    for (let i = 0; i < migrations.length; i += 1) await revertLastMigration(dataSource);
    const left: { count: number }[] = await dataSource.query(`SELECT count(*)::int AS count FROM information_schema.tables WHERE table_schema = 'events' AND table_name <> 'migrations'`);
    expect(left[0]!.count).toBe(0);
    expect(await runMigrationsLocked(dataSource, 'events')).toHaveLength(migrations.length);
  } finally {
    await dataSource.destroy();
  }
});
