import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { request } from 'undici';
import { loadServiceModules, readSubgraphs } from '@praxis/platform';
import { workerDatabase } from '@praxis/platform/testing';
import { freePort } from '@praxis/postgres';
import { gatewayEnv } from '@praxis/gateway';
import { build, buildableWorkspaces, ROOT, runtimeWorkspaces, workspaceDirs } from '../build';
import { startBuilt, type BuiltProcess } from '../processes';

/**
 * `npm run build`, proved: every process compiles to dist/, its compiled code needs nothing but
 * its package's own dependencies, and it starts from there with plain `node`, reading only its
 * own settings.
 */
interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  exports?: Record<string, Record<string, string>>;
}
const manifest = (dir: string) => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;
const dirOf = (name: string) => workspaceDirs().find((dir) => manifest(dir).name === name)!;
/** Every process that runs from an image: each subgraph and the gateway. */
const PROCESSES = [...readSubgraphs().map((entry) => dirOf(entry.package)), 'gateway'];

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The modules a compiled file loads: `require("…")` and `import("…")` as tsc emits them. */
function specifiers(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/\b(?:require|import)\("([^"]+)"\)/g)].map((match) => match[1]!);
}

const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const builtin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(packageName(specifier));

beforeAll(() => {
  build(buildableWorkspaces());
}, 180_000);

test('every subgraph in schema/subgraphs.json and the gateway build, and resolve to dist/ unless asked for their sources', () => {
  expect(buildableWorkspaces()).toEqual(expect.arrayContaining(PROCESSES));
  for (const dir of runtimeWorkspaces(PROCESSES)) {
    expect([dir, manifest(dir).exports?.['.']]).toEqual([dir, { 'praxis-source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' }]);
    expect(readdirSync(join(ROOT, dir, 'dist'))).toEqual(expect.arrayContaining(['index.js', 'index.js.map', 'index.d.ts']));
  }
  for (const dir of PROCESSES) expect(readdirSync(join(ROOT, dir, 'dist'))).toContain('main.js');
  // The SDL a subgraph reads beside its code, and the shared report types.
  for (const entry of readSubgraphs()) expect(readdirSync(join(ROOT, dirOf(entry.package), 'dist', 'schema')).some((file) => file.endsWith('.graphql'))).toBe(true);
  expect(readdirSync(join(ROOT, 'services/platform/dist/reports'))).toContain('report-types.graphql');
});

test('an SDL file removed from src/ does not linger in dist/, where the subgraph would still load it', () => {
  const removed = join(ROOT, dirOf('@praxis/events'), 'dist/schema/zz-removed.graphql');
  writeFileSync(removed, 'type Removed { id: ID! }\n');
  build([dirOf('@praxis/events')]);
  expect(existsSync(removed)).toBe(false);
}, 120_000);

test('compiled code loads only its package’s own dependencies: no tsx, TypeScript, jest or other dev dependency, no test kit', () => {
  const problems: string[] = [];
  for (const dir of runtimeWorkspaces(PROCESSES)) {
    const allowed = new Set(Object.keys(manifest(dir).dependencies ?? {}));
    for (const file of jsFiles(join(ROOT, dir, 'dist'))) {
      const where = file.slice(ROOT.length + 1);
      for (const specifier of specifiers(file)) {
        if (specifier.startsWith('.')) {
          // A relative import that the build left out (the test kit, a test) fails at runtime.
          try {
            createRequire(file).resolve(specifier);
          } catch {
            problems.push(`${where}: ${specifier} is not in dist/`);
          }
          continue;
        }
        if (builtin(specifier)) continue;
        if (!allowed.has(packageName(specifier))) problems.push(`${where}: ${specifier} is not among ${manifest(dir).name}'s dependencies`);
      }
    }
  }
  expect(problems).toEqual([]);
});

