import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { discussionContracts, errors, parseInput, publish, returning, selectColumns, type Access } from '@praxis/platform';
import { PostEntity, ThreadEntity } from '../entities';
import type { Deps } from './deps';
import { mirrorsOpeningPost, type Guard } from './guard';
import { announceMentions, lockPost, lockThread, plainText, writeMentions } from './posts';
import { extractMentions } from './mentions';
import { bodySchema, tagsSchema, titleSchema } from './validation';

const editInput = z.object({ postId: z.string(), body: bodySchema, title: titleSchema.nullish(), tags: tagsSchema.nullish() });
const acceptInput = z.object({ threadId: z.string(), postId: z.string().nullish() });

/** Authors changing their own words: edits with history, soft deletion, and choosing an answer. */
export class Editing {
  constructor(
    private readonly deps: Deps,
    private readonly guard: Guard,
  ) {}

  async edit(access: Access, raw: unknown): Promise<PostEntity> {
    const input = parseInput(editInput, raw);
    const memberId = access.requireMember();
    const { post, thread } = await this.guard.post(access, input.postId);
    await access.requireParticipate(post.communityId);
    if (post.authorId !== memberId) throw errors.forbidden('Only its author can edit a post.');
    const titled = post.isOpening && thread.subjectType === null;
    if (!titled && input.title != null) throw errors.badInput('input.title', 'Only the opening post of a thread has a title.');
    if (!titled && input.tags != null) throw errors.badInput('input.tags', 'Only the opening post of a thread has tags.');
    return this.deps.runtime.transaction(async (manager) => {
      await lockThread(manager, thread.id);
      const current = await lockPost(manager, post.id);
      if (current.status === 'DELETED') throw errors.conflict('INVALID_STATE', 'A deleted post cannot be edited.');
      await manager.query(
        `INSERT INTO post_revisions (post_id, version, title, body, written_at, replaced_by)
         SELECT id, edit_count + 1, title, body, coalesce(edited_at, created_at), $2 FROM posts WHERE id = $1`,
        [current.id, memberId],
      );
      const title = titled ? (input.title ?? current.title) : null;
      const rows: PostEntity[] = await returning(manager, 
        `UPDATE posts SET body = $2, body_text = $3, title = $4, edit_count = edit_count + 1, edited_at = now()
         WHERE id = $1 RETURNING ${selectColumns(manager.connection, PostEntity, 'posts')}`,
        [current.id, input.body, plainText(input.body), title],
      );
      if (titled) await manager.query('UPDATE threads SET title = $2, tags = coalesce($3, tags) WHERE id = $1', [thread.id, title, input.tags ?? null]);
      const edited = rows[0]!;
      const added = await writeMentions(manager, edited, extractMentions(input.body));
      if (edited.status === 'PUBLISHED') await announceMentions(manager, edited, added);
      return edited;
    });
  }

  /** Deletion keeps the post in place as "deleted"; an opening post takes its thread with it. */
  async delete(access: Access, postId: string): Promise<PostEntity> {
    const memberId = access.requireMember();
    const { post } = await this.guard.post(access, postId);
    await access.requireParticipate(post.communityId);
    if (post.authorId !== memberId) throw errors.forbidden('Only its author can delete a post; moderators use moderation.');
    return this.deps.runtime.transaction((manager) => softDelete(manager, post, memberId));
  }

  async acceptAnswer(access: Access, raw: unknown): Promise<ThreadEntity> {
    const input = parseInput(acceptInput, raw);
    const memberId = access.requireMember();
    const { thread } = await this.guard.thread(access, input.threadId);
    if (thread.authorId === memberId) await access.requireParticipate(thread.communityId);
    else await access.requireModerate(thread.communityId);
    if (thread.kind !== 'QUESTION') throw errors.conflict('INVALID_STATE', 'Only a question has an accepted answer.');
    let answerId: string | null = null;
    if (input.postId != null) {
      const { post } = await this.guard.post(access, input.postId);
      if (post.threadId !== thread.id || post.isOpening) throw errors.notFound('Post');
      if (post.status !== 'PUBLISHED') throw errors.conflict('INVALID_STATE', 'Only a published reply can be the accepted answer.');
      answerId = post.id;
    } else if (input.postId === undefined) {
      throw errors.badInput('input.postId', 'Give the reply to accept, or null to clear.');
    }
    return this.deps.runtime.transaction(async (manager) => {
      await lockThread(manager, thread.id);
      const rows: ThreadEntity[] = await returning(manager, 
        `UPDATE threads SET accepted_post_id = $2 WHERE id = $1 RETURNING ${selectColumns(manager.connection, ThreadEntity, 'threads')}`,
        [thread.id, answerId],
      );
      return rows[0]!;
    });
  }
}

/**
 * Marks a post deleted, closes its open reports, and, for the opening post of an ordinary
 * thread, deletes the thread and says so. Deleting twice changes nothing.
 */
export async function softDelete(manager: EntityManager, target: Pick<PostEntity, 'id' | 'threadId'>, actorId: string): Promise<PostEntity> {
  const thread = await lockThread(manager, target.threadId);
  const current = await lockPost(manager, target.id);
  if (current.status === 'DELETED') return current;
  const rows: PostEntity[] = await returning(manager, 
    `UPDATE posts SET status = 'DELETED', deleted_at = now(), attention_since = NULL WHERE id = $1 RETURNING ${selectColumns(manager.connection, PostEntity, 'posts')}`,
    [current.id],
  );
  await resolveReports(manager, current.id, actorId, 'DELETED');
  if (thread.acceptedPostId === current.id) await manager.query('UPDATE threads SET accepted_post_id = NULL WHERE id = $1', [thread.id]);
  if (current.isOpening && mirrorsOpeningPost(thread)) {
    await manager.query(`UPDATE threads SET status = 'DELETED', deleted_at = now() WHERE id = $1`, [thread.id]);
    await publish(manager, discussionContracts.ThreadChanged, { threadId: thread.id, forumId: thread.forumId, networkId: thread.networkId, communityId: thread.communityId, change: 'DELETED', title: thread.title ?? undefined });
  }
  return rows[0]!;
}

export async function resolveReports(manager: EntityManager, postId: string, actorId: string, resolution: string): Promise<number> {
  const rows: unknown[] = await returning(manager, 
    `UPDATE reports SET resolved_at = now(), resolved_by = $2, resolution = $3 WHERE post_id = $1 AND resolved_at IS NULL RETURNING id`,
    [postId, actorId, resolution],
  );
  return rows.length;
}

