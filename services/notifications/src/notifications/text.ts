import type { NotificationData, NotificationKind } from '../entities';

export const FORMER_MEMBER = 'Former member';

/** What a notification row gives its sentence. */
export interface TextParts {
  kind: NotificationKind;
  actorName: string | null;
  communityName: string | null;
  /** The thread's or event's title now, else as it was when notified. */
  title: string | null;
  data: NotificationData;
}

const quoted = (title: string | null, fallback: string) => (title ? `“${title}”` : fallback);
const because = (reason: string | null | undefined) => (reason ? `: ${reason}` : '');

/**
 * The one sentence a notification says, rendered when it is read so names are current. It
 * names people, things and reasons; it never quotes what anyone wrote.
 */
export function notificationText({ kind, actorName, communityName, title, data }: TextParts): string {
  const someone = actorName ?? 'Someone';
  const community = communityName ?? 'a community';
  switch (kind) {
    case 'MENTION':
      return `${someone} mentioned you in ${quoted(title, 'a discussion')}`;
    case 'THREAD_REPLY':
      return `${someone} replied in ${quoted(title, 'a discussion you follow')}`;
    case 'NEW_THREAD':
      return `${someone} started ${quoted(title, 'a thread')} in ${community}`;
    case 'JOIN_REQUEST_PENDING':
      return `${someone} asked to join ${community}`;
    case 'JOIN_REQUEST_DECIDED':
      return data.decision === 'APPROVED' ? `Your request to join ${community} was approved` : `Your request to join ${community} was declined${because(data.reason)}`;
    case 'EVENT_REMINDER':
      return `${quoted(title, 'An event')} starts ${data.reminderKind === 'HOUR_BEFORE' ? 'in an hour' : 'tomorrow'}`;
    case 'WAITLIST_PROMOTED':
      return `You have a place at ${quoted(title, 'an event')}: you moved off the waitlist`;
    case 'EVENT_CHANGED':
      return `${quoted(title, 'An event')} you registered for was ${data.change === 'CANCELLED' ? 'cancelled' : 'rescheduled'}`;
    case 'CERTIFICATE_READY':
      return `Your certificate of attendance for ${quoted(title, 'an event')} is ready`;
    case 'RESOURCE_REVIEWED':
      return data.decision === 'APPROVED' ? `${quoted(title, 'Your resource')} was approved for the library` : `${quoted(title, 'Your resource')} was not approved${because(data.reason)}`;
    case 'POST_MODERATED':
      return `A moderator ${data.action === 'REMOVED' ? 'removed' : 'hid'} your post in ${quoted(title, 'a discussion')}${because(data.reason)}`;
  }
}
