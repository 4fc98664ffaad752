import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../metrics/registry';
import { currentServiceMetrics } from '../metrics/scope';
import type { SafeHtml } from './html';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: SafeHtml;
}

/** One template per message: typed parameters in, subject and both bodies out. */
export interface EmailTemplate<P> {
  readonly name: string;
  render(params: P): RenderedEmail;
}

export function defineTemplate<P>(name: string, render: (params: P) => RenderedEmail): EmailTemplate<P> {
  return { name, render };
}

export type MailerConfig =
  | { transport: 'file'; directory: string; from: string }
  | { transport: 'smtp'; url: string; from: string; /** Connections the pool may open to the SMTP server. */ maxConnections?: number };

export interface EmailSendOptions {
  /** Extra headers, such as List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

export interface Mailer {
  send<P>(template: EmailTemplate<P>, to: string, params: P, options?: EmailSendOptions): Promise<void>;
  close(): void;
}

/**
 * Whether sending failed for good: the receiving server answered with a 5xx reply (no such
 * mailbox, rejected), so retrying the same address will not help. Connection errors and 4xx
 * replies are transient and worth retrying.
 */
export function isPermanentEmailFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * The email layer. In development it writes each message as an .eml file to a local folder
 * and logs its subject; in production it speaks SMTP. Each message counts as sent or failed, by
 * template, into `metrics` or else those of the service whose job is sending it.
 */
export function createMailer(config: MailerConfig, logger: Logger, metrics?: ServiceMetrics): Mailer {
  const transporter: Transporter =
    config.transport === 'smtp'
      ? // Jobs send in parallel; a pool reuses a few connections instead of a handshake per message.
        nodemailer.createTransport({ url: config.url, pool: true, maxConnections: config.maxConnections ?? 5 })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(template, to, params, options = {}) {
      const rendered = template.render(params);
      const counted = metrics ?? currentServiceMetrics();
      const labels = { template: template.name.slice(0, 64) };
      const info = await transporter
        .sendMail({ from: config.from, to, subject: rendered.subject, text: rendered.text, html: rendered.html.value, headers: options.headers })
        .catch((error: unknown) => {
          counted?.emailsFailed.inc(labels);
          throw error;
        });
      counted?.emailsSent.inc(labels);
      if (config.transport === 'file') {
        await mkdir(config.directory, { recursive: true });
        // The time sorts the folder; the random part keeps messages written in the same millisecond apart.
        const file = join(config.directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${template.name}-${randomUUID().slice(0, 8)}.eml`);
        await writeFile(file, (info as unknown as { message: Buffer }).message, { flag: 'wx' });
        logger.info({ to, subject: rendered.subject, file }, 'email written');
      } else {
        logger.info({ template: template.name, messageId: info.messageId }, 'email sent');
      }
    },
    close() {
      transporter.close();
    },
  };
}
