/**
 * `npm run bench:processes`: each subgraph and the gateway built and started from dist/ with plain
 * `node`, one OS process each, as the images run them, against a throwaway PostgreSQL. Prints the
 * time from spawn to a 200 from /health/ready (the first start applies every migration; later
 * starts find them current) and the resident memory after sitting idle. Figures, not tests.
 *
 *   npm run bench:processes -- --runs 3 --idle 10 [--no-build]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateSigningKey } from '@praxis/membership';
import { loadServiceModules, provisionDatabase, readSubgraphs, serviceRole, withCredentials } from '@praxis/platform';
import { acquireTestPostgres, freePort } from '@praxis/postgres';
import { percentile } from '../lib/bench';
import { build, buildableWorkspaces, ROOT, workspaceOf } from '../lib/build';
import { startBuilt, type BuiltProcess } from '../lib/processes';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const PASSWORD = 'bench-processes';
const DATABASE = 'praxis_bench';

async function main(): Promise<void> {
  const runs = Math.max(2, argument('runs', 3));
  const idleSeconds = argument('idle', 10);
  if (!process.argv.includes('--no-build')) build(buildableWorkspaces());
  const subgraphs = readSubgraphs();
  const pg = await acquireTestPostgres();
  const work = mkdtempSync(join(tmpdir(), 'praxis-bench-processes-'));
  const figures = new Map<string, { readyMs: number[]; cpuMs: number[]; rssBytes: number[] }>();
  try {
    await provisionDatabase({
      adminUrl: pg.adminUrl,
      database: DATABASE,
      servicePassword: PASSWORD,
      services: loadServiceModules().map((module) => ({ name: module.name, schema: module.schema, jobSchema: module.jobSchema })),
    });
    const shared = {
      LOG_LEVEL: 'warn',
      INTERNAL_AUTH_SECRET: 'benchmark-only-secret-not-for-real-deployments',
      AUTH_SIGNING_KEYS: JSON.stringify([await generateSigningKey()]),
      EMAIL_DIR: join(work, 'mail'),
      RESOURCES_DATA_DIR: join(work, 'files'),
      AUDIT_SPOOL_DIR: join(work, 'audit-spool'),
    };
    for (let run = 1; run <= runs; run += 1) {
      const running: [string, BuiltProcess][] = [];
      try {
        const env: Record<string, string> = { ...shared };
        for (const entry of subgraphs) {
          const prefix = entry.name.toUpperCase();
          const port = await freePort();
          const started = await startBuilt({
            entry: join(ROOT, workspaceOf(entry.package), 'dist/main.js'),
            cwd: work,
            port,
            env: { ...env, [`${prefix}_PORT`]: String(port), [`${prefix}_DATABASE_URL`]: withCredentials(pg.adminUrl, serviceRole(entry.name), PASSWORD, DATABASE) },
            timeoutMs: 120_000,
          });
          running.push([entry.name, started]);
          if (entry.name === 'membership') env.MEMBERSHIP_INTERNAL_URL = started.url;
        }
        const port = await freePort();
        const gateway = await startBuilt({
          entry: join(ROOT, 'gateway/dist/main.js'),
          cwd: work,
          port,
          env: {
            ...shared,
            GATEWAY_PORT: String(port),
            MEMBERSHIP_INTERNAL_URL: env.MEMBERSHIP_INTERNAL_URL!,
            SUBGRAPH_URLS: running.map(([name, service]) => `${name}=${service.url}/graphql`).join(','),
            ADMIN_APP_DIR: join(work, 'no-admin-app'),
          },
        });
        running.push(['gateway', gateway]);
        await sleep(idleSeconds * 1000);
        for (const [name, service] of running) {
          const figure = figures.get(name) ?? { readyMs: [], cpuMs: [], rssBytes: [] };
          figure.readyMs.push(service.readyMs);
          figure.cpuMs.push(service.readyCpuMs);
          figure.rssBytes.push(service.rssBytes());
          figures.set(name, figure);
        }
      } finally {
        for (const [name, service] of running.reverse()) {
          const code = await service.stop();
          if (code !== 0) process.stderr.write(`${name} exited with ${code} on SIGTERM:\n${service.output()}\n`);
        }
      }
    }
  } finally {
    await pg.stop();
    rmSync(work, { recursive: true, force: true });
  }

  const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
  process.stdout.write(`\nfrom dist/ with plain node, ${runs} runs, RSS after ${idleSeconds} s idle (workers on); start is spawn to a 200 from /health/ready\n`);
  process.stdout.write(`${'process'.padEnd(15)}${'first start (migrates)'.padStart(24)}${'start, median'.padStart(16)}${'CPU to ready'.padStart(15)}${'idle RSS, median'.padStart(19)}\n`);
  for (const [name, figure] of figures) {
    const [first, ...later] = figure.readyMs;
    const cpu = median(figure.cpuMs.slice(1));
    process.stdout.write(
      `${name.padEnd(15)}${`${Math.round(first!)} ms`.padStart(24)}${`${Math.round(median(later))} ms`.padStart(16)}${`${cpu} ms`.padStart(15)}${`${(median(figure.rssBytes) / 1048576).toFixed(0)} MB`.padStart(19)}\n`,
    );
  }
  const load = loadavg()[0]!;
  process.stdout.write(`load average while measuring: ${load.toFixed(1)} (start times grow with it; CPU to ready hardly does)\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
