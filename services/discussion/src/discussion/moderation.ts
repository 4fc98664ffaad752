import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { discussionContracts, errors, parseInput, publish, returning, selectColumns, type Access, type EventPayload } from '@praxis/platform';
import { CommunitySettingsEntity, PostEntity, ReportEntity, ThreadEntity, type ModerationAction, type ReportResolution } from '../entities';
import type { Deps } from './deps';
import { resolveReports, softDelete } from './editing';
import { mirrorsOpeningPost, type Guard } from './guard';
import { announce, lockPost, lockThread } from './posts';
import { isUuid, LIMITS, reasonSchema } from './validation';

const reportInput = z.object({ postId: z.string().nullish(), threadId: z.string().nullish(), reason: reasonSchema });
const postInput = z.object({ postId: z.string(), action: z.enum(['HIDE', 'RESTORE', 'DELETE', 'APPROVE']), reason: reasonSchema });
const dismissInput = z.object({ postId: z.string(), reason: reasonSchema });
const threadInput = z.object({ threadId: z.string(), action: z.enum(['LOCK', 'UNLOCK', 'PIN', 'UNPIN']), reason: reasonSchema });
const moveInput = z.object({ threadId: z.string(), forumId: z.string(), reason: reasonSchema });
const preModerationInput = z.object({
  communityId: z.string(),
  heldPosts: z.number().int().min(0, 'Use 0 to turn pre-moderation off.').max(LIMITS.heldPosts, `Hold at most ${LIMITS.heldPosts} posts.`),
  reason: reasonSchema,
});

interface LogEntry {
  communityId: string;
  actorId: string;
  action: ModerationAction;
  reason: string;
  threadId?: string | null;
  postId?: string | null;
  fromForumId?: string | null;
  toForumId?: string | null;
  details?: Record<string, unknown>;
}

const POST_ACTIONS = {
  HIDE: { from: ['PUBLISHED'], to: 'HIDDEN', log: 'HIDE_POST', resolution: 'HIDDEN' },
  RESTORE: { from: ['HIDDEN'], to: 'PUBLISHED', log: 'RESTORE_POST', resolution: 'RESTORED' },
  APPROVE: { from: ['PENDING_APPROVAL'], to: 'PUBLISHED', log: 'APPROVE_POST', resolution: 'APPROVED' },
} as const;

const THREAD_ACTIONS: Record<'LOCK' | 'UNLOCK' | 'PIN' | 'UNPIN', { set: string; already: (thread: ThreadEntity) => boolean; state: string; log: ModerationAction }> = {
  LOCK: { set: 'locked_at = now()', already: (thread) => thread.lockedAt !== null, state: 'locked', log: 'LOCK_THREAD' },
  UNLOCK: { set: 'locked_at = NULL', already: (thread) => thread.lockedAt === null, state: 'unlocked', log: 'UNLOCK_THREAD' },
  PIN: { set: 'pinned = true', already: (thread) => thread.pinned, state: 'pinned', log: 'PIN_THREAD' },
  UNPIN: { set: 'pinned = false', already: (thread) => !thread.pinned, state: 'not pinned', log: 'UNPIN_THREAD' },
};

/**
 * Reports from readers, and what moderators do about them: the queue's actions on posts and
 * threads, and coordinators' pre-moderation setting. Every action carries a reason and lands in
 * the audit log in the same transaction.
 */
export class Moderation {
  constructor(
    private readonly deps: Deps,
    private readonly guard: Guard,
  ) {}

  async report(access: Access, raw: unknown): Promise<ReportEntity> {
    const input = parseInput(reportInput, raw);
    const reporterId = access.requireMember();
    if ((input.postId == null) === (input.threadId == null)) throw errors.badInput('input.postId', 'Give either a post or a thread.');
    const postId = input.postId ?? (await this.openingPostOf(access, input.threadId!));
    const { post } = await this.guard.post(access, postId);
    return this.deps.runtime.transaction(async (manager) => {
      const columns = selectColumns(manager.connection, ReportEntity, 'reports');
      const inserted: ReportEntity[] = await returning(manager, 
        `INSERT INTO reports (post_id, community_id, reporter_id, reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (post_id, reporter_id) WHERE resolved_at IS NULL DO NOTHING RETURNING ${columns}`,
        [post.id, post.communityId, reporterId, input.reason],
      );
      await manager.query('UPDATE posts SET attention_since = coalesce(attention_since, now()) WHERE id = $1', [post.id]);
      if (inserted[0]) return inserted[0];
      const open: ReportEntity[] = await manager.query(`SELECT ${columns} FROM reports WHERE post_id = $1 AND reporter_id = $2 AND resolved_at IS NULL`, [post.id, reporterId]);
      return open[0]!;
    });
  }

