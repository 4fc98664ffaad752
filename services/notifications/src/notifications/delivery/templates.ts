import { DateTime } from 'luxon';
import { defineTemplate, html, type SafeHtml, type EmailTemplate } from '@praxis/platform';
import type { NotificationKind } from './channels';

/** What a notification row's `data` may hold; titles, names and reasons only, never a post body. */
export interface NotificationData {
  title?: string | null;
  reason?: string | null;
  decision?: string | null;
  action?: string | null;
  joinUrl?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  timeZone?: string | null;
  location?: string | null;
  reminderKind?: string | null;
  change?: string | null;
}

/** Everything one notification email shows, resolved at delivery time. */
export interface NotificationEmailParams {
  recipientName: string;
  /** "Former member" for a deleted account; null when nobody acted (reminders). */
  actorName: string | null;
  communityName: string | null;
  data: NotificationData;
  /** The thread, event, resource or community in the app; null when there is none to open. */
  link: string | null;
  settingsLink: string;
  unsubscribeLink: string;
}

export interface DigestEmailParams {
  recipientName: string;
  frequency: 'DAILY' | 'WEEKLY';
  sections: { heading: string; items: { text: string; link: string | null }[] }[];
  settingsLink: string;
  unsubscribeLink: string;
}

interface Body {
  subject: string;
  /** Plain sentences; each becomes a paragraph in HTML and in text. */
  lines: string[];
  action?: string;
}

/** The app's address of a target, as the front-end routes it. */
export function appLink(publicAppUrl: string, targetType: string | null, targetId: string | null): string | null {
  if (!targetType || !targetId) return null;
  const path = { THREAD: 'discussions/threads', EVENT: 'events', RESOURCE: 'library/resources', COMMUNITY: 'communities' }[targetType];
  return path ? `${publicAppUrl}/${path}/${targetId}` : null;
}

/** An event's time in its own time zone, e.g. "Tuesday 6 April 2027, 18:30 (Australia/Melbourne)". */
export function eventTime(startsAt: string | null | undefined, timeZone: string | null | undefined): string | null {
  if (!startsAt) return null;
  const zone = timeZone || 'UTC';
  const at = DateTime.fromISO(startsAt, { zone });
  if (!at.isValid) return null;
  return `${at.toFormat('cccc d LLLL yyyy, HH:mm')} (${zone})`;
}

const quoted = (title: string | null | undefined, fallback: string) => (title ? `“${title}”` : fallback);
const inCommunity = (name: string | null) => (name ? ` in ${name}` : '');
const withReason = (reason: string | null | undefined) => (reason ? [`Reason: ${reason}`] : []);

