import { Client } from 'pg';
import { databaseOf, provisionDatabase, serviceRole, withCredentials } from '../db/provision';
import { createServiceDataSource } from '../db/datasource';
import { runMigrationsLocked } from '../db/migrate';
import { JobQueue } from '../jobs/queue';
import { createLogger } from '../logging/logger';
import type { ServiceModule } from '../server/service-module';
import { testEnv } from './env';

export const TEMPLATE_DATABASE = 'praxis_template';
export const TEST_SERVICE_PASSWORD = 'praxis-test';

/**
 * Builds the template every worker's database is cloned from: roles, schemas and the event
 * log provisioned, and every service's migrations and job-queue schema applied, once per run.
 */
export async function buildTemplate(adminUrl: string, modules: ServiceModule[]): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // A template left by an aborted run would otherwise be reused with stale migrations.
    const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'praxis_t%'");
    for (const row of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await provisionDatabase({
    adminUrl,
    database: TEMPLATE_DATABASE,
    servicePassword: TEST_SERVICE_PASSWORD,
    services: modules.map((module) => ({ name: module.name, schema: module.schema, jobSchema: module.jobSchema })),
  });
  const logger = createLogger({ service: 'test-setup', level: 'warn' });
  for (const module of modules) {
    const url = withCredentials(adminUrl, serviceRole(module.name), TEST_SERVICE_PASSWORD, TEMPLATE_DATABASE);
    const { dataSource } = createServiceDataSource({ url, schema: module.schema, entities: module.entities, migrations: module.migrations, applicationName: 'praxis-test-setup', poolSize: 2 });
    await dataSource.initialize();
    try {
      await runMigrationsLocked(dataSource, module.schema);
    } finally {
      await dataSource.destroy();
    }
    // pg-boss installs its tables on first start; doing it here keeps it out of every test.
    const jobs = new JobQueue({ url, schema: module.jobSchema, logger, workers: false, applicationName: 'praxis-test-setup' });
    await jobs.start();
    await jobs.stop();
  }
}

export interface WorkerDatabase {
  name: string;
  adminUrl: string;
  /** The connection string a service's own role uses on this worker's database. */
  urlFor(service: string): string;
}

let current: Promise<WorkerDatabase> | undefined;

/** This jest worker's database, cloned from the template on first use. */
export function workerDatabase(): Promise<WorkerDatabase> {
  current ??= (async () => {
    const adminUrl = testEnv.PRAXIS_TEST_ADMIN_URL;
    if (!adminUrl) throw new Error('The test database was not prepared: run tests through jest with the repository config.');
    const name = `praxis_test_${testEnv.JEST_WORKER_ID}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}" STRATEGY FILE_COPY`);
    } finally {
      await admin.end();
    }
    return {
      name,
      adminUrl: withCredentials(adminUrl, decodeURIComponent(new URL(adminUrl).username), decodeURIComponent(new URL(adminUrl).password), name),
      urlFor: (service: string) => withCredentials(adminUrl, serviceRole(service), TEST_SERVICE_PASSWORD, name),
    };
  })();
  return current;
}

/**
 * Empties every service table, the event log and the job queues, keeping migrations, so each
 * test file starts from a clean, migrated database.
 */
export async function resetDatabase(modules: Pick<ServiceModule, 'schema' | 'jobSchema'>[]): Promise<void> {
  const db = await workerDatabase();
  const client = new Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    const schemas = modules.map((module) => module.schema);
    const { rows } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_name <> 'migrations' AND table_schema = ANY($1::text[])`,
      [schemas],
    );
    const jobTables = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = ANY($1::text[]) AND tablename IN ('job', 'schedule')`,
      [modules.map((module) => module.jobSchema)],
    );
    const tables = [...rows.map((row) => row.name), ...jobTables.rows.map((row) => row.name), 'eventlog.events'];
    await client.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
}

export { databaseOf };
