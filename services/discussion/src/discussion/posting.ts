import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { clockOf, discussionContracts, errors, isUniqueViolation, parseInput, publish, returning, selectColumns, type Access, type CommunityAccess } from '@praxis/platform';
import { PostEntity, ThreadEntity, type ForumEntity, type SubjectType } from '../entities';
import type { Deps } from './deps';
import type { Forums } from './forums';
import type { Guard } from './guard';
import { announce, insertPost, lockThread, mustHold } from './posts';
import { commentProblem, replyProblem } from './reply-rule';
import { bodySchema, idempotencyKeySchema, isUuid, tagsSchema, titleSchema } from './validation';

const startInput = z.object({
  forumId: z.string(),
  kind: z.enum(['DISCUSSION', 'QUESTION', 'CASE_SCENARIO']).nullish(),
  title: titleSchema,
  body: bodySchema,
  tags: tagsSchema.nullish(),
  idempotencyKey: idempotencyKeySchema.nullish(),
});

const replyInput = z.object({
  threadId: z.string(),
  body: bodySchema,
  replyToPostId: z.string().nullish(),
  quote: z.boolean().nullish(),
  idempotencyKey: idempotencyKeySchema.nullish(),
});

const commentInput = z.object({
  subjectType: z.enum(['RESOURCE', 'EVENT']),
  subjectId: z.string(),
  body: bodySchema,
  replyToPostId: z.string().nullish(),
  idempotencyKey: idempotencyKeySchema.nullish(),
});

const KEY_REUSED = 'This idempotency key was used for a different post.';

/** Writing: starting threads, replying, and commenting under resources and events. */
export class Posting {
  constructor(
    private readonly deps: Deps,
    private readonly guard: Guard,
    private readonly forums: Forums,
  ) {}

  async startThread(access: Access, raw: unknown): Promise<ThreadEntity> {
    const input = parseInput(startInput, raw);
    const authorId = access.requireMember();
    const forum = await this.guard.forum(access, input.forumId);
    if (forum.kind !== 'FORUM') throw errors.notFound('Forum');
    const rights = await access.requireParticipate(forum.communityId);
    assertOpen(forum);
    const same = (post: PostEntity, thread: ThreadEntity) => post.isOpening && thread.forumId === forum.id && thread.title === input.title && post.body === input.body;
    return this.idempotent(authorId, input.idempotencyKey, same, async (manager) => {
      const held = await mustHold(manager, forum.communityId, authorId, rights);
      const thread = await insertThread(manager, {
        forum,
        kind: input.kind ?? 'DISCUSSION',
        title: input.title,
        tags: input.tags ?? [],
        authorId,
        status: held ? 'PENDING_APPROVAL' : 'PUBLISHED',
        subject: null,
      });
      const post = await insertPost(manager, { thread, authorId, body: input.body, isOpening: true, title: input.title, status: thread.status, idempotencyKey: input.idempotencyKey });
      if (!held) await announce(manager, post, thread);
      return { post, thread };
    }).then((result) => result.thread);
  }

  async reply(access: Access, raw: unknown): Promise<PostEntity> {
    const input = parseInput(replyInput, raw);
    const authorId = access.requireMember();
    const { thread, rights } = await this.guard.thread(access, input.threadId);
    await access.requireParticipate(thread.communityId);
    const replyToId = await this.replyTarget(access, thread.id, input.replyToPostId);
    const same = (post: PostEntity) => !post.isOpening && post.threadId === thread.id && post.body === input.body;
    const { post } = await this.idempotent(authorId, input.idempotencyKey, same, (manager) =>
      this.addReply(manager, thread.id, rights, { authorId, body: input.body, replyToId, quoted: Boolean(input.quote && replyToId), idempotencyKey: input.idempotencyKey }),
    );
    return post;
  }

  /**
   * The owning community comes from the projection of the owner's lifecycle events, never from
   * the client; the first comment starts the thread.
   */
  async comment(access: Access, raw: unknown): Promise<PostEntity> {
    const input = parseInput(commentInput, raw);
    const authorId = access.requireMember();
    const subject = await this.subject(access, input.subjectType, input.subjectId);
    const { rights } = subject;
    const [existing] = await this.deps.read.subjectThreads([`${input.subjectType}:${input.subjectId}`]);
    const replyToId = existing ? await this.replyTarget(access, existing.id, input.replyToPostId) : await this.replyTarget(access, null, input.replyToPostId);
    const same = (post: PostEntity, thread: ThreadEntity) => thread.subjectType === input.subjectType && thread.subjectId === input.subjectId && post.body === input.body;
    const attempt = () => this.idempotent(authorId, input.idempotencyKey, same, async (manager) => {
      const found: { id: string }[] = await manager.query('SELECT id FROM threads WHERE subject_type = $1 AND subject_id = $2', [input.subjectType, input.subjectId]);
      if (found[0]) return this.addReply(manager, found[0].id, rights, { authorId, body: input.body, replyToId, quoted: false, idempotencyKey: input.idempotencyKey });
      const forum = await this.forums.commentsForum(manager, subject.communityId, subject.networkId);
      const thread = await insertThread(manager, { forum, kind: 'DISCUSSION', title: null, tags: [], authorId, status: 'PUBLISHED', subject: { type: input.subjectType, id: input.subjectId } });
      const held = await mustHold(manager, thread.communityId, authorId, rights);
      const first = await insertPost(manager, { thread, authorId, body: input.body, isOpening: true, status: held ? 'PENDING_APPROVAL' : 'PUBLISHED', idempotencyKey: input.idempotencyKey });
      if (!held) await announce(manager, first, thread);
      return { post: first, thread };
    });
    try {
      return (await attempt()).post;
    } catch (error) {
      // Two first comments at once: one starts the thread, the other replies in it.
      if (isUniqueViolation(error, 'threads_one_per_subject')) return (await attempt()).post;
      throw error;
    }
  }

