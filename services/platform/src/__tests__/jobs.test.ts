import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '../db/datasource';
import { JobQueue } from '../jobs/queue';
import { createLogger } from '../logging/logger';
import { resetDatabase, workerDatabase } from '../testing';

const SERVICE = { schema: 'membership', jobSchema: 'membership_jobs' };
let dataSource: DataSource;
let jobs: JobQueue;
const done: number[] = [];

beforeAll(async () => {
  await resetDatabase([SERVICE]);
  const url = (await workerDatabase()).urlFor('membership');
  dataSource = createServiceDataSource({ url, schema: 'membership', entities: [], migrations: [], applicationName: 'jobs-test' }).dataSource;
  await dataSource.initialize();
  jobs = new JobQueue({ url, schema: 'membership_jobs', logger: createLogger({ service: 'jobs-test', level: 'silent' }), workers: true, pollingIntervalSeconds: 0.5, applicationName: 'jobs-test' });
  jobs.register<{ n: number }>({ name: 'test.record', handle: async ({ n }) => void done.push(n) });
  await jobs.start();
});
afterAll(async () => {
  await jobs.stop();
  await dataSource.destroy();
});

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
