import type { DiscussionModerationActionKind, DiscussionPostStatus } from '../gql/graphql';

export const ACTION_LABELS: Record<DiscussionModerationActionKind, string> = {
  HIDE_POST: 'Hid a post',
  RESTORE_POST: 'Restored a post',
  DELETE_POST: 'Removed a post',
  APPROVE_POST: 'Approved a post',
  DISMISS_REPORTS: 'Dismissed reports',
  LOCK_THREAD: 'Locked a thread',
  UNLOCK_THREAD: 'Unlocked a thread',
  PIN_THREAD: 'Pinned a thread',
  UNPIN_THREAD: 'Unpinned a thread',
  MOVE_THREAD: 'Moved a thread',
  SET_PRE_MODERATION: 'Changed pre-moderation',
};

export const POST_STATUS_LABELS: Record<DiscussionPostStatus, string> = {
  PUBLISHED: 'Published',
  PENDING_APPROVAL: 'Held for approval',
  HIDDEN: 'Hidden',
  DELETED: 'Removed',
};
