import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '../db/datasource';
import { revertLastMigration, runMigrationsLocked } from '../db/migrate';
import { provisionDatabase, serviceRole, withCredentials } from '../db/provision';
import type { ServiceModule } from '../server/service-module';
import { TEST_SERVICE_PASSWORD } from './database';
import { testEnv } from './env';

/** A service's schema as the catalogue shows it, the migrations table aside. */
export interface SchemaSnapshot {
  tables: string[];
  /** `table.column`. */
  columns: string[];
  indexes: string[];
  /** Every column's type, nullability and default, every index's, constraint's and trigger's definition, every function and type. */
  definitions: string[];
}

async function snapshot(dataSource: DataSource, schema: string): Promise<SchemaSnapshot> {
  const list = async (sql: string) => ((await dataSource.query(sql, [schema])) as { v: string }[]).map((row) => row.v);
  return {
    tables: await list(`SELECT table_name AS v FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`),
    columns: await list(`SELECT table_name || '.' || column_name AS v FROM information_schema.columns WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`),
    indexes: await list(`SELECT indexname AS v FROM pg_indexes WHERE schemaname = $1 AND tablename <> 'migrations' ORDER BY 1`),
    definitions: [
      ...(await list(
        `SELECT format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default) AS v FROM information_schema.columns WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`,
      )),
      ...(await list(`SELECT 'index ' || indexdef AS v FROM pg_indexes WHERE schemaname = $1 AND tablename <> 'migrations' ORDER BY 1`)),
      ...(await list(
        `SELECT format('constraint %s.%s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS v FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE n.nspname = $1 AND c.conrelid::regclass::text NOT LIKE '%migrations' ORDER BY 1`,
      )),
      ...(await list(`SELECT format('trigger %s.%s %s', event_object_table, trigger_name, action_statement) AS v FROM information_schema.triggers WHERE trigger_schema = $1 ORDER BY 1`)),
      ...(await list(`SELECT format('function %s(%s)', p.proname, pg_get_function_arguments(p.oid)) AS v FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY 1`)),
      ...(await list(
        `SELECT format('type %s %s', t.typname, t.typtype) AS v FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = $1 AND t.typtype IN ('e', 'd') ORDER BY 1`,
      )),
      ...(await list(`SELECT 'sequence ' || sequence_name AS v FROM information_schema.sequences WHERE sequence_schema = $1 AND sequence_name <> 'migrations_id_seq' ORDER BY 1`)),
    ],
  };
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: testEnv.PRAXIS_TEST_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface RoundTripChecks {
  /** The service's own checks of its fully migrated schema. */
  migrated?(schema: SchemaSnapshot): void;
  /** The service's own checks after the named migration is reverted. */
  reverted?: Record<string, (schema: SchemaSnapshot) => void>;
}

type MigratedService = Pick<ServiceModule, 'name' | 'schema' | 'jobSchema' | 'entities' | 'migrations'>;

/** Runs `work` on a database of its own, provisioned for the service alone, so reverting cannot disturb the worker's other tests. */
async function onOwnDatabase(service: MigratedService, purpose: string, work: (dataSource: (applicationName: string) => DataSource) => Promise<void>): Promise<void> {
  const database = `praxis_${purpose}_${service.name.replace(/\W/g, '_')}_${testEnv.JEST_WORKER_ID}`;
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await provisionDatabase({
    adminUrl: testEnv.PRAXIS_TEST_ADMIN_URL!,
    database,
    servicePassword: TEST_SERVICE_PASSWORD,
    services: [{ name: service.name, schema: service.schema, jobSchema: service.jobSchema }],
  });
  try {
    await work((applicationName) =>
      createServiceDataSource({
        url: withCredentials(testEnv.PRAXIS_TEST_ADMIN_URL!, serviceRole(service.name), TEST_SERVICE_PASSWORD, database),
        schema: service.schema,
        entities: service.entities,
        migrations: service.migrations,
        applicationName,
        poolSize: 2,
      }).dataSource,
    );
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

const namesOf = (service: MigratedService) => (service.migrations as Function[]).map((migration) => migration.name);

/** Three replicas starting at once on an empty schema apply every migration once, in order, under the advisory lock. */
export async function replicasMigrateOnce(service: MigratedService): Promise<void> {
  const names = namesOf(service);
  await onOwnDatabase(service, 'replicas', async (dataSource) => {
    const replicas = [1, 2, 3].map(() => dataSource('replica'));
    await Promise.all(replicas.map((replica) => replica.initialize()));
    try {
      const applied = await Promise.all(replicas.map((replica) => runMigrationsLocked(replica, service.schema)));
      expect(applied.flat().sort()).toEqual([...names].sort());
      const rows: { name: string }[] = await replicas[0]!.query('SELECT name FROM migrations ORDER BY id');
      expect(rows.map((row) => row.name)).toEqual(names);
    } finally {
      await Promise.all(replicas.map((replica) => replica.destroy()));
    }
  });
}

/**
 * Up all, down all under the service's own role (leaving nothing of its schema), up again: the
 * same schema, to every column type, default, index, constraint, trigger, function and type.
 */
export async function migrationsRoundTrip(service: MigratedService, checks: RoundTripChecks = {}): Promise<void> {
  const names = namesOf(service);
  expect(Object.keys(checks.reverted ?? {}).filter((name) => !names.includes(name))).toEqual([]);
  await onOwnDatabase(service, 'roundtrip', async (dataSource) => {
    const source = dataSource('revert');
    await source.initialize();
    try {
      expect(await runMigrationsLocked(source, service.schema)).toEqual(names);
      const before = await snapshot(source, service.schema);
      expect(before.tables.length).toBeGreaterThan(0);
      checks.migrated?.(before);
      for (const name of [...names].reverse()) {
        await revertLastMigration(source);
        checks.reverted?.[name]?.(await snapshot(source, service.schema));
      }
      expect(await snapshot(source, service.schema)).toEqual({ tables: [], columns: [], indexes: [], definitions: [] });
      expect(await runMigrationsLocked(source, service.schema)).toEqual(names);
      expect(await snapshot(source, service.schema)).toEqual(before);
    } finally {
      await source.destroy();
    }
  });
}

/** A service's migration tests: replicas migrate once, and every migration goes down and up again to the same schema. */
export function expectMigrationsRoundTrip(service: MigratedService, checks: RoundTripChecks = {}): void {
  test(`${service.name}: three replicas starting at once apply every migration once, under the advisory lock`, () => replicasMigrateOnce(service));
  test(`${service.name}: every migration reverts, leaving nothing, and applying them again gives the same schema`, () => migrationsRoundTrip(service, checks));
}
