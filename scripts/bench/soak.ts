/**
 * `npm run bench:soak`: runs `npm start`'s stack as its own process on a fresh data folder with the
 * demo data, then loads the signed-in community page (four subgraphs) for ten minutes at 32
 * connections and prints the stack process's resident memory every minute. A leak shows as RSS
 * that keeps climbing after warm-up; a heap that has found its size stays flat.
 *
 *   npm run bench:soak -- --minutes 10 --connections 32
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { request } from 'undici';
import { benchStartEnv, gatewayClient } from '../lib/bench';
import { communityPageQuery } from '../lib/community-page';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};

const ROOT = resolve(__dirname, '../..');

/** The signed-in community page: what a member's front-end asks for when they open a community. */
const COMMUNITY_PAGE = communityPageQuery({ by: 'slug' });

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function waitForReady(url: string, child: { exitCode: number | null }): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the stack exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await request(`${url}/health/ready`);
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error('the stack was not ready within 3 minutes');
}

async function main(): Promise<void> {
  const minutes = argument('minutes', 10);
  const connections = argument('connections', 32);
  const port = argument('port', 4900);
  const dataDir = await mkdtemp(join(tmpdir(), 'praxis-soak-'));
  // Node runs the stack itself (tsx as a loader, not as a wrapper process), so the pid measured
  // is the process that serves the graph.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=praxis-source', 'scripts/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...benchStartEnv(port, dataDir),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(url, child);
    const { signIn } = gatewayClient(`${url}/graphql`);
    const token = await signIn('coordinator@example.org');
    const body = JSON.stringify({ query: COMMUNITY_PAGE, variables: { network: 'hpco', slug: 'hcc-acp' } });
    process.stdout.write(`stack pid ${child.pid}, RSS at rest ${(await rssOf(child.pid!)).toFixed(0)} MB\n`);
    process.stdout.write(`minute  requests  errors  req/s  p50 ms  p99 ms  RSS MB\n`);
    const samples: number[] = [];
    let totalErrors = 0;
    for (let minute = 1; minute <= minutes; minute += 1) {
      const result = await autocannon({
        url: `${url}/graphql`,
        method: 'POST',
        connections,
        duration: 60,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      const rss = await rssOf(child.pid!);
      samples.push(rss);
      const errors = result.errors + result.non2xx + result.timeouts;
      totalErrors += errors;
      process.stdout.write(
        `${String(minute).padStart(6)}  ${String(result.requests.total).padStart(8)}  ${String(errors).padStart(6)}  ${String(Math.round(result.requests.average)).padStart(5)}  ${String(result.latency.p50).padStart(6)}  ${String(result.latency.p99).padStart(6)}  ${rss.toFixed(0).padStart(6)}\n`,
      );
    }
    // Warm-up is the first two minutes: caches fill and V8 sizes its heap to the load.
    const settled = samples.slice(2);
    if (settled.length >= 2) {
      const growth = (settled[settled.length - 1]! - settled[0]!) / settled[0]!;
      process.stdout.write(`RSS after warm-up: ${settled[0]!.toFixed(0)} → ${settled[settled.length - 1]!.toFixed(0)} MB (${(growth * 100).toFixed(1)}%, target within 10%); errors ${totalErrors} (target 0)\n`);
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGINT');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
