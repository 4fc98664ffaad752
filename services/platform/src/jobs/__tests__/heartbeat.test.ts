import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../config/subgraphs';
import { createLogger } from '../../logging/logger';
import { resetDatabase, workerDatabase } from '../../testing';
import { JobQueue } from '../queue';

/**
 * A job whose worker dies is taken again once the dead worker's heartbeat lapses
 * (JOBS_HEARTBEAT_SECONDS), not after the job's expiry (300 s): a worker process is killed
 * holding a job, and a worker started afterwards finishes it.
 */
const SERVICE = { schema: 'membership', jobSchema: 'membership_jobs' };
const HEARTBEAT_SECONDS = 10;
const logger = createLogger({ service: 'heartbeat-test', level: 'silent' });
const queues: JobQueue[] = [];
let holder: ChildProcess | undefined;

const queue = (url: string, workers: boolean, handle: (id: string) => void = () => undefined) => {
  const jobs = new JobQueue({ url, schema: SERVICE.jobSchema, logger, workers, pollingIntervalSeconds: 0.5, heartbeatSeconds: HEARTBEAT_SECONDS, applicationName: 'heartbeat-test' });
  jobs.register<object>({ name: 'test.heartbeat', retryDelaySeconds: 1, handle: async (_, job) => handle(job.id) });
  queues.push(jobs);
  return jobs;
};

/** Resolves with the first line of the holder's output that has `key`. */
const said = (child: ChildProcess, key: string) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const line = text
        .split('\n')
        .slice(0, -1)
        .filter((part) => part.startsWith('{'))
        .map((part) => JSON.parse(part) as Record<string, unknown>)
        .find((parsed) => key in parsed);
      if (line) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the holding worker exited (${code}) before saying ${key}`)));
  });

afterAll(async () => {
  holder?.kill('SIGKILL');
  for (const jobs of queues) await jobs.stop();
});

test("a killed worker's job is taken again within seconds of its heartbeat lapsing, not at its expiry", async () => {
  await resetDatabase([SERVICE]);
  const url = (await workerDatabase()).urlFor('membership');
  const client = queue(url, false);
  await client.start();

  holder = spawn(process.execPath, ['--conditions=praxis-source', '--import', 'tsx', join(__dirname, 'hold-job.ts'), url, SERVICE.jobSchema, String(HEARTBEAT_SECONDS)], { cwd: REPO_ROOT, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'inherit'] });
  const held = said(holder, 'held');
  held.catch(() => undefined);
  await said(holder, 'ready');
  const id = await client.send('test.heartbeat', {});
  expect((await held).held).toBe(id);
  holder.kill('SIGKILL');
  const killedAt = Date.now();

  const finished = new Promise<string>((resolve) => queue(url, true, resolve).start());
  let timer: NodeJS.Timeout | undefined;
  const finishedBy = await Promise.race([finished, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('nothing within 60 s'), 60_000)))]);
  clearTimeout(timer);
  const seconds = (Date.now() - killedAt) / 1000;
  expect(finishedBy).toBe(id);
  // Not before the heartbeat lapsed; then up to a supervisor round (5 s), the retry delay (1 to 2 s)
  // and a poll. Without a heartbeat the attempt stays active until its expiry, 300 s.
  expect(seconds).toBeGreaterThan(HEARTBEAT_SECONDS - 1);
  process.stdout.write(`[heartbeat] killed worker's job finished by another after ${seconds.toFixed(1)} s\n`);
}, 120_000);
