import { errors, type Access, type CommunityAccess } from '@praxis/platform';
import type { EventEntity } from '../entities';

/** What one viewer may do with one event, decided from membership's live answer. */
export interface EventRights {
  read: boolean;
  /** Change, reschedule, cancel, see registrations, mark attendance. */
  edit: boolean;
  coordinate: boolean;
  /** Allowed to register by the event's policy (times and status are checked separately). */
  register: boolean;
  decide: boolean;
}

export function rightsFor(event: EventEntity, access: CommunityAccess | null, viewerId: string | null): EventRights {
  if (!access || event.deletedAt) return { read: false, edit: false, coordinate: false, register: false, decide: false };
  const coordinate = access.canCoordinate;
  const organiser = viewerId !== null && event.organiserId === viewerId && access.canParticipate;
  const unpublished = event.status === 'PROPOSED' || event.status === 'DECLINED';
  const read = unpublished ? coordinate || (viewerId !== null && event.proposedBy === viewerId && access.canRead) : access.canRead;
  const byPolicy = event.registrationPolicy === 'MEMBERS_ONLY' ? access.canParticipate : access.canRead && access.status !== 'BANNED' && !access.archived;
  return {
    read,
    edit: read && !unpublished && (coordinate || organiser),
    coordinate,
    register: read && viewerId !== null && event.status === 'SCHEDULED' && byPolicy,
    decide: event.status === 'PROPOSED' && coordinate,
  };
}

/**
 * The event and the viewer's rights on it. An event the viewer may not see is NOT_FOUND, so
 * its existence does not leak; the caller then decides between FORBIDDEN and going ahead.
 */
export async function requireReadable(access: Access, event: EventEntity | null): Promise<{ event: EventEntity; rights: EventRights; community: CommunityAccess }> {
  if (!event || event.deletedAt) throw errors.notFound('Event');
  const community = await access.community(event.communityId);
  const rights = rightsFor(event, community, access.viewer.memberId);
  if (!rights.read || !community) throw errors.notFound('Event');
  return { event, rights, community };
}

export function forbiddenFor(community: CommunityAccess, message: string, reason?: 'NOT_A_MEMBER'): never {
  if (community.status === 'BANNED') throw errors.forbidden('You are banned from this community.', 'BANNED');
  if (community.archived) throw errors.forbidden('This community is archived.', 'ARCHIVED');
  throw errors.forbidden(message, reason);
}
