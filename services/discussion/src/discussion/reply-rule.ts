import { errors, participationProblem, type CommunityAccess, type DomainError } from '@praxis/platform';
import type { ForumEntity, ThreadEntity } from '../entities';
import { mirrorsOpeningPost } from './guard';
import { canSeeItem } from './visibility';

export type ReplyThread = Pick<ThreadEntity, 'status' | 'authorId' | 'lockedAt' | 'subjectType'>;

/**
 * Why this viewer cannot reply in this thread now, or null when they can. The one statement of
 * the rule: `Posting` throws the problem inside the thread's lock, and `viewerCanReply` answers
 * whether there is none, so the button and the mutation cannot disagree.
 */
export function replyProblem(
  thread: ReplyThread,
  forum: Pick<ForumEntity, 'archivedAt'> | null,
  rights: CommunityAccess | null,
  viewerId: string | null,
): DomainError | null {
  if (viewerId === null) return errors.unauthenticated();
  if (!rights?.canRead || !canSeeItem(thread, viewerId, rights)) return errors.notFound('Thread');
  const outsider = participationProblem(rights);
  if (outsider) return outsider;
  if (thread.lockedAt) return errors.conflict('LOCKED', 'This thread is locked and takes no new replies.');
  if (mirrorsOpeningPost(thread) && thread.status !== 'PUBLISHED') return errors.conflict('INVALID_STATE', 'Replies are possible once the thread is published.');
  if (forum?.archivedAt) return errors.conflict('INVALID_STATE', 'This forum is archived and takes no new replies.');
  return null;
}