/** Subject and sentences per kind. The community is named in the subject wherever it is known. */
const bodies: Record<NotificationKind, (p: NotificationEmailParams) => Body> = {
  MENTION: (p) => ({
    subject: `${p.actorName ?? 'Someone'} mentioned you${inCommunity(p.communityName)}`,
    lines: [`${p.actorName ?? 'Someone'} mentioned you in ${quoted(p.data.title, 'a discussion')}${inCommunity(p.communityName)}.`],
    action: 'Open the discussion',
  }),
  THREAD_REPLY: (p) => ({
    subject: `New reply in ${quoted(p.data.title, 'a discussion you follow')}${inCommunity(p.communityName)}`,
    lines: [`${p.actorName ?? 'Someone'} replied in ${quoted(p.data.title, 'a discussion you follow')}${inCommunity(p.communityName)}.`],
    action: 'Read the reply',
  }),
  NEW_THREAD: (p) => ({
    subject: `New discussion${inCommunity(p.communityName)}: ${quoted(p.data.title, 'untitled')}`,
    lines: [`${p.actorName ?? 'Someone'} started ${quoted(p.data.title, 'a discussion')} in a forum you follow${inCommunity(p.communityName)}.`],
    action: 'Open the discussion',
  }),
  JOIN_REQUEST_PENDING: (p) => ({
    subject: `A request to join ${p.communityName ?? 'your community'} is waiting`,
    lines: [`${p.actorName ?? 'Someone'} asked to join ${p.communityName ?? 'your community'}. As a coordinator, you can approve or decline the request.`],
    action: 'Review join requests',
  }),
  JOIN_REQUEST_DECIDED: (p) =>
    p.data.decision === 'APPROVED'
      ? { subject: `Welcome to ${p.communityName ?? 'the community'}`, lines: [`Your request to join ${p.communityName ?? 'the community'} was approved. Welcome!`], action: 'Open the community' }
      : { subject: `Your request to join ${p.communityName ?? 'the community'}`, lines: [`Your request to join ${p.communityName ?? 'the community'} was declined.`, ...withReason(p.data.reason)] },
  EVENT_REMINDER: (p) => {
    const when = eventTime(p.data.startsAt, p.data.timeZone);
    const soon = p.data.reminderKind === 'HOUR_BEFORE' ? 'in an hour' : 'tomorrow';
    return {
      subject: `Reminder: ${quoted(p.data.title, 'your event')} starts ${soon}${inCommunity(p.communityName)}`,
      lines: [
        `${quoted(p.data.title, 'An event you registered for')}${inCommunity(p.communityName)} starts ${soon}.`,
        ...(when ? [`When: ${when}`] : []),
        ...(p.data.location ? [`Where: ${p.data.location}`] : []),
        ...(p.data.joinUrl ? [`Join online: ${p.data.joinUrl}`] : []),
      ],
      action: 'Open the event',
    };
  },
  WAITLIST_PROMOTED: (p) => {
    const when = eventTime(p.data.startsAt, p.data.timeZone);
    return {
      subject: `A place opened up: you are registered for ${quoted(p.data.title, 'the event')}${inCommunity(p.communityName)}`,
      lines: [`A place opened up and you moved off the waitlist: you are now registered for ${quoted(p.data.title, 'the event')}${inCommunity(p.communityName)}.`, ...(when ? [`When: ${when}`] : [])],
      action: 'Open the event',
    };
  },
  EVENT_CHANGED: (p) => {
    const when = eventTime(p.data.startsAt, p.data.timeZone);
    return p.data.change === 'CANCELLED'
      ? { subject: `Cancelled: ${quoted(p.data.title, 'an event you registered for')}${inCommunity(p.communityName)}`, lines: [`${quoted(p.data.title, 'An event you registered for')}${inCommunity(p.communityName)} was cancelled.`], action: 'Open the event' }
      : {
          subject: `New time for ${quoted(p.data.title, 'an event you registered for')}${inCommunity(p.communityName)}`,
          lines: [`${quoted(p.data.title, 'An event you registered for')}${inCommunity(p.communityName)} was rescheduled.`, ...(when ? [`New time: ${when}`] : [])],
          action: 'Open the event',
        };
  },
  CERTIFICATE_READY: (p) => ({
    subject: `Your certificate of attendance for ${quoted(p.data.title, 'an event')}${inCommunity(p.communityName)} is ready`,
    lines: [`Thank you for attending ${quoted(p.data.title, 'the event')}${inCommunity(p.communityName)}. Your certificate of attendance is ready to download.`],
    action: 'Open the event',
  }),
  RESOURCE_REVIEWED: (p) =>
    p.data.decision === 'APPROVED'
      ? {
          subject: `Your resource ${p.data.title ? `“${p.data.title}” ` : ''}was approved${inCommunity(p.communityName)}`,
          lines: [`Your contribution ${quoted(p.data.title, 'to the library')} was approved and is now in the library${inCommunity(p.communityName)}.`],
          action: 'Open the resource',
        }
      : {
          subject: `Your resource ${p.data.title ? `“${p.data.title}” ` : ''}was not accepted${inCommunity(p.communityName)}`,
          lines: [`Your contribution ${quoted(p.data.title, 'to the library')} was not accepted${inCommunity(p.communityName)}.`, ...withReason(p.data.reason)],
        },
  POST_MODERATED: (p) => {
    const removed = (p.data.action ?? p.data.decision) === 'REMOVED';
    return {
      subject: `Your post was ${removed ? 'removed' : 'hidden'} by a moderator${inCommunity(p.communityName)}`,
      lines: [`A moderator ${removed ? 'removed' : 'hid'} your post in ${quoted(p.data.title, 'a discussion')}${inCommunity(p.communityName)}.`, ...withReason(p.data.reason)],
      ...(p.link ? { action: 'Open the discussion' } : {}),
    };
  },
};

