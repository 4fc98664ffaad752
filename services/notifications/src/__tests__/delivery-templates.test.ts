import { createLogger, createMailer, isPermanentEmailFailure } from '@praxis/platform';
import { startSmtpCapture, type SmtpCapture } from '@praxis/platform/testing';
import { NOTIFICATION_KINDS } from '../notifications/delivery/channels';
import { appLink, digestTemplate, eventTime, notificationTemplates, type NotificationEmailParams } from '../notifications/delivery/templates';
import { unsubscribeHeaders, unsubscribeLink } from '../notifications/delivery/unsubscribe';

const app = 'https://app.example.org';
const graph = 'https://graph.example.org';
const token = 'header.payload.signature';

function params(overrides: Partial<NotificationEmailParams> = {}): NotificationEmailParams {
  return {
    recipientName: 'Robin Park',
    actorName: 'Alex Chen',
    communityName: 'Palliative Care Nurses',
    data: { title: 'Managing breathlessness', reason: 'Off topic' },
    link: `${app}/discussions/threads/3f1c6b1e-0000-4000-8000-000000000001`,
    settingsLink: `${app}/settings/notifications`,
    unsubscribeLink: unsubscribeLink(graph, token),
    ...overrides,
  };
}

test.each(NOTIFICATION_KINDS.map((kind) => [kind]))('%s has a subject naming the community, and HTML and text parts with the link and the unsubscribe link', (kind) => {
  const rendered = notificationTemplates[kind].render(params());
  expect(rendered.subject).toContain('Palliative Care Nurses');
  for (const body of [rendered.text, rendered.html.value]) {
    expect(body).toContain('Robin Park');
    expect(body).toContain(`${graph}/notifications/unsubscribe?token=${token}`);
  }
});

test('names, titles and reasons are escaped in HTML; no markup reaches an inbox', () => {
  const rendered = notificationTemplates.POST_MODERATED.render(
    params({ actorName: '<script>x</script>', communityName: 'A & B', data: { title: '<img src=x onerror=alert(1)>', reason: '"quoted" <b>', action: 'REMOVED' } }),
  );
  expect(rendered.html.value).not.toContain('<img');
  expect(rendered.html.value).not.toContain('<b>');
  expect(rendered.html.value).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(rendered.html.value).toContain('A &amp; B');
  expect(rendered.text).toContain('Reason: "quoted" <b>');
  expect(rendered.subject).toBe('Your post was removed by a moderator in A & B');
});

test('a reminder gives the time in the event’s zone and the join link; decisions and reviews give the reason', () => {
  const reminder = notificationTemplates.EVENT_REMINDER.render(
    params({ actorName: null, data: { title: 'Monthly case review', startsAt: '2027-04-06T08:30:00.000Z', timeZone: 'Australia/Melbourne', joinUrl: 'https://meet.example.org/abc', reminderKind: 'HOUR_BEFORE' } }),
  );
  expect(reminder.subject).toBe('Reminder: “Monthly case review” starts in an hour in Palliative Care Nurses');
  expect(reminder.text).toContain('When: Tuesday 6 April 2027, 18:30 (Australia/Melbourne)');
  expect(reminder.text).toContain('Join online: https://meet.example.org/abc');
  expect(reminder.html.value).toContain('https://meet.example.org/abc');
  expect(eventTime('2027-10-31T09:00:00.000Z', 'Europe/London')).toBe('Sunday 31 October 2027, 09:00 (Europe/London)');

  const declined = notificationTemplates.JOIN_REQUEST_DECIDED.render(params({ data: { decision: 'DECLINED', reason: 'Members are registered nurses' } }));
  expect(declined.text).toContain('was declined');
  expect(declined.text).toContain('Reason: Members are registered nurses');
  const rejected = notificationTemplates.RESOURCE_REVIEWED.render(params({ data: { decision: 'REJECTED', title: 'Old leaflet', reason: 'Out of date' } }));
  expect(rejected.subject).toBe('Your resource “Old leaflet” was not accepted in Palliative Care Nurses');
  expect(rejected.text).toContain('Reason: Out of date');
});

test('links point at the app’s routes for threads, events, resources and communities', () => {
  expect(appLink(app, 'THREAD', 't')).toBe(`${app}/discussions/threads/t`);
  expect(appLink(app, 'EVENT', 'e')).toBe(`${app}/events/e`);
  expect(appLink(app, 'RESOURCE', 'r')).toBe(`${app}/library/resources/r`);
  expect(appLink(app, 'COMMUNITY', 'c')).toBe(`${app}/communities/c`);
  expect(appLink(app, null, null)).toBeNull();
});

describe('over SMTP', () => {
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture({ reject: (address) => address.startsWith('gone@') });
  });
  afterAll(() => smtp.close());

  test('a notification email arrives with HTML and text parts and both one-click unsubscribe headers', async () => {
    const mailer = createMailer({ transport: 'smtp', url: smtp.url, from: 'Praxis <no-reply@example.org>' }, createLogger({ service: 'test', level: 'silent' }));
    const longToken = `${'x'.repeat(120)}.${'y'.repeat(120)}.${'z'.repeat(43)}`;
    await mailer.send(notificationTemplates.MENTION, 'robin@example.org', params({ unsubscribeLink: unsubscribeLink(graph, longToken) }), { headers: unsubscribeHeaders(graph, longToken) });
    mailer.close();
    const mail = await smtp.waitFor((message) => message.to.includes('robin@example.org'));
    expect(mail.subject).toBe('Alex Chen mentioned you in Palliative Care Nurses');
    expect(mail.text).toContain('Alex Chen mentioned you in “Managing breathlessness” in Palliative Care Nurses.');
    expect(mail.html).toContain('<a href="https://app.example.org/discussions/threads/');
    expect(mail.headers['list-unsubscribe']).toBe(`<${graph}/notifications/unsubscribe?token=${longToken}>`);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  test('a refused mailbox is a permanent failure', async () => {
    const mailer = createMailer({ transport: 'smtp', url: smtp.url, from: 'Praxis <no-reply@example.org>' }, createLogger({ service: 'test', level: 'silent' }));
    const failure = await mailer.send(digestTemplate, 'gone@example.org', { recipientName: 'R', frequency: 'WEEKLY', sections: [], settingsLink: app, unsubscribeLink: app }).catch((error: unknown) => error);
    mailer.close();
    expect(isPermanentEmailFailure(failure)).toBe(true);
  });
});
