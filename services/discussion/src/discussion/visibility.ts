import type { CommunityAccess } from '@praxis/platform';
import type { PostStatus } from '../entities';

/**
 * Who sees what of a post or thread. Content waiting for approval is seen by its author and
 * moderators only; everything else keeps its place for every reader, but the text of hidden
 * and deleted content is shown only to those who must judge it.
 */
export function canSeeItem(item: { status: PostStatus; authorId: string }, viewerId: string | null, rights: CommunityAccess | null): boolean {
  if (item.status !== 'PENDING_APPROVAL') return true;
  return Boolean(rights?.canModerate) || (viewerId !== null && item.authorId === viewerId);
}

export function canSeeText(item: { status: PostStatus; authorId: string }, viewerId: string | null, rights: CommunityAccess | null): boolean {
  if (item.status === 'PUBLISHED') return true;
  if (rights?.canModerate) return true;
  return item.status !== 'DELETED' && viewerId !== null && item.authorId === viewerId;
}
