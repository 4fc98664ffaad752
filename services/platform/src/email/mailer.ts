import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logging/logger';
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
  | { transport: 'smtp'; url: string; from: string };

export interface Mailer {
  send<P>(template: EmailTemplate<P>, to: string, params: P): Promise<void>;
  close(): void;
}

/**
 * The email layer. In development it writes each message as an .eml file to a local folder
 * and logs its subject; in production it speaks SMTP.
 */
export function createMailer(config: MailerConfig, logger: Logger): Mailer {
  const transporter: Transporter =
    config.transport === 'smtp'
      ? nodemailer.createTransport(config.url)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(template, to, params) {
      const rendered = template.render(params);
      const info = await transporter.sendMail({ from: config.from, to, subject: rendered.subject, text: rendered.text, html: rendered.html.value });
      if (config.transport === 'file') {
        await mkdir(config.directory, { recursive: true });
        const file = join(config.directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${template.name}.eml`);
        await writeFile(file, (info as unknown as { message: Buffer }).message);
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
