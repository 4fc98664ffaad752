import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '../db/datasource';
import { JobQueue } from '../jobs/queue';
import { createLogger } from '../logging/logger';
import { resetDatabase, workerDatabase } from '../testing';

const SERVICE = { schema: 'membership', jobSchema: 'membership_jobs' };
let dataSource: DataSource;
let jobs: JobQueue;
const done: number[] = [];

/** When each job of a queue started, by its `n`. */
const started = { burst: new Map<number, number>(), later: new Map<number, number>() };
const parallel = { inFlight: 0, maxInFlight: 0, handled: 0 };
const flaky = { attempts: new Map<number, number>(), completed: new Set<number>() };
const PARALLEL_CONCURRENCY = 3;

beforeAll(async () => {
  await resetDatabase([SERVICE]);
  const url = (await workerDatabase()).urlFor('membership');
  dataSource = createServiceDataSource({ url, schema: 'membership', entities: [], migrations: [], applicationName: 'jobs-test' }).dataSource;
  await dataSource.initialize();
  // No pollingIntervalSeconds: the services' default (JOBS_POLL_SECONDS) is what these tests hold to.
  jobs = new JobQueue({ url, schema: 'membership_jobs', logger: createLogger({ service: 'jobs-test', level: 'silent' }), workers: true, applicationName: 'jobs-test' });
  jobs.register<{ n: number }>({ name: 'test.record', handle: async ({ n }) => void done.push(n) });
  jobs.register<{ n: number }>({ name: 'test.burst', handle: async ({ n }) => void started.burst.set(n, Date.now()) });
  jobs.register<{ n: number }>({ name: 'test.later', handle: async ({ n }) => void started.later.set(n, Date.now()) });
  jobs.register<{ n: number }>({
    name: 'test.parallel',
    batchSize: 6,
    concurrency: PARALLEL_CONCURRENCY,
    handle: async () => {
      parallel.inFlight += 1;
      parallel.maxInFlight = Math.max(parallel.maxInFlight, parallel.inFlight);
      // Waits for the others of its round, so overlap is seen whenever it can happen; the timeout
      // only lets a one-at-a-time worker go on, and no assertion depends on it.
      await until(() => parallel.inFlight >= PARALLEL_CONCURRENCY, 1_000);
      parallel.handled += 1;
      parallel.inFlight -= 1;
    },
  });
  jobs.register<{ n: number }>({
    name: 'test.flaky',
    batchSize: 5,
    concurrency: 5,
    retryDelaySeconds: 1,
    handle: async ({ n }) => {
      const attempt = (flaky.attempts.get(n) ?? 0) + 1;
      flaky.attempts.set(n, attempt);
      if (n === 3 && attempt === 1) throw new Error('SMTP said no, this once');
      flaky.completed.add(n);
    },
  });
  await jobs.start();
});
afterAll(async () => {
  await jobs.stop();
  await dataSource.destroy();
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function settled(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await jobs.backlog('test.record')) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

test('a job enqueued in a transaction runs only if the transaction commits', async () => {
  await expect(
    dataSource.transaction(async (manager) => {
      await jobs.send('test.record', { n: 1 }, { manager });
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  await dataSource.transaction((manager) => jobs.send('test.record', { n: 2 }, { manager }));
  await settled();
  const deadline = Date.now() + 5000;
  while (!done.includes(2) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(done).toEqual([2]);
  expect((await jobs.find('test.record')).map((job) => job.data)).toEqual([{ n: 2 }]);
});

test('sending to an unregistered queue is a programming error, caught at once', async () => {
  await expect(jobs.send('no.such.queue', {})).rejects.toThrow('unknown job no.such.queue');
});

// A burst arrives as one insert and one NOTIFY. Each job must still start within seconds, not one
// per 30 s backstop poll after the first (issue 12: 147 sign-ups, 2 emails every 30 s).
test('every job of a burst starts within seconds of being queued, at the default polling interval', async () => {
  const queuedAt = Date.now();
  await jobs.sendMany('test.burst', Array.from({ length: 12 }, (_, n) => ({ data: { n } })));
  await until(() => started.burst.size === 12, 8_000);
  expect(started.burst.size).toBe(12);
  expect(Math.max(...[...started.burst.values()].map((at) => at - queuedAt))).toBeLessThan(5_000);
});

// A job due later (and a retry) wakes no worker by NOTIFY; polling must find it, at JOBS_POLL_SECONDS.
test('a job due later starts within the polling interval of falling due', async () => {
  const dueAt = Date.now() + 1_000;
  await jobs.send('test.later', { n: 1 }, { startAfter: new Date(dueAt) });
  await until(() => started.later.has(1), 8_000);
  expect(started.later.get(1)! - dueAt).toBeLessThan(5_000);
});

test('a batch is worked concurrently, never beyond its concurrency', async () => {
  await jobs.sendMany('test.parallel', Array.from({ length: 6 }, (_, n) => ({ data: { n } })));
  await until(() => parallel.handled === 6, 10_000);
  expect(parallel.handled).toBe(6);
  expect(parallel.maxInFlight).toBeGreaterThan(1);
  expect(parallel.maxInFlight).toBeLessThanOrEqual(PARALLEL_CONCURRENCY);
});

test('one failing job of a batch is retried alone while the others complete once', async () => {
  await jobs.sendMany('test.flaky', [1, 2, 3, 4, 5].map((n) => ({ data: { n } })));
  await until(() => flaky.completed.size === 5, 15_000);
  expect(Object.fromEntries(flaky.attempts)).toEqual({ 1: 1, 2: 1, 3: 2, 4: 1, 5: 1 });
  const states = async () => Object.fromEntries((await jobs.find<{ n: number }>('test.flaky')).map((job) => [job.data.n, job.state]));
  // A handler returns before the queue records its job as completed: wait for the record, not the return.
  await until(async () => Object.values(await states()).every((state) => state === 'completed'), 5_000);
  expect(await states()).toEqual({ 1: 'completed', 2: 'completed', 3: 'completed', 4: 'completed', 5: 'completed' });
});