test('plain node, with no condition, loads our packages from dist/', () => {
  const script = `for (const name of process.argv.slice(1)) console.log(require.resolve(name, { paths: [${JSON.stringify(join(ROOT, 'gateway'))}] }))`;
  const names = runtimeWorkspaces(PROCESSES).map((dir) => manifest(dir).name);
  const result = spawnSync(process.execPath, ['-e', script, ...names], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.stdout.trim().split('\n')).toEqual(runtimeWorkspaces(PROCESSES).map((dir) => join(ROOT, dir, 'dist/index.js')));
});

test("each process's settings are its own and the shared ones: none carries another process's prefix", () => {
  const prefixes = [...readSubgraphs().map((entry) => entry.name.toUpperCase()), 'GATEWAY'];
  // Where membership answers is a setting of every process, not one of membership's own.
  const everyones = new Set(['MEMBERSHIP_INTERNAL_URL', 'EVENTS_POLL_MS']);
  const settings = [...loadServiceModules().map((module) => [module.name.toUpperCase(), Object.keys(module.env.shape)] as const), ['GATEWAY', Object.keys(gatewayEnv.shape)] as const];
  const foreign = settings.flatMap(([own, keys]) => keys.filter((key) => !everyones.has(key) && prefixes.some((prefix) => prefix !== own && key.startsWith(`${prefix}_`))).map((key) => `${own}: ${key}`));
  expect(foreign).toEqual([]);
});

describe('started from dist/ with plain node', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'praxis-dist-'));
  const running: BuiltProcess[] = [];
  afterAll(async () => {
    for (const built of running.reverse()) await built.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  test('a subgraph and the gateway start, answer their probes, ignore other processes’ settings, and stop cleanly on SIGTERM', async () => {
    const db = await workerDatabase();
    // Other processes' settings, each one invalid: a process that parsed them would refuse to start.
    const others = { MEMBERSHIP_DB_POOL_SIZE: 'many', RESOURCES_PORT: 'not-a-port', GATEWAY_PORT: 'x', AUTH_SIGNING_KEYS: 'not json', SUBGRAPH_URLS: '::', EVENTS_DATABASE_URL: 'nowhere' };
    const eventsPort = await freePort();
    const events = await startBuilt({
      entry: join(ROOT, dirOf('@praxis/events'), 'dist/main.js'),
      cwd,
      port: eventsPort,
      env: { ...others, NODE_ENV: 'test', LOG_LEVEL: 'warn', EVENTS_PORT: String(eventsPort), EVENTS_DATABASE_URL: db.urlFor('events'), EVENTS_DB_POOL_SIZE: '2', EVENTS_WORKERS: 'false' },
    });
    running.push(events);
    const readiness = await request(`${events.url}/health/ready`);
    expect(await readiness.body.json()).toEqual({ status: 'ready' });

    const gatewayPort = await freePort();
    const gateway = await startBuilt({
      entry: join(ROOT, 'gateway/dist/main.js'),
      cwd,
      port: gatewayPort,
      env: { ...others, NODE_ENV: 'test', LOG_LEVEL: 'warn', GATEWAY_PORT: String(gatewayPort), SUBGRAPH_URLS: `events=${events.url}/graphql`, MEMBERSHIP_INTERNAL_URL: `http://127.0.0.1:${await freePort()}`, ADMIN_APP_DIR: join(cwd, 'none') },
    });
    running.push(gateway);
    const answer = await request(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(await answer.body.json()).toEqual({ data: { __typename: 'Query' } });

    expect(await running.pop()!.stop()).toBe(0);
    expect(await running.pop()!.stop()).toBe(0);
  }, 60_000);
});

test('the built dist/ has a source map beside every file', () => {
  const missing = runtimeWorkspaces(PROCESSES).flatMap((dir) => jsFiles(join(ROOT, dir, 'dist')).filter((file) => !readdirSync(dirname(file)).includes(`${file.slice(dirname(file).length + 1)}.map`)));
  expect(missing).toEqual([]);
});