  async moderatePost(access: Access, raw: unknown): Promise<PostEntity> {
    const input = parseInput(postInput, raw);
    const actorId = access.requireMember();
    const { post } = await this.guard.post(access, input.postId);
    await access.requireModerate(post.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const log = { communityId: post.communityId, actorId, reason: input.reason, threadId: post.threadId, postId: post.id };
      if (input.action === 'DELETE') {
        const thread = await lockThread(manager, post.threadId);
        if ((await lockPost(manager, post.id)).status === 'DELETED') throw errors.conflict('INVALID_STATE', 'The post is deleted already.');
        const deleted = await softDelete(manager, post, actorId);
        await writeLog(manager, { ...log, action: 'DELETE_POST' });
        // Refusing a post held for approval removes it too, and its author is told the same way.
        await announceModerated(manager, deleted, thread, { moderatorId: actorId, action: 'REMOVED', reason: input.reason });
        return deleted;
      }
      const rule = POST_ACTIONS[input.action];
      const thread = await lockThread(manager, post.threadId);
      const current = await lockPost(manager, post.id);
      if (!(rule.from as readonly string[]).includes(current.status)) throw errors.conflict('INVALID_STATE', `Only a post that is ${rule.from.join(' or ').toLowerCase().replace('_', ' ')} can be changed this way.`);
      const rows: PostEntity[] = await returning(manager, 
        `UPDATE posts SET status = $2, published_at = CASE WHEN $2 = 'PUBLISHED' THEN coalesce(published_at, now()) ELSE published_at END,
                          attention_since = NULL
         WHERE id = $1 RETURNING ${selectColumns(manager.connection, PostEntity, 'posts')}`,
        [current.id, rule.to],
      );
      const updated = rows[0]!;
      if (current.isOpening && mirrorsOpeningPost(thread)) await manager.query('UPDATE threads SET status = $2 WHERE id = $1', [thread.id, rule.to]);
      // Activity counts once, when the post first becomes visible.
      if (current.publishedAt === null && updated.status === 'PUBLISHED') await announce(manager, updated, { ...thread, status: rule.to });
      await resolveReports(manager, current.id, actorId, rule.resolution satisfies ReportResolution);
      await writeLog(manager, { ...log, action: rule.log });
      if (input.action !== 'APPROVE') await announceModerated(manager, updated, thread, { moderatorId: actorId, action: input.action === 'HIDE' ? 'HIDDEN' : 'RESTORED', reason: input.reason });
      return updated;
    });
  }

  async dismissReports(access: Access, raw: unknown): Promise<PostEntity> {
    const input = parseInput(dismissInput, raw);
    const actorId = access.requireMember();
    const { post } = await this.guard.post(access, input.postId);
    await access.requireModerate(post.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      await lockThread(manager, post.threadId);
      await lockPost(manager, post.id);
      if ((await resolveReports(manager, post.id, actorId, 'DISMISSED')) === 0) throw errors.conflict('INVALID_STATE', 'The post has no open reports.');
      const rows: PostEntity[] = await returning(manager, 
        `UPDATE posts SET attention_since = CASE WHEN status = 'PENDING_APPROVAL' THEN attention_since END WHERE id = $1
         RETURNING ${selectColumns(manager.connection, PostEntity, 'posts')}`,
        [post.id],
      );
      await writeLog(manager, { communityId: post.communityId, actorId, action: 'DISMISS_REPORTS', reason: input.reason, threadId: post.threadId, postId: post.id });
      return rows[0]!;
    });
  }

  async moderateThread(access: Access, raw: unknown): Promise<ThreadEntity> {
    const input = parseInput(threadInput, raw);
    const actorId = access.requireMember();
    const { thread } = await this.guard.thread(access, input.threadId);
    await access.requireModerate(thread.communityId);
    const change = THREAD_ACTIONS[input.action];
    return this.deps.runtime.transaction(async (manager) => {
      const current = await lockThread(manager, thread.id);
      if (change.already(current)) throw errors.conflict('INVALID_STATE', `The thread is ${change.state} already.`);
      const rows: ThreadEntity[] = await returning(manager, `UPDATE threads SET ${change.set} WHERE id = $1 RETURNING ${selectColumns(manager.connection, ThreadEntity, 'threads')}`, [thread.id]);
      await writeLog(manager, { communityId: thread.communityId, actorId, action: change.log, reason: input.reason, threadId: thread.id });
      return rows[0]!;
    });
  }

  async move(access: Access, raw: unknown): Promise<ThreadEntity> {
    const input = parseInput(moveInput, raw);
    const actorId = access.requireMember();
    const { thread } = await this.guard.thread(access, input.threadId);
    await access.requireModerate(thread.communityId);
    const target = await this.guard.forum(access, input.forumId);
    if (target.communityId !== thread.communityId) throw errors.badInput('input.forumId', 'Threads move between forums of the same community.');
    if (target.kind !== 'FORUM' || thread.subjectType !== null) throw errors.conflict('INVALID_STATE', 'Comment threads stay with what they comment on.');
    if (target.archivedAt) throw errors.conflict('INVALID_STATE', 'The forum is archived.');
    return this.deps.runtime.transaction(async (manager) => {
      const current = await lockThread(manager, thread.id);
      if (current.forumId === target.id) throw errors.conflict('INVALID_STATE', 'The thread is in that forum already.');
      const rows: ThreadEntity[] = await returning(manager, `UPDATE threads SET forum_id = $2 WHERE id = $1 RETURNING ${selectColumns(manager.connection, ThreadEntity, 'threads')}`, [thread.id, target.id]);
      await writeLog(manager, { communityId: thread.communityId, actorId, action: 'MOVE_THREAD', reason: input.reason, threadId: thread.id, fromForumId: current.forumId, toForumId: target.id });
      await publish(manager, discussionContracts.ThreadChanged, { threadId: thread.id, forumId: target.id, networkId: thread.networkId, communityId: thread.communityId, change: 'MOVED', title: current.title ?? undefined });
      return rows[0]!;
    });
  }

  async setPreModeration(access: Access, raw: unknown): Promise<CommunitySettingsEntity> {
    const input = parseInput(preModerationInput, raw);
    const actorId = access.requireMember();
    if (!isUuid(input.communityId)) throw errors.notFound('Community');
    const rights = await access.requireCoordinate(input.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const rows: CommunitySettingsEntity[] = await returning(manager, 
        `INSERT INTO community_settings (community_id, network_id, pre_moderation_posts, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (community_id) DO UPDATE SET pre_moderation_posts = EXCLUDED.pre_moderation_posts, updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING ${selectColumns(manager.connection, CommunitySettingsEntity, 'community_settings')}`,
        [input.communityId, rights.networkId, input.heldPosts, actorId],
      );
      await writeLog(manager, { communityId: input.communityId, actorId, action: 'SET_PRE_MODERATION', reason: input.reason, details: { heldPosts: input.heldPosts } });
      return rows[0]!;
    });
  }

  private async openingPostOf(access: Access, threadId: string): Promise<string> {
    const { thread } = await this.guard.thread(access, threadId);
    const [opening] = await this.deps.read.openingPosts([thread.id]);
    return opening!.id;
  }
}

