import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createLogger } from '../logging/logger';
import { migrateService, runMigrateCommand } from '../server/migrate-command';
import { runSubgraph } from '../server/subgraph';
import type { ServiceRuntimeConfig } from '../server/runtime';
import { probeRuntimeConfig, workerDatabase } from '../testing';

/**
 * What `main.js migrate` does once its settings are parsed (the command itself, run as a process,
 * is scripts/lib/__tests__/migrate-command.test.ts): the migrations under the advisory lock, with
 * no statement timeout, and the job queue's tables.
 */
const SCHEMA = 'migrate_probe';
const seen: string[] = [];

class RecordTimeout1764950000000 implements MigrationInterface {
  async up(runner: QueryRunner) {
    const [row] = (await runner.query('SHOW statement_timeout')) as { statement_timeout: string }[];
    seen.push(row!.statement_timeout);
    await runner.query(`CREATE TABLE ${SCHEMA}.probe (id int PRIMARY KEY)`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`DROP TABLE ${SCHEMA}.probe`);
  }
}

let adminUrl: string;
let config: ServiceRuntimeConfig;
const logger = createLogger({ service: 'migrate-probe', level: 'silent' });
const parts = { entities: [], migrations: [RecordTimeout1764950000000] };

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const dropSchemas = () => withAdmin((client) => client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_jobs CASCADE`));

beforeAll(async () => {
  adminUrl = (await workerDatabase()).adminUrl;
  await dropSchemas();
  // As provisioning leaves them: the schemas exist, empty.
  await withAdmin((client) => client.query(`CREATE SCHEMA ${SCHEMA}; CREATE SCHEMA ${SCHEMA}_jobs`));
  config = probeRuntimeConfig({ service: 'migrate-probe', schema: SCHEMA, databaseUrl: adminUrl, poolSize: 10 });
});

afterAll(dropSchemas);

test('waits while another holds the migration lock, then migrates with no statement timeout and installs the job queue; a second run applies nothing', async () => {
  const holder = new Client({ connectionString: adminUrl });
  await holder.connect();
  let finished = false;
  let migrating: Promise<{ applied: string[] }>;
  try {
    await holder.query('SELECT pg_advisory_lock(hashtext($1))', [`praxis:migrate:${SCHEMA}`]);
    migrating = migrateService(config, parts, logger);
    void migrating.finally(() => (finished = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(finished).toBe(false);
  } finally {
    await holder.end();
  }
  expect(await migrating!).toEqual({ applied: ['RecordTimeout1764950000000'] });
  // A long migration, or a long wait on the lock, is not cut short by the requests' 30 s.
  expect(seen).toEqual(['0']);
  const jobTables = await withAdmin((client) => client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'job'", [`${SCHEMA}_jobs`]));
  expect(jobTables.rows).toEqual([{ n: 1 }]);

  expect(await migrateService(config, parts, logger)).toEqual({ applied: [] });
  expect(seen).toEqual(['0']);
});

/** Runs `command` with process.exit and console.error caught: the exit code and what was printed. */
async function exited(command: () => void): Promise<{ code: number | undefined; printed: string }> {
  let printed = '';
  const error = jest.spyOn(console, 'error').mockImplementation((message: string) => void (printed += `${message}\n`));
  try {
    const code = await new Promise<number | undefined>((resolve) => {
      jest.spyOn(process, 'exit').mockImplementation(((code?: number) => resolve(code)) as typeof process.exit);
      command();
    });
    return { code, printed };
  } finally {
    jest.restoreAllMocks();
    error.mockRestore();
  }
}

test('main.js with an unknown argument exits 2 with the usage, serving nothing; a bad setting fails migrate with exit 1 and the variable named', async () => {
  const service = {
    name: 'probe',
    configFrom: () => ({ runtime: config }),
    migrate: () => Promise.reject(new Error('must not migrate')),
    start: () => Promise.reject(new Error('must not serve')),
  };
  const unknown = await exited(() => runSubgraph(service, {}, ['migrat']));
  expect(unknown.code).toBe(2);
  expect(unknown.printed).toContain('probe: unknown arguments: migrat');
  expect(unknown.printed).toContain('node dist/main.js migrate');

  const badSetting = await exited(() =>
    runMigrateCommand(
      {
        ...service,
        configFrom: () => {
          throw new Error('Invalid configuration:\n  PROBE_DATABASE_URL: must be a postgres:// URL');
        },
      },
      {},
    ),
  );
  expect(badSetting).toEqual({ code: 1, printed: 'probe: migrations failed: Invalid configuration:\n  PROBE_DATABASE_URL: must be a postgres:// URL\n' });
});
