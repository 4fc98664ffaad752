import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { freePort } from '@praxis/postgres';
import { REPO_ROOT } from '@praxis/platform';
import { BENCH_DIR } from './stack';

/** The peer, pinned: the version the issue measured. Installed in the benchmark folder, never a project dependency. */
export const HIVE_GATEWAY_VERSION = '2.15.1';
const DELEGATE_VERSION = '12.2.0';
const HIVE_DIR = join(BENCH_DIR, 'hive');
const BIN = join(HIVE_DIR, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');

/** Installs Hive Gateway into the benchmark folder with npm unless that version is there already. */
export function ensureHiveGateway(log: (line: string) => void): void {
  const versionOf = (name: string) => {
    const manifest = join(HIVE_DIR, 'node_modules', name, 'package.json');
    return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
  };
  if (versionOf('@graphql-hive/gateway') === HIVE_GATEWAY_VERSION && versionOf('@graphql-tools/delegate') === DELEGATE_VERSION) return;
  log(`installing @graphql-hive/gateway@${HIVE_GATEWAY_VERSION} into ${HIVE_DIR}…`);
  mkdirSync(HIVE_DIR, { recursive: true });
  writeFileSync(
    join(HIVE_DIR, 'package.json'),
    JSON.stringify({
      name: 'praxis-bench-hive-gateway',
      private: true,
      dependencies: { '@graphql-hive/gateway': HIVE_GATEWAY_VERSION },
      // Pinned as the project's own override pins it, so every install resolves alike.
      overrides: { '@graphql-tools/delegate': DELEGATE_VERSION },
    }),
  );
  execFileSync('npm', ['install', '--prefix', HIVE_DIR, '--no-audit', '--no-fund', '--ignore-scripts'], { stdio: 'inherit' });
}

export interface HiveGateway {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Hive Gateway as its own process over the running subgraphs: the same supergraph with their
 * addresses, the viewer statement passed on to every subgraph, and in-flight deduplication of
 * subgraph requests on (its default) or off.
 */
export async function startHiveGateway(options: { subgraphUrls: Record<string, string>; dedupe: boolean; nodeOptions?: string }): Promise<HiveGateway> {
  const label = options.dedupe ? 'defaults' : 'no-dedupe';
  const dir = join(HIVE_DIR, label);
  mkdirSync(dir, { recursive: true });
  let supergraph = readFileSync(join(REPO_ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  for (const [name, url] of Object.entries(options.subgraphUrls)) {
    supergraph = supergraph.replace(new RegExp(`@join__graph\\(name: "${name}", url: "[^"]*"\\)`), `@join__graph(name: "${name}", url: "${url}")`);
  }
  writeFileSync(join(dir, 'supergraph.graphql'), supergraph);
  writeFileSync(
    join(dir, 'gateway.config.mjs'),
    `export const gatewayConfig = {
  supergraph: './supergraph.graphql',
  logging: 'error',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ 'x-praxis-viewer': request.headers.get('x-praxis-viewer') ?? undefined }),
  },
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: ${options.dedupe} } } },
};
`,
  );
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'supergraph', './supergraph.graphql', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production', ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Hive Gateway exited before it was ready:\n${output}`);
    const status = await request(`${url}/readiness`).then(
      async (response) => (await response.body.dump(), response.statusCode),
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Hive Gateway was not ready within 60 s:\n${output}`);
    }
    await sleep(200);
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
