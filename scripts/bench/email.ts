/**
 * `npm run bench:email`: queues 200 verification emails, each in its own transaction as sign-ups
 * do, through the real job queue and the membership email job into a real SMTP server
 * (smtp-server, in-process), and prints the time until the last one is delivered (issue 12:
 * target under 20 s). PostgreSQL is embedded, durable as `npm start` runs it, in a temporary
 * folder; with DATABASE_URL set, that server is used instead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type LocalPostgres } from '@praxis/postgres';
import { createLogger, createServiceDataSource, JobQueue, mapBounded, provisionDatabase, serviceRole, withCredentials } from '@praxis/platform';
import { startSmtpCapture } from '@praxis/platform/testing';
import { EmailOutbox, SEND_EMAIL_JOB } from '../../services/membership/src/membership/emails';
import { stackEnv } from '../lib/env';

const EMAILS = 200;
/** Sign-ups arriving at once, each enqueueing its email in its own transaction. */
const SIGN_UPS_IN_FLIGHT = 8;
const DATABASE = 'praxis_bench_email';
const PASSWORD = 'praxis-bench-email';

async function main(): Promise<void> {
  const logger = createLogger({ service: 'bench-email', level: 'warn' });
  let dataDir: string | undefined;
  let postgres: LocalPostgres | undefined;
  let adminUrl = stackEnv.DATABASE_URL;
  if (!adminUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'praxis-bench-email-'));
    postgres = await startEmbeddedPostgres({ dataDir, persistent: false });
    adminUrl = postgres.adminUrl;
  }
  const smtp = await startSmtpCapture();
  try {
    await provisionDatabase({ adminUrl, database: DATABASE, servicePassword: PASSWORD, services: [{ name: 'membership', schema: 'membership', jobSchema: 'membership_jobs' }] });
    const url = withCredentials(adminUrl, serviceRole('membership'), PASSWORD, DATABASE);
    const { dataSource } = createServiceDataSource({ url, schema: 'membership', entities: [], migrations: [], applicationName: 'bench-email' });
    await dataSource.initialize();
    // The service's own settings: JOBS_POLL_SECONDS at its default, the email job as membership registers it.
    const jobs = new JobQueue({ url, schema: 'membership_jobs', logger, workers: true, applicationName: 'bench-email' });
    const outbox = EmailOutbox.register(jobs, { transport: 'smtp', url: smtp.url, from: 'Praxis <no-reply@example.org>' }, logger);
    await jobs.start();
    try {
      const started = performance.now();
      await mapBounded(
        Array.from({ length: EMAILS }, (_, n) => n),
        SIGN_UPS_IN_FLIGHT,
        (n) =>
          dataSource.transaction((manager) =>
            outbox.send(manager, 'verifyEmail', `person${n}@example.org`, { displayName: `Person ${n}`, link: `https://praxis.example.org/verify-email?token=bench-${n}`, hours: 24 }),
          ),
      );
      const queued = performance.now() - started;
      while (smtp.messages.length < EMAILS) await new Promise((resolve) => setTimeout(resolve, 10));
      const delivered = performance.now() - started;
      while ((await jobs.backlog(SEND_EMAIL_JOB)) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const settled = performance.now() - started;
      const recipients = new Set(smtp.messages.flatMap((message) => message.to)).size;
      if (recipients !== EMAILS) throw new Error(`expected ${EMAILS} distinct recipients, got ${recipients}`);
      process.stdout.write(
        `${EMAILS} emails: queued in ${(queued / 1000).toFixed(2)} s, all delivered to SMTP in ${(delivered / 1000).toFixed(2)} s ` +
          `(${(EMAILS / (delivered / 1000)).toFixed(0)}/s, over ${smtp.connections()} SMTP connections); every job completed at ${(settled / 1000).toFixed(2)} s\n`,
      );
    } finally {
      await jobs.stop();
      await dataSource.destroy();
    }
  } finally {
    await smtp.close();
    await postgres?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
