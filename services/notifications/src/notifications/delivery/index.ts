import { setTimeout as sleep } from 'node:timers/promises';
import { createMailer, type ServiceRuntime } from '@praxis/platform';
import { DIGEST_EMAIL_JOB, Digests } from './digests';
import { EMAIL_JOB, EmailJob } from './email-job';
import { DeliveryLookups } from './lookups';
import type { Delivery, DeliveryDeps } from './types';
import { registerUnsubscribeRoutes, Unsubscriber, UnsubscribeTokens } from './unsubscribe';

export type { Delivery, DeliveryDeps, NewEmail, NotificationsConfig } from './types';
export { EMAIL_JOB } from './email-job';
export { DIGESTS_JOB, DIGEST_EMAIL_JOB } from './digests';
export { DEFAULT_CHANNELS, DIGEST_DEFAULTS, NOTIFICATION_KINDS, channelFor, type Channel, type DigestFrequency, type NotificationKind } from './channels';
export { validTimeZone } from './schedule';

/**
 * Email, digests and unsubscribe for the notifications service: one SMTP pool for the process,
 * shared by the email and digest jobs, closed once the queue has stopped.
 */
export function createDelivery(deps: DeliveryDeps): Delivery {
  const mailer = createMailer(deps.config.email, deps.runtime.logger, deps.runtime.metrics);
  const tokens = new UnsubscribeTokens(deps.config.unsubscribeSecret);
  const lookups = new DeliveryLookups(deps.contacts, deps.access);
  const emails = new EmailJob(deps, mailer, tokens, lookups);
  const digests = new Digests(deps, mailer, tokens, lookups);
  const unsubscriber = new Unsubscriber(deps.runtime, tokens, deps.contacts);
  let closed = false;
  return {
    registerJobs() {
      emails.register();
      digests.register();
    },
    routes: (app) => registerUnsubscribeRoutes(app, tokens, unsubscriber),
    enqueueEmails: (manager, list) => emails.enqueue(manager, list),
    runDueDigests: (now) => digests.runDue(now ?? deps.runtime.clock.now()),
    unsubscribe: (token) => unsubscriber.unsubscribe(token),
    unsubscribeToken: (memberId, kind) => tokens.sign(memberId, kind),
    async close() {
      if (closed) return;
      closed = true;
      mailer.close();
    },
  };
}

/**
 * Resolves once no notification or digest email is waiting or running: for tests, which move
 * the clock, run digests and then read what was sent. Throws after `timeoutMs`.
 */
export async function emailsSettled(runtime: ServiceRuntime, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Counted in SQL: the queue's own listing reads every job kept, thousands after a fan-out, on each poll.
    const [{ waiting }] = (await runtime.db.query(
      `SELECT count(*)::int AS waiting FROM "${runtime.config.jobSchema}".job WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active')`,
      [[EMAIL_JOB, DIGEST_EMAIL_JOB]],
    )) as [{ waiting: number }];
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting} notification emails still queued after ${timeoutMs} ms`);
    await sleep(100);
  }
}
