import type { DigestFrequency, NotificationChannel, NotificationKind } from '../gql/graphql';

/**
 * Each kind in the person's own terms, with what it covers (the graph's descriptions, said to
 * "you"). A Record over the generated union, so a kind the graph adds fails the type check here.
 */
export const KINDS: Record<NotificationKind, { label: string; description: string }> = {
  MENTION: { label: 'Mentions', description: 'Someone mentions you with your @handle.' },
  THREAD_REPLY: { label: 'Replies', description: 'Someone replies in a thread you follow or started.' },
  NEW_THREAD: { label: 'New threads', description: 'Someone starts a thread in a forum you follow.' },
  JOIN_REQUEST_PENDING: { label: 'Join requests', description: 'Someone asks to join a community you coordinate.' },
  JOIN_REQUEST_DECIDED: { label: 'Your join requests', description: 'Your request to join a community is approved or declined, with the reason.' },
  EVENT_REMINDER: { label: 'Event reminders', description: 'An event you registered for starts in 24 hours or in 1 hour.' },
  WAITLIST_PROMOTED: { label: 'Off the waitlist', description: 'You move off an event’s waitlist and now hold a place.' },
  EVENT_CHANGED: { label: 'Event changes', description: 'An event you registered for is cancelled or rescheduled.' },
  CERTIFICATE_READY: { label: 'Certificates', description: 'Your certificate of attendance for an event is ready.' },
  RESOURCE_REVIEWED: { label: 'Your resources', description: 'A resource you contributed is approved or rejected, with the reason.' },
  POST_MODERATED: { label: 'Moderation of your posts', description: 'A moderator hides or removes one of your posts.' },
};

export const KIND_ORDER = Object.keys(KINDS) as NotificationKind[];

export function kindLabel(kind: NotificationKind | string): string {
  return KINDS[kind as NotificationKind]?.label ?? 'Notification';
}

export const CHANNELS: { value: NotificationChannel; label: string }[] = [
  { value: 'EMAIL', label: 'Email at once' },
  { value: 'DIGEST', label: 'In the digest' },
  { value: 'IN_APP', label: 'In the app only' },
];

export const FREQUENCIES: { value: DigestFrequency; label: string }[] = [
  { value: 'OFF', label: 'Off' },
  { value: 'DAILY', label: 'Daily' },
  { value: 'WEEKLY', label: 'Weekly' },
];

/** The graph counts weekdays from 1, Monday, to 7, Sunday (ISO 8601). */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((label, index) => ({ value: String(index + 1), label }));

/** "12 am (midnight)", "8 am", "12 pm (noon)", "5 pm". */
export function hourLabel(hour: number): string {
  if (hour === 0) return '12 am (midnight)';
  if (hour === 12) return '12 pm (noon)';
  return hour < 12 ? `${hour} am` : `${hour - 12} pm`;
}

export const HOURS = Array.from({ length: 24 }, (_, hour) => ({ value: String(hour), label: hourLabel(hour) }));

/** Every IANA zone the browser knows, with the person's current one kept even if the browser calls it by another name. */
export function timeZoneOptions(current?: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = new Set(zones);
  if (current) all.add(current);
  all.add('UTC');
  return [...all].sort();
}
