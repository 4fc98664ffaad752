import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { REPO_ROOT } from '@praxis/platform';

/** How a replica is run: from TypeScript through tsx, or from `npm run build`'s dist. */
export type RunFrom = 'source' | 'dist';

/** Lines of output kept per replica: enough for a failure message and the test's log checks. */
const KEPT_LINES = 20_000;

/** One OS process of a subgraph or the gateway, with its own settings only. */
export interface Replica {
  /** `membership#1`, `gateway#2`. */
  name: string;
  service: string;
  url: string;
  port: number;
  env: Record<string, string>;
  child: ChildProcess;
  /** Its X-Praxis-Instance, once it has answered. */
  instance?: string;
  /** JSON log lines it printed (others are kept as { msg }). */
  logs(): Record<string, unknown>[];
  output(): string;
  exited(): boolean;
  waitReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM and the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crashed node would. */
  kill(): Promise<void>;
}

/** The tracing preload, as the image and each package's `npm start` run it: it does nothing without OTEL_* settings. */
const TRACING_PRELOAD = ['--import', '@praxis/platform/tracing/register'];

export function entryOf(directory: string, from: RunFrom): string[] {
  if (from === 'dist') {
    const built = join(REPO_ROOT, directory, 'dist', 'main.js');
    if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
    return [...TRACING_PRELOAD, built];
  }
  return ['--conditions=praxis-source', '--import', 'tsx', ...TRACING_PRELOAD, join(REPO_ROOT, directory, 'src', 'main.ts')];
}

/**
 * The standard OpenTelemetry variables of `source`, for every replica: no env.ts lists them, the
 * preload reads them. All but OTEL_SERVICE_NAME, which would give every process one name: each
 * takes its service's from its entry instead, and OTEL_RESOURCE_ATTRIBUTES names the replica.
 */
export function tracingEnvOf(source: Record<string, string | undefined>, replica: string): Record<string, string> {
  const passed = Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => entry[0].startsWith('OTEL_') && entry[0] !== 'OTEL_SERVICE_NAME' && entry[1] !== undefined));
  if (Object.keys(passed).length === 0) return {};
  const instance = `service.instance.id=${replica}`;
  return { ...passed, OTEL_RESOURCE_ATTRIBUTES: passed.OTEL_RESOURCE_ATTRIBUTES ? `${passed.OTEL_RESOURCE_ATTRIBUTES},${instance}` : instance };
}

/** Starts `node <entry>` with exactly `env` (and PATH); it is ready when its readiness probe says so. */
export function spawnReplica(options: { name: string; service: string; directory: string; port: number; host: string; env: Record<string, string>; from: RunFrom; echo?: boolean }): Replica {
  const child = spawn(process.execPath, entryOf(options.directory, options.from), {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (options.echo) for (const line of parts) process.stdout.write(`${options.name.padEnd(16)} ${line}\n`);
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let gone = false;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => ((gone = true), resolve(code))));
  const replica: Replica = {
    name: options.name,
    service: options.service,
    url: `http://${options.host}:${options.port}`,
    port: options.port,
    env: options.env,
    child,
    logs: () =>
      lines.flatMap((line) => {
        if (!line.trim()) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [{ msg: line }];
        }
      }),
    output: () => [...lines, partial].join('\n'),
    exited: () => gone,
    async waitReady(timeoutMs = 300_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (gone) throw new Error(`${options.name} exited before it was ready:\n${replica.output().slice(-4000)}`);
        if (replica.port === 0) {
          // Port 0: the kernel's choice, read from the line the process logs when it listens.
          const listening = replica.logs().find((line) => line.msg === 'subgraph listening' || line.msg === 'gateway listening');
          if (listening) {
            replica.url = new URL(String(listening.url)).origin;
            replica.port = Number(new URL(replica.url).port);
          } else {
            if (Date.now() > deadline) throw new Error(`${options.name} did not listen within ${timeoutMs} ms:\n${replica.output().slice(-4000)}`);
            await sleep(100);
            continue;
          }
        }
        const answer = await request(`${replica.url}/health/ready`).then(
          async (response) => {
            await response.body.dump();
            return { status: response.statusCode, instance: response.headers['x-praxis-instance'] };
          },
          () => ({ status: 0, instance: undefined }),
        );
        if (answer.status === 200) {
          if (typeof answer.instance === 'string') replica.instance = answer.instance;
          return;
        }
        if (Date.now() > deadline) throw new Error(`${options.name} was not ready within ${timeoutMs} ms (last status ${answer.status}):\n${replica.output().slice(-4000)}`);
        await sleep(100);
      }
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      return exit;
    },
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exit;
    },
  };
  return replica;
}
