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

/** What the projection knows of a resource or event that comments hang under. */
export interface CommentSubject {
  communityId: string | null;
  deleted: boolean;
}

/**
 * Why this viewer cannot comment under a resource or event now, or null when they can. Once its
 * comment thread exists, commenting is replying there, so `replyProblem` decides the rest.
 * `Posting.comment` throws it; `discussionViewerCanComment` answers whether there is none.
 */
export function commentProblem(
  subject: CommentSubject | null,
  what: 'Resource' | 'Event',
  rights: CommunityAccess | null,
  viewerId: string | null,
  started: { thread: ReplyThread; forum: Pick<ForumEntity, 'archivedAt'> | null } | null,
): DomainError | null {
  if (viewerId === null) return errors.unauthenticated();
  if (!subject || subject.deleted) return errors.notFound(what);
  if (!subject.communityId) return errors.conflict('INVALID_STATE', 'A resource shared network-wide has no discussion.');
  if (!rights?.canRead) return errors.notFound(what);
  return participationProblem(rights) ?? (started ? replyProblem(started.thread, started.forum, rights, viewerId) : null);
}
