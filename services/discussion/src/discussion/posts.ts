import type { EntityManager } from 'typeorm';
import { clockOf, discussionContracts, errors, markdownToText, publish, returning, selectColumns, type CommunityAccess } from '@praxis/platform';
import { PostEntity, ThreadEntity, type PostStatus } from '../entities';
import { extractMentions } from './mentions';

export interface NewPost {
  thread: ThreadEntity;
  authorId: string;
  body: string;
  isOpening: boolean;
  replyToId?: string | null;
  quoted?: boolean;
  title?: string | null;
  status: PostStatus;
  idempotencyKey?: string | null;
}

/**
 * The plain text search indexes and quotes in snippets. The two control characters are reserved
 * for snippet marks; angle brackets go because PostgreSQL's text-search parser reads what looks
 * like a tag as one, and a stray `<` in prose would hide the words after it from search.
 */
export function plainText(markdown: string): string {
  return markdownToText(markdown).replace(/[\u0002\u0003<>]/g, ' ').replace(/\s+/g, ' ').trim();
}

export async function insertPost(manager: EntityManager, values: NewPost): Promise<PostEntity> {
  const published = values.status === 'PUBLISHED';
  const rows: PostEntity[] = await returning(manager, 
    `INSERT INTO posts (thread_id, community_id, network_id, author_id, is_opening, reply_to_id, quoted, title, body, body_text, status,
                        published_at, attention_since, idempotency_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $12 THEN $14::timestamptz END, CASE WHEN $12 THEN NULL ELSE $14::timestamptz END, $13, $14)
     RETURNING ${selectColumns(manager.connection, PostEntity, 'posts')}`,
    [
      values.thread.id,
      values.thread.communityId,
      values.thread.networkId,
      values.authorId,
      values.isOpening,
      values.replyToId ?? null,
      values.quoted ?? false,
      values.title ?? null,
      values.body,
      plainText(values.body),
      values.status,
      published,
      values.idempotencyKey ?? null,
      // The service's time, not the database's, so a post written under a moved clock is dated by it.
      clockOf(manager).now(),
    ],
  );
  const post = rows[0]!;
  await writeMentions(manager, post, extractMentions(values.body));
  return post;
}

/**
 * Sets a post's mentions; returns the handles that are new to it. Mentions it keeps keep their
 * row, and so the member their handle was resolved to.
 */
export async function writeMentions(manager: EntityManager, post: PostEntity, handles: string[]): Promise<string[]> {
  const before: { handle: string }[] = await manager.query('SELECT handle FROM post_mentions WHERE post_id = $1', [post.id]);
  await manager.query('DELETE FROM post_mentions WHERE post_id = $1 AND NOT (handle = ANY($2::text[]))', [post.id, handles]);
  const known = new Set(before.map((row) => row.handle));
  const added = handles.filter((handle) => !known.has(handle));
  if (added.length > 0) {
    await manager.query(
      `INSERT INTO post_mentions (post_id, handle, community_id) SELECT $1, handle, $2 FROM unnest($3::text[]) AS h(handle)`,
      [post.id, post.communityId, added],
    );
  }
  return added;
}

/**
 * What happens when a post becomes visible, at once or on approval: the thread's activity time
 * moves on, and the activity and mention events go out, stamped with when the member wrote it.
 */
export async function announce(manager: EntityManager, post: PostEntity, thread: ThreadEntity): Promise<void> {
  const handles = ((await manager.query('SELECT handle FROM post_mentions WHERE post_id = $1 ORDER BY handle', [post.id])) as { handle: string }[]).map((row) => row.handle);
  const scope = {
    memberId: post.authorId,
    communityId: post.communityId,
    networkId: post.networkId,
    threadId: thread.id,
    postId: post.id,
    forumId: thread.forumId,
    title: thread.title ?? undefined,
    ...(handles.length > 0 ? { mentionedHandles: handles } : {}),
  };
  if (post.isOpening) {
    const subject = thread.subjectType && thread.subjectId ? { type: thread.subjectType, id: thread.subjectId } : null;
    await publish(manager, discussionContracts.ThreadPosted, { ...scope, kind: thread.kind, subject }, { occurredAt: post.createdAt });
  } else {
    await publish(manager, discussionContracts.ReplyPosted, { ...scope, replyToPostId: post.replyToId }, { occurredAt: post.createdAt });
  }
  // From the row, not the JavaScript Date, which would drop the microseconds.
  await manager.query('UPDATE threads SET last_activity_at = greatest(last_activity_at, (SELECT created_at FROM posts WHERE id = $2)) WHERE id = $1', [thread.id, post.id]);
  await announceMentions(manager, post, handles);
}

export async function announceMentions(manager: EntityManager, post: PostEntity, handles: string[]): Promise<void> {
  if (handles.length === 0) return;
  await publish(manager, discussionContracts.MembersMentioned, {
    postId: post.id,
    threadId: post.threadId,
    communityId: post.communityId,
    networkId: post.networkId,
    authorId: post.authorId,
    handles,
  });
}

/**
 * Whether a new post waits for approval: when the community holds its members' first N posts
 * and the author has had fewer than N published there. Moderators are never held.
 */
export async function mustHold(manager: EntityManager, communityId: string, authorId: string, rights: CommunityAccess): Promise<boolean> {
  if (rights.canModerate) return false;
  const rows: { held: number; published: number }[] = await manager.query(
    `SELECT s.pre_moderation_posts AS held,
            (SELECT count(*)::int FROM posts p WHERE p.author_id = $2 AND p.community_id = $1 AND p.published_at IS NOT NULL) AS published
     FROM community_settings s WHERE s.community_id = $1`,
    [communityId, authorId],
  );
  const row = rows[0];
  return row !== undefined && row.held > 0 && row.published < row.held;
}

/**
 * Locks a thread for the rest of the transaction, so lock, move and reply cannot interleave.
 * Always the thread before its posts, and NO KEY UPDATE so foreign-key checks of concurrent
 * inserts are not blocked: together these keep writers free of deadlocks.
 */
export async function lockThread(manager: EntityManager, threadId: string): Promise<ThreadEntity> {
  const rows: ThreadEntity[] = await manager.query(`SELECT ${selectColumns(manager.connection, ThreadEntity, 't')} FROM threads t WHERE t.id = $1 FOR NO KEY UPDATE`, [threadId]);
  if (!rows[0]) throw errors.notFound('Thread');
  return rows[0];
}

export async function lockPost(manager: EntityManager, postId: string): Promise<PostEntity> {
  const rows: PostEntity[] = await manager.query(`SELECT ${selectColumns(manager.connection, PostEntity, 'p')} FROM posts p WHERE p.id = $1 FOR NO KEY UPDATE`, [postId]);
  if (!rows[0]) throw errors.notFound('Post');
  return rows[0];
}
