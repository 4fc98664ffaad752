/** Every kind a member may be told about, as in the SDL's NotificationKind. */
export const NOTIFICATION_KINDS = [
  'MENTION',
  'THREAD_REPLY',
  'NEW_THREAD',
  'JOIN_REQUEST_PENDING',
  'JOIN_REQUEST_DECIDED',
  'EVENT_REMINDER',
  'WAITLIST_PROMOTED',
  'EVENT_CHANGED',
  'CERTIFICATE_READY',
  'RESOURCE_REVIEWED',
  'POST_MODERATED',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type Channel = 'EMAIL' | 'DIGEST' | 'IN_APP';
export type DigestFrequency = 'OFF' | 'DAILY' | 'WEEKLY';

/** What a member gets until they choose otherwise; new threads would be noisy at once, so they wait for the digest. */
export const DEFAULT_CHANNELS: Record<NotificationKind, Channel> = {
  MENTION: 'EMAIL',
  THREAD_REPLY: 'EMAIL',
  NEW_THREAD: 'DIGEST',
  JOIN_REQUEST_PENDING: 'EMAIL',
  JOIN_REQUEST_DECIDED: 'EMAIL',
  EVENT_REMINDER: 'EMAIL',
  WAITLIST_PROMOTED: 'EMAIL',
  EVENT_CHANGED: 'EMAIL',
  CERTIFICATE_READY: 'EMAIL',
  RESOURCE_REVIEWED: 'EMAIL',
  POST_MODERATED: 'EMAIL',
};

export const DIGEST_DEFAULTS = { frequency: 'WEEKLY' as DigestFrequency, weekday: 1, hour: 8 };

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** The channel a member has for a kind now: their override from `preferences.channels`, else the default. */
export function channelFor(overrides: Record<string, unknown> | null | undefined, kind: string): Channel {
  const chosen = overrides?.[kind];
  if (chosen === 'EMAIL' || chosen === 'DIGEST' || chosen === 'IN_APP') return chosen;
  return isNotificationKind(kind) ? DEFAULT_CHANNELS[kind] : 'IN_APP';
}
