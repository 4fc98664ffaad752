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

// Jobs now send in parallel, so many messages land in the same millisecond (issue 12: 3 of 10 lost).
test('in development, every message gets a file of its own, however many land at once', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'praxis-mail-'));
  try {
    const mailer = createMailer({ transport: 'file', directory, from: 'Praxis <no-reply@example.org>' }, createLogger({ service: 'mail-test', level: 'silent' }));
    await Promise.all(Array.from({ length: 50 }, (_, n) => mailer.send(greeting, `person${n}@example.org`, { name: `Person ${n}` })));
    const files = await readdir(directory);
    expect(files).toHaveLength(50);
    const subjects = await Promise.all(files.map(async (file) => /^Subject: (.*)$/m.exec(await readFile(join(directory, file), 'utf8'))?.[1]));
    expect(new Set(subjects).size).toBe(50);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('parallel sends over SMTP share a few pooled connections', async () => {
  const smtp = await startSmtpCapture();
  const mailer = createMailer({ transport: 'smtp', url: smtp.url, from: 'Praxis <no-reply@example.org>', maxConnections: 3 }, createLogger({ service: 'mail-test', level: 'silent' }));
  try {
    await Promise.all(Array.from({ length: 20 }, (_, n) => mailer.send(greeting, `person${n}@example.org`, { name: `Person ${n}` })));
    expect(smtp.messages).toHaveLength(20);
    expect(smtp.connections()).toBeGreaterThanOrEqual(1);
    expect(smtp.connections()).toBeLessThanOrEqual(3);
  } finally {
    mailer.close();
    await smtp.close();
  }
});
