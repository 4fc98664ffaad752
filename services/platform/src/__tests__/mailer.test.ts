import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { html } from '../email/html';
import { createMailer, defineTemplate } from '../email/mailer';
import { createLogger } from '../logging/logger';
import { startSmtpCapture } from '../testing';

const greeting = defineTemplate('greeting', (p: { name: string }) => ({
  subject: `Hello ${p.name}`,
  text: `Hello ${p.name}`,
  html: html`<p>Hello ${p.name}</p>`,
}));

test('in development, messages are written as .eml files', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'praxis-mail-'));
  try {
    const mailer = createMailer({ transport: 'file', directory, from: 'Praxis <no-reply@example.org>' }, createLogger({ service: 'mail-test', level: 'silent' }));
    await mailer.send(greeting, 'someone@example.org', { name: '<script>Ann</script>' });
    const files = await readdir(directory);
    expect(files).toHaveLength(1);
    const message = await readFile(join(directory, files[0]!), 'utf8');
    expect(message).toContain('Subject: Hello <script>Ann</script>');
    expect(message).toContain('&lt;script&gt;Ann&lt;/script&gt;');
    expect(message).not.toContain('<p>Hello <script>');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('in production, messages go out over SMTP', async () => {
  const smtp = await startSmtpCapture();
  try {
    const mailer = createMailer({ transport: 'smtp', url: smtp.url, from: 'Praxis <no-reply@example.org>' }, createLogger({ service: 'mail-test', level: 'silent' }));
    await mailer.send(greeting, 'ann@example.org', { name: 'Ann' });
    const mail = await smtp.waitFor((message) => message.subject === 'Hello Ann');
    expect(mail.to).toEqual(['ann@example.org']);
    mailer.close();
  } finally {
    await smtp.close();
  }
});