  private async addReply(
    manager: EntityManager,
    threadId: string,
    rights: CommunityAccess,
    values: { authorId: string; body: string; replyToId: string | null; quoted: boolean; idempotencyKey?: string | null },
  ): Promise<{ post: PostEntity; thread: ThreadEntity }> {
    const thread = await lockThread(manager, threadId);
    const [forum] = (await manager.query('SELECT archived_at FROM forums WHERE id = $1', [thread.forumId])) as { archived_at: Date | null }[];
    const problem = replyProblem(thread, { archivedAt: forum?.archived_at ?? null }, rights, values.authorId);
    if (problem) throw problem;
    const held = await mustHold(manager, thread.communityId, values.authorId, rights);
    const post = await insertPost(manager, { thread, ...values, isOpening: false, status: held ? 'PENDING_APPROVAL' : 'PUBLISHED' });
    if (!held) await announce(manager, post, thread);
    return { post, thread };
  }

  private async replyTarget(access: Access, threadId: string | null, postId: string | null | undefined): Promise<string | null> {
    if (postId == null) return null;
    if (threadId === null) throw errors.notFound('Post');
    const { post } = await this.guard.post(access, postId);
    if (post.threadId !== threadId) throw errors.notFound('Post');
    return post.id;
  }

  /** The subject as the projection knows it, and the viewer's rights in its community, once the viewer may comment there. */
  private async subject(access: Access, type: SubjectType, id: string): Promise<{ communityId: string; networkId: string; rights: CommunityAccess }> {
    const rows: { community_id: string | null; network_id: string; deleted: boolean }[] = isUuid(id)
      ? await this.deps.runtime.db.query('SELECT community_id, network_id, deleted FROM subjects WHERE type = $1 AND id = $2', [type, id])
      : [];
    const subject = rows[0] ? { communityId: rows[0].community_id, networkId: rows[0].network_id, deleted: rows[0].deleted } : null;
    const rights = subject?.communityId && !subject.deleted ? await access.community(subject.communityId) : null;
    const problem = commentProblem(subject, type === 'RESOURCE' ? 'Resource' : 'Event', rights, access.viewer.memberId, null);
    if (problem) throw problem;
    return { communityId: subject!.communityId!, networkId: subject!.networkId, rights: rights! };
  }

  /**
   * Runs `create` once per (author, idempotency key). A retry finds the first post and returns
   * it, checking that it is the same request; two attempts racing meet at the unique index and
   * the loser returns the winner's result.
   */
  private async idempotent(
    authorId: string,
    key: string | null | undefined,
    same: (post: PostEntity, thread: ThreadEntity) => boolean,
    create: (manager: EntityManager) => Promise<{ post: PostEntity; thread: ThreadEntity }>,
  ): Promise<{ post: PostEntity; thread: ThreadEntity }> {
    const previous = async () => {
      if (!key) return null;
      const rows: PostEntity[] = await this.deps.runtime.db.query(
        `SELECT ${selectColumns(this.deps.runtime.db, PostEntity, 'p')} FROM posts p WHERE p.author_id = $1 AND p.idempotency_key = $2`,
        [authorId, key],
      );
      if (!rows[0]) return null;
      const [thread] = await this.deps.read.threads([rows[0].threadId]);
      if (!same(rows[0], thread!)) throw errors.conflict('DUPLICATE', KEY_REUSED, 'input.idempotencyKey');
      return { post: rows[0], thread: thread! };
    };
    const earlier = await previous();
    if (earlier) return earlier;
    try {
      return await this.deps.runtime.transaction(create);
    } catch (error) {
      if (isUniqueViolation(error, 'posts_idempotency')) {
        const winner = await previous();
        if (winner) return winner;
      }
      throw error;
    }
  }
}

function assertOpen(forum: ForumEntity): void {
  if (forum.archivedAt) throw errors.conflict('INVALID_STATE', 'This forum is archived and takes no new threads.');
}

interface NewThread {
  forum: ForumEntity;
  kind: ThreadEntity['kind'];
  title: string | null;
  tags: string[];
  authorId: string;
  status: ThreadEntity['status'];
  subject: { type: SubjectType; id: string } | null;
}

async function insertThread(manager: EntityManager, values: NewThread): Promise<ThreadEntity> {
  const rows: ThreadEntity[] = await returning(manager, 
    `INSERT INTO threads (forum_id, community_id, network_id, kind, title, tags, author_id, status, subject_type, subject_id, created_at, last_activity_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     RETURNING ${selectColumns(manager.connection, ThreadEntity, 'threads')}`,
    [values.forum.id, values.forum.communityId, values.forum.networkId, values.kind, values.title, values.tags, values.authorId, values.status, values.subject?.type ?? null, values.subject?.id ?? null, clockOf(manager).now()],
  );
  const thread = rows[0]!;
  await publish(manager, discussionContracts.ThreadChanged, { threadId: thread.id, forumId: thread.forumId, networkId: thread.networkId, communityId: thread.communityId, change: 'CREATED', title: thread.title ?? undefined });
  return thread;
}
