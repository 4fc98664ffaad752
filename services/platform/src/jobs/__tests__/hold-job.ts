/**
 * A worker process for heartbeat.test.ts: it works `test.heartbeat` jobs and never finishes one,
 * saying which job it holds, until the test kills it as a crashed node would die.
 * Arguments: the database URL, the queue schema, the heartbeat in seconds.
 */
import { createLogger } from '../../logging/logger';
import { JobQueue } from '../queue';

const [url, schema, heartbeatSeconds] = process.argv.slice(2);
const jobs = new JobQueue({ url: url!, schema: schema!, logger: createLogger({ service: 'hold-job', level: 'silent' }), workers: true, pollingIntervalSeconds: 0.5, heartbeatSeconds: Number(heartbeatSeconds), applicationName: 'hold-job' });
jobs.register<object>({
  name: 'test.heartbeat',
  retryDelaySeconds: 1,
  handle: (_, job) => {
    process.stdout.write(`${JSON.stringify({ held: job.id })}\n`);
    return new Promise<void>(() => undefined);
  },
});
void jobs.start().then(() => process.stdout.write(`${JSON.stringify({ ready: true })}\n`));