/** The one sentence that says what a notification is about, as the digest lists it. */
export function notificationSentence(kind: NotificationKind, params: NotificationEmailParams): string {
  return bodies[kind](params).lines[0] ?? '';
}

const layout = (title: string, body: SafeHtml, footer: { settingsLink: string; unsubscribeLink: string; what: string }) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem; margin: 2rem auto; color: #1d2733">
${body}
<p style="color:#5b6675; font-size: 0.9em">You get this email because of your Praxis notification settings. <a href="${footer.settingsLink}">Change what you receive</a> or <a href="${footer.unsubscribeLink}">stop ${footer.what}</a>.</p>
</body></html>`;

const textFooter = (settingsLink: string, unsubscribeLink: string, what: string) =>
  `\n--\nYou get this email because of your Praxis notification settings.\nChange what you receive: ${settingsLink}\nStop ${what}: ${unsubscribeLink}\n`;

function notificationTemplate(kind: NotificationKind): EmailTemplate<NotificationEmailParams> {
  return defineTemplate(`notification-${kind.toLowerCase().replaceAll('_', '-')}`, (p) => {
    const body = bodies[kind](p);
    const what = 'emails like this one';
    const action = body.action && p.link ? { label: body.action, link: p.link } : null;
    return {
      subject: body.subject,
      text: `Hello ${p.recipientName},\n\n${body.lines.join('\n\n')}\n${action ? `\n${action.label}: ${action.link}\n` : ''}${textFooter(p.settingsLink, p.unsubscribeLink, what)}`,
      html: layout(
        body.subject,
        html`<p>Hello ${p.recipientName},</p>
${body.lines.map((line) => html`<p>${line}</p>`)}
${action ? html`<p><a href="${action.link}">${action.label}</a></p>` : ''}`,
        { settingsLink: p.settingsLink, unsubscribeLink: p.unsubscribeLink, what },
      ),
    };
  });
}

/** One template per kind. */
export const notificationTemplates = Object.fromEntries(Object.keys(bodies).map((kind) => [kind, notificationTemplate(kind as NotificationKind)])) as Record<
  NotificationKind,
  EmailTemplate<NotificationEmailParams>
>;

export const digestTemplate = defineTemplate('notification-digest', (p: DigestEmailParams) => {
  const subject = p.frequency === 'DAILY' ? 'Your daily Praxis digest' : 'Your weekly Praxis digest';
  const what = 'the digest';
  const textSections = p.sections.map((section) => `${section.heading}\n${section.items.map((item) => `- ${item.text}${item.link ? `\n  ${item.link}` : ''}`).join('\n')}`);
  return {
    subject,
    text: `Hello ${p.recipientName},\n\nHere is what happened in your communities.\n\n${textSections.join('\n\n')}\n${textFooter(p.settingsLink, p.unsubscribeLink, what)}`,
    html: layout(
      subject,
      html`<p>Hello ${p.recipientName},</p>
<p>Here is what happened in your communities.</p>
${p.sections.map(
  (section) => html`<h2 style="font-size: 1.1em">${section.heading}</h2>
<ul>${section.items.map((item) => (item.link ? html`<li><a href="${item.link}">${item.text}</a></li>` : html`<li>${item.text}</li>`))}</ul>`,
)}`,
      { settingsLink: p.settingsLink, unsubscribeLink: p.unsubscribeLink, what },
    ),
  };
});
