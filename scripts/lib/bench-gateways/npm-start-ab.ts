/**
 * Two checkouts' `npm start` stacks side by side (say a git worktree of an older commit, and this
 * one), each on a fresh data folder with the demo data, loaded in turn with the signed-in
 * community page, so their ratio comes from one session on one machine.
 *
 *   tsx --conditions=praxis-source scripts/lib/bench-gateways/npm-start-ab.ts --before /tmp/wt-before --after . [--rounds 3 --seconds 15 --connections 32]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { benchStartEnv, gatewayClient } from '../bench';
import { load, summarise, type Sample } from './rounds';
import { COMMUNITY_PAGE } from './scenarios';

const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Stack {
  name: string;
  url: string;
  child: ChildProcess;
}

function startStack(name: string, tree: string, basePort: number): Stack {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    ...benchStartEnv(basePort, mkdtempSync(join(tmpdir(), `praxis-ab-${name}-`))),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=praxis-source', 'scripts/start.ts'], { cwd: tree, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return { name, url: `http://127.0.0.1:${basePort}`, child };
}

async function ready(stack: Stack): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    if (stack.child.exitCode !== null) throw new Error(`${stack.name} exited with ${stack.child.exitCode}`);
    const status = await request(`${stack.url}/health/ready`).then(
      async (response) => (await response.body.dump(), response.statusCode),
      () => 0,
    );
    if (status === 200) return;
    await sleep(1000);
  }
  throw new Error(`${stack.name} was not ready in time`);
}

async function main(): Promise<void> {
  const rounds = Number(option('rounds') ?? 3);
  const seconds = Number(option('seconds') ?? 15);
  const connections = Number(option('connections') ?? 32);
  const stacks = [startStack('before', resolve(option('before')!), 4700), startStack('after', resolve(option('after') ?? '.'), 4800)];
  try {
    await Promise.all(stacks.map(ready));
    const targets = await Promise.all(
      stacks.map(async (stack) => {
        const token = await gatewayClient(`${stack.url}/graphql`).signIn('coordinator@example.org');
        return { name: stack.name, url: `${stack.url}/graphql`, headers: { authorization: `Bearer ${token}` } };
      }),
    );
    const scenario = { name: 'signed-in community page', query: COMMUNITY_PAGE, variables: { network: 'hpco', slug: 'hcc-acp' }, targets };
    const samples = new Map<string, Sample[]>(targets.map((target) => [target.name, []]));
    for (const target of targets) await load(target, scenario, 5, connections);
    for (let round = 0; round < rounds; round += 1) {
      for (const target of round % 2 ? [...targets].reverse() : targets) {
        const sample = await load(target, scenario, seconds, connections);
        samples.get(target.name)!.push(sample);
        log(`round ${round + 1} ${target.name.padEnd(7)} ${sample.requestsPerSecond.toFixed(0).padStart(5)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms  errors ${sample.errors}`);
      }
    }
    const before = summarise(samples.get('before')!);
    const after = summarise(samples.get('after')!);
    log(`median before ${before.requestsPerSecond.toFixed(0)} req/s p50 ${before.p50} ms p99 ${before.p99} ms; after ${after.requestsPerSecond.toFixed(0)} req/s p50 ${after.p50} ms p99 ${after.p99} ms`);
    log(`after ÷ before: ${(after.requestsPerSecond / before.requestsPerSecond).toFixed(2)} (req/s), p50 ${(before.p50 / after.p50).toFixed(2)}× lower`);
  } finally {
    for (const stack of stacks) stack.child.kill('SIGTERM');
    await Promise.all(stacks.map((stack) => (stack.child.exitCode === null ? new Promise((done) => stack.child.once('exit', done)) : undefined)));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
