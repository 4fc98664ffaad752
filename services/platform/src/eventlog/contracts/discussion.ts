import { z } from 'zod';
import { defineEvent } from '../envelope';

const PUBLISHER = 'discussion';
const id = z.uuid();

/** A thread's lifecycle, with the community that owns it. */
export const ThreadChanged = defineEvent(PUBLISHER, 'discussion.ThreadChanged', 1, z.object({
  threadId: id,
  forumId: id,
  networkId: id,
  communityId: id,
  change: z.enum(['CREATED', 'MOVED', 'DELETED']),
  /** The thread's title, for messages that name it (notifications). Absent on events written before it was added. */
  title: z.string().max(300).optional(),
}));

/**
 * Activity: who did something, where, and (in the envelope's occurredAt) when. Participation
 * reports and "last active" are built from these (issue 7), so each carries the member, the
 * community and its network, and is published once per counted act.
 */
const activity = { memberId: id, communityId: id, networkId: id, threadId: id };

const handle = z.string().regex(/^[a-z0-9_]{3,30}$/);

/**
 * The handles the post mentions, announced apart as MembersMentioned: a notifier tells those
 * members of the mention alone, not of the post a second time. Absent on events written before
 * it was added.
 */
const mentionedHandles = z.array(handle).max(50).optional();

/**
 * A member started a thread, or commented first on a resource or event. Published when the
 * opening post becomes visible: at once, or when a moderator approves it under pre-moderation;
 * occurredAt is always when the member wrote it.
 */
export const ThreadPosted = defineEvent(PUBLISHER, 'discussion.ThreadPosted', 1, z.object({
  ...activity,
  postId: id,
  forumId: id,
  kind: z.enum(['DISCUSSION', 'QUESTION', 'CASE_SCENARIO']),
  /** The thread's title, for messages that name it (notifications). Absent on events written before it was added. */
  title: z.string().max(300).optional(),
  /** Set when the thread holds the comments on another domain's resource or event. */
  subject: z.object({ type: z.enum(['RESOURCE', 'EVENT']), id }).nullable(),
  mentionedHandles,
}));

/** A member replied in a thread (or commented under a resource or event); published as ThreadPosted is. */
export const ReplyPosted = defineEvent(PUBLISHER, 'discussion.ReplyPosted', 1, z.object({
  ...activity,
  postId: id,
  forumId: id,
  /** The post replied to or quoted, when the reply names one. */
  replyToPostId: id.nullable(),
  /** The thread's title, for messages that name it (notifications). Absent on events written before it was added. */
  title: z.string().max(300).optional(),
  mentionedHandles,
}));

/** A member reacted to a post. Once per member, post and reaction: taking it back and again publishes again. */
export const PostReacted = defineEvent(PUBLISHER, 'discussion.PostReacted', 1, z.object({
  ...activity,
  postId: id,
  /** The post's author, so reports can count reactions received as well as given. */
  authorId: id,
  reaction: z.enum(['LIKE', 'HELPFUL']),
}));

/** A member viewed a thread: published for the first view per member, thread and day only. */
export const ThreadViewed = defineEvent(PUBLISHER, 'discussion.ThreadViewed', 1, z.object({
  ...activity,
  /** The calendar day in the network's time zone that the view counts for, YYYY-MM-DD. */
  day: z.iso.date(),
}));

/**
 * A post names people with @handle. Handles, not ids, because membership owns the mapping;
 * a notifier resolves them when it sends. Only newly added handles are announced on an edit.
 */
export const MembersMentioned = defineEvent(PUBLISHER, 'discussion.MembersMentioned', 1, z.object({
  postId: id,
  threadId: id,
  communityId: id,
  networkId: id,
  authorId: id,
  handles: z.array(handle).min(1).max(50),
}));

/**
 * A member started or stopped following a thread or a forum. Notifications keeps who follows
 * what from these; a migration announces the follows that existed before the event did.
 */
export const FollowChanged = defineEvent(PUBLISHER, 'discussion.FollowChanged', 1, z.object({
  memberId: id,
  target: z.enum(['THREAD', 'FORUM']),
  /** The thread's or forum's id, as `target` says. */
  targetId: id,
  communityId: id,
  networkId: id,
  following: z.boolean(),
}));

/**
 * A moderator hid or removed a post, or restored one. Notifications tells the author, and never
 * quotes a post that is hidden or removed at the time it delivers.
 */
export const PostModerated = defineEvent(PUBLISHER, 'discussion.PostModerated', 1, z.object({
  postId: id,
  threadId: id,
  communityId: id,
  networkId: id,
  /** Null once the author's account was deleted. */
  authorId: id.nullable(),
  moderatorId: id.nullable(),
  action: z.enum(['HIDDEN', 'REMOVED', 'RESTORED']),
  /** The reason the moderator gave, shown to the author. */
  reason: z.string().max(2000).nullable(),
  /** Whether the post opens its thread, so the whole thread went with it. */
  openingPost: z.boolean(),
}));

export const discussionEvents = { ThreadChanged, ThreadPosted, ReplyPosted, PostReacted, ThreadViewed, MembersMentioned, FollowChanged, PostModerated };
