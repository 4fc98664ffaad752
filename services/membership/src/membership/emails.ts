import type { EntityManager } from 'typeorm';
import { clockOf, createMailer, replayingHistory, type JobQueue, type Logger, type MailerConfig } from '@praxis/platform';
import { templates, type TemplateName, type TemplateParams } from '../emails/templates';

export const SEND_EMAIL_JOB = 'membership.send-email';

interface SendEmailJob {
  template: TemplateName;
  to: string;
  params: unknown;
}

/**
 * Emails go out through the job queue: enqueued in the transaction that caused them (so a
 * rolled-back sign-up sends nothing), retried if SMTP is down, and deleted soon after, because
 * their data carries one-time links.
 */
export class EmailOutbox {
  constructor(private readonly jobs: JobQueue) {}

  static register(jobs: JobQueue, config: MailerConfig, logger: Logger): EmailOutbox {
    const mailer = createMailer(config, logger);
    jobs.register<SendEmailJob>({
      name: SEND_EMAIL_JOB,
      retryLimit: 8,
      retryDelaySeconds: 15,
      deleteAfterSeconds: 3600,
      batchSize: 20,
      concurrency: 10,
      close: () => mailer.close(),
      handle: async (data) => {
        const template = templates[data.template];
        if (!template) throw new Error(`unknown email template ${data.template}`);
        await mailer.send(template as never, data.to, data.params as never);
      },
    });
    return new EmailOutbox(jobs);
  }

  async send<N extends TemplateName>(manager: EntityManager, template: N, to: string, params: TemplateParams<N>): Promise<void> {
    // The demo seed writing its history: a message about something long past is never sent.
    if (replayingHistory(clockOf(manager))) return;
    await this.jobs.send<SendEmailJob>(SEND_EMAIL_JOB, { template, to, params }, { manager });
  }
}
