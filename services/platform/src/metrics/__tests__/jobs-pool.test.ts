import { setTimeout as sleep } from 'node:timers/promises';
import { JobQueue } from '../../jobs/queue';
import { createLogger } from '../../logging/logger';
import { resetDatabase, workerDatabase } from '../../testing';
import { parseExposition, sampleValue } from '../exposition';
import { ServiceMetrics } from '../registry';

/** pg-boss's own connections show beside the service's pools, as the pool `jobs`. */
let jobs: JobQueue;
const metrics = new ServiceMetrics('membership');
let handled = 0;

beforeAll(async () => {
  await resetDatabase([{ schema: 'membership', jobSchema: 'membership_jobs' }]);
  const url = (await workerDatabase()).urlFor('membership');
  jobs = new JobQueue({ url, schema: 'membership_jobs', logger: createLogger({ service: 'jobs-pool-test', level: 'silent' }), workers: true, applicationName: 'jobs-pool-test', metrics, pollingIntervalSeconds: 1 });
  jobs.register({ name: 'test.pool', handle: async () => void (handled += 1) });
  await jobs.start();
});
afterAll(() => jobs?.stop());

test('the job queue reports its pg-boss pool: connections in use and idle, callers waiting, and statement time', async () => {
  await jobs.send('test.pool', {});
  for (let waited = 0; handled === 0 && waited < 20_000; waited += 100) await sleep(100);
  expect(handled).toBe(1);

  const samples = parseExposition((await metrics.scrape()).body);
  const inUse = sampleValue(samples, 'praxis_db_pool_connections', { pool: 'jobs', state: 'in_use' });
  const idle = sampleValue(samples, 'praxis_db_pool_connections', { pool: 'jobs', state: 'idle' });
  expect(inUse).toBeGreaterThanOrEqual(0);
  expect(idle).toBeGreaterThanOrEqual(0);
  // The queue opens at most four connections (max: 4), and has opened at least one.
  expect(inUse! + idle!).toBeGreaterThan(0);
  expect(inUse! + idle!).toBeLessThanOrEqual(4);
  expect(sampleValue(samples, 'praxis_db_pool_waiting', { pool: 'jobs' })).toBe(0);
  expect(sampleValue(samples, 'praxis_db_statement_duration_seconds_count', { pool: 'jobs' })).toBeGreaterThan(0);
});
