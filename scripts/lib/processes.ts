import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

/** One built process (`node [nodeArgs] <entry>`), as a container runs it: no tsx, no loader, no NODE_OPTIONS. */
export interface BuiltProcess {
  child: ChildProcess;
  url: string;
  /** From spawn to the first 200 from /health/ready. */
  readyMs: number;
  /** What it printed, for failure messages. */
  output(): string;
  /** Resident memory now, from /proc. */
  rssBytes(): number;
  /** CPU time (user and system) it had used when it became ready: start-up cost that a busy machine does not inflate. */
  readyCpuMs: number;
  /** SIGTERM, then the exit code (it must stop by itself within the stop deadline). */
  stop(): Promise<number | null>;
}

/**
 * Starts `node <entry>` with exactly the given environment (plus PATH) and waits until its
 * readiness probe answers 200. NODE_OPTIONS and NODE_PATH are never passed, so a module that only
 * resolves through a loader or a source condition fails here as it would in an image.
 */
export async function startBuilt(options: { entry: string; cwd: string; port: number; env: Record<string, string>; timeoutMs?: number; node?: string; nodeArgs?: string[] }): Promise<BuiltProcess> {
  const started = performance.now();
  const child = spawn(options.node ?? process.execPath, [...(options.nodeArgs ?? []), options.entry], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (gone) throw new Error(`${options.entry} exited before it was ready:\n${output}`);
    const status = await request(`${url}/health/ready`).then(
      async (response) => {
        await response.body.dump();
        return response.statusCode;
      },
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.entry} was not ready within ${options.timeoutMs ?? 60_000} ms (last status ${status}):\n${output}`);
    }
    await sleep(50);
  }
  const readyMs = performance.now() - started;
  const readyCpuMs = cpuMs(child.pid!);
  return {
    child,
    url,
    readyMs,
    readyCpuMs,
    output: () => output,
    rssBytes: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    async stop() {
      if (!gone) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** User and system CPU time of a process, from /proc/<pid>/stat (in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
