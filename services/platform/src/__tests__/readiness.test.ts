import { Client } from 'pg';
import { request } from 'undici';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runMigrationsLocked } from '../db/migrate';
import { createLogger } from '../logging/logger';
import { createHttpService, type HttpService } from '../server/http-service';
import { ServiceRuntime } from '../server/runtime';
import { probeRuntimeConfig, workerDatabase } from '../testing';

/** A schema of its own, so applying and forgetting migrations touches no real service. */
const SCHEMA = 'readiness_probe';

class CreateProbe1764900000000 implements MigrationInterface {
  async up(runner: QueryRunner) {
    await runner.query(`CREATE TABLE ${SCHEMA}.probe (id int PRIMARY KEY)`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`DROP TABLE ${SCHEMA}.probe`);
  }
}
class AddProbeName1764900000001 implements MigrationInterface {
  async up(runner: QueryRunner) {
    await runner.query(`ALTER TABLE ${SCHEMA}.probe ADD COLUMN name text`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`ALTER TABLE ${SCHEMA}.probe DROP COLUMN name`);
  }
}

let adminUrl: string;
let runtime: ServiceRuntime;
let http: HttpService;
let base: string;

async function admin(sql: string) {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function readiness() {
  const response = await request(`${base}/health/ready`);
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  adminUrl = (await workerDatabase()).adminUrl;
  await admin(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
  // Left to a Job (or another replica): this process must wait for them, not serve without them (migrateOnStart off).
  const config = probeRuntimeConfig({ service: 'readiness', schema: SCHEMA, databaseUrl: adminUrl });
  runtime = new ServiceRuntime(config, { entities: [], migrations: [CreateProbe1764900000000, AddProbeName1764900000001] }, { logger: createLogger({ service: 'readiness', level: 'silent' }) });
  await runtime.init();
  http = createHttpService({ logger: runtime.logger, ready: () => runtime.ready() });
  base = await http.listen(0);
});

afterAll(async () => {
  await http.close();
  await runtime.eventlog.end();
  if (runtime.db.isInitialized) await runtime.db.destroy();
  await admin(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
});

test('a service whose migrations are not applied is live but not ready, and says how many are missing', async () => {
  expect((await request(`${base}/health/live`)).statusCode).toBe(200);
  expect(await readiness()).toEqual({ status: 503, body: { status: 'unavailable', reason: '2 migrations not applied yet' } });
});

test('ready once every migration it carries is applied; one still missing keeps it out', async () => {
  const partial = new ServiceRuntime(runtime.config, { entities: [], migrations: [CreateProbe1764900000000] }, { logger: runtime.logger });
  await partial.init();
  try {
    await runMigrationsLocked(partial.db, SCHEMA);
  } finally {
    await partial.eventlog.end();
    await partial.db.destroy();
  }
  expect(await readiness()).toEqual({ status: 503, body: { status: 'unavailable', reason: '1 migration not applied yet' } });

  await runMigrationsLocked(runtime.db, SCHEMA);
  expect(await readiness()).toEqual({ status: 200, body: { status: 'ready' } });
});

test('not ready when its database does not answer', async () => {
  await runtime.db.destroy();
  expect((await readiness()).status).toBe(503);
});