type Moderated = Pick<EventPayload<typeof discussionContracts.PostModerated>, 'moderatorId' | 'action' | 'reason'>;

/**
 * Tells the post's author, and lets whoever quotes posts elsewhere (notifications) stop quoting
 * it. Every change is announced, a moderator's own post included, so that a follower of these
 * events always knows whether a post is hidden. The opening post counts as such only where the
 * thread goes with it: a comment thread stays when its first comment is removed.
 */
async function announceModerated(manager: EntityManager, post: PostEntity, thread: ThreadEntity, moderated: Moderated): Promise<void> {
  await publish(manager, discussionContracts.PostModerated, {
    postId: post.id,
    threadId: thread.id,
    communityId: post.communityId,
    networkId: post.networkId,
    authorId: post.authorId,
    ...moderated,
    openingPost: post.isOpening && mirrorsOpeningPost(thread),
  });
}

async function writeLog(manager: EntityManager, entry: LogEntry): Promise<void> {
  await manager.query(
    `INSERT INTO moderation_log (community_id, actor_id, action, thread_id, post_id, from_forum_id, to_forum_id, reason, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [entry.communityId, entry.actorId, entry.action, entry.threadId ?? null, entry.postId ?? null, entry.fromForumId ?? null, entry.toForumId ?? null, entry.reason, JSON.stringify(entry.details ?? {})],
  );
}
