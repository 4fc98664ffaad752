import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { loadServiceModules, provisionDatabase, readSubgraphs, REPO_ROOT, serviceRole, withCredentials } from '@praxis/platform';
import { TEST_SERVICE_PASSWORD, testEnv } from '@praxis/platform/testing';

/**
 * `main.js migrate`, the command a Kubernetes init container runs (infra/k8s): a subgraph's
 * migrations applied under the advisory lock, then exit 0, or one line naming the failure and
 * exit 1. Run as a process, from the sources, as an image runs it from dist/.
 */
const SERVICE = 'events';
const PREFIX = SERVICE.toUpperCase();
const events = loadServiceModules().find((candidate) => candidate.name === SERVICE)!;
const database = `praxis_migrate_cmd_${testEnv.JEST_WORKER_ID}`;
const adminUrl = testEnv.PRAXIS_TEST_ADMIN_URL!;
const roleUrl = withCredentials(adminUrl, serviceRole(SERVICE), TEST_SERVICE_PASSWORD, database);

interface Run {
  code: number | null;
  output: string;
  /** The messages of its JSON log lines. */
  messages: string[];
}

function migrate(env: Record<string, string>, args: string[] = ['migrate']): Promise<Run> {
  const child = spawn(process.execPath, ['--conditions=praxis-source', '--import', 'tsx', join(REPO_ROOT, 'services', SERVICE, 'src/main.ts'), ...args], {
    cwd: REPO_ROOT,
    // Only what an init container has: no NODE_OPTIONS from jest.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production', LOG_LEVEL: 'info', INTERNAL_AUTH_SECRET: 'migrate-test-secret-with-at-least-32-characters', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      const messages = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      resolve({ code, output, messages });
    }),
  );
}

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const dropDatabase = () => admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

beforeAll(async () => {
  await dropDatabase();
  // A fresh database as provisioning (or a CloudNativePG bootstrap) leaves it: role and schemas, no tables.
  await provisionDatabase({ adminUrl, database, servicePassword: TEST_SERVICE_PASSWORD, services: [{ name: events.name, schema: events.schema, jobSchema: events.jobSchema }] });
});
afterAll(dropDatabase);

test('two migrate commands started together on a fresh database apply every migration once, under the lock, and exit 0', async () => {
  const names = (events.migrations as Function[]).map((migration) => migration.name);
  const [first, second] = await Promise.all([migrate({ [`${PREFIX}_DATABASE_URL`]: roleUrl }), migrate({ [`${PREFIX}_DATABASE_URL`]: roleUrl })]);
  expect([first!.code, second!.code]).toEqual([0, 0]);
  // One applied them all; the other waited on the lock and found nothing left.
  const said = [...first!.messages, ...second!.messages].filter((message) => message.startsWith('migrations'));
  expect(said.sort()).toEqual([`migrations applied (${names.length}); the schema is current`, 'migrations current: nothing to apply']);

  const rows = await admin(roleUrl, (client) => client.query<{ name: string }>(`SELECT name FROM ${events.schema}.migrations ORDER BY id`));
  expect(rows.rows.map((row) => row.name)).toEqual(names);
  // The job queue's tables too, so the main container changes no schema.
  const queue = await admin(roleUrl, (client) => client.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'job'", [events.jobSchema]));
  expect(queue.rows).toEqual([{ n: 1 }]);
}, 60_000);

test('a migrate command that cannot reach its database exits 1 with one line naming the failure', async () => {
  const unreachable = await migrate({ [`${PREFIX}_DATABASE_URL`]: withCredentials(adminUrl, serviceRole(SERVICE), 'not-the-password', database) });
  expect(unreachable.code).toBe(1);
  expect(unreachable.messages).toEqual([expect.stringMatching(/^migrations failed: password authentication failed/)]);
}, 60_000);

test("every subgraph's main.ts is the shared runSubgraph line, so each has the migrate command", () => {
  for (const subgraph of readSubgraphs()) {
    const main = readFileSync(join(REPO_ROOT, dirname(dirname(subgraph.schema)), 'src/main.ts'), 'utf8');
    expect([subgraph.name, main]).toEqual([subgraph.name, expect.stringMatching(/^runSubgraph\(service, process\.env\);$/m)]);
  }
});
