import { discussionContracts, errors, publish, returning, type Access } from '@praxis/platform';
import type { ForumEntity, PostEntity, ReactionKind, ThreadEntity } from '../entities';
import type { Deps } from './deps';
import type { Guard } from './guard';

/**
 * Reactions, views, read positions and follows. Each is one row per member and thing, written
 * with INSERT … ON CONFLICT, so concurrent requests can neither lose nor double a count; the
 * counts are those rows.
 */
export class Engagement {
  constructor(
    private readonly deps: Deps,
    private readonly guard: Guard,
  ) {}

  async react(access: Access, postId: string, kind: ReactionKind): Promise<PostEntity> {
    const memberId = access.requireMember();
    const { post, thread } = await this.guard.post(access, postId);
    await access.requireParticipate(post.communityId);
    if (post.status !== 'PUBLISHED') throw errors.conflict('INVALID_STATE', 'Only published posts take reactions.');
    await this.deps.runtime.transaction(async (manager) => {
      // Reports count every reaction given, also once withdrawn, so it is kept in the ledger too.
      const added: unknown[] = await returning(manager, 
        `WITH added AS (
           INSERT INTO reactions (post_id, kind, member_id, community_id, created_at) VALUES ($1, $2, $3, $4, $6) ON CONFLICT DO NOTHING RETURNING post_id, kind, member_id, community_id, created_at)
         INSERT INTO reactions_given (post_id, kind, member_id, community_id, network_id, given_at)
         SELECT post_id, kind, member_id, community_id, $5, created_at FROM added RETURNING post_id`,
        [post.id, kind, memberId, post.communityId, post.networkId, this.deps.runtime.clock.now()],
      );
      if (added.length === 0) return;
      await publish(manager, discussionContracts.PostReacted, {
        memberId,
        communityId: post.communityId,
        networkId: post.networkId,
        threadId: thread.id,
        postId: post.id,
        authorId: post.authorId,
        reaction: kind,
      });
    });
    return post;
  }

  async unreact(access: Access, postId: string, kind: ReactionKind): Promise<PostEntity> {
    const memberId = access.requireMember();
    const { post } = await this.guard.post(access, postId);
    await access.requireParticipate(post.communityId);
    await this.deps.runtime.transaction((manager) => manager.query('DELETE FROM reactions WHERE post_id = $1 AND kind = $2 AND member_id = $3', [post.id, kind, memberId]));
    return post;
  }

  /**
   * Counts the viewer once per thread and calendar day in the network's time zone (UTC until
   * the network's zone is known here), so days line up with report buckets.
   */
  async recordView(access: Access, threadId: string): Promise<{ thread: ThreadEntity; counted: boolean }> {
    const memberId = access.requireMember();
    const { thread } = await this.guard.thread(access, threadId);
    const counted = await this.deps.runtime.transaction(async (manager) => {
      // The day follows the service's clock, like resources' views, so tests and backdated demo
      // history land on the day they mean.
      const rows: { day: string }[] = await returning(
        manager,
        `INSERT INTO thread_views (thread_id, day, member_id, community_id)
         VALUES ($1, ($5::timestamptz AT TIME ZONE coalesce((SELECT time_zone FROM networks WHERE id = $4), 'UTC'))::date, $2, $3)
         ON CONFLICT DO NOTHING RETURNING day::text AS day`,
        [thread.id, memberId, thread.communityId, thread.networkId, this.deps.runtime.clock.now()],
      );
      if (!rows[0]) return false;
      await publish(manager, discussionContracts.ThreadViewed, { memberId, communityId: thread.communityId, networkId: thread.networkId, threadId: thread.id, day: rows[0].day });
      return true;
    });
    return { thread, counted };
  }

  /** Moves the viewer's read position forward to a post (or the newest post); never back. */
  async markThreadRead(access: Access, threadId: string, upToPostId: string | null | undefined): Promise<ThreadEntity> {
    const memberId = access.requireMember();
    const { thread } = await this.guard.thread(access, threadId);
    let upTo: string | null = null;
    if (upToPostId != null) {
      const { post } = await this.guard.post(access, upToPostId);
      if (post.threadId !== thread.id) throw errors.notFound('Post');
      upTo = post.id;
    }
    // Positions are taken from the rows in SQL: a JavaScript Date would drop the microseconds
    // and leave the post just read counted as unread.
    await this.deps.runtime.transaction((manager) =>
      manager.query(
        `INSERT INTO thread_reads (member_id, thread_id, read_up_to)
         VALUES ($1, $2, coalesce((SELECT created_at FROM posts WHERE id = $3::uuid), (SELECT max(created_at) FROM posts WHERE thread_id = $2), now()))
         ON CONFLICT (member_id, thread_id) DO UPDATE SET read_up_to = greatest(thread_reads.read_up_to, EXCLUDED.read_up_to)`,
        [memberId, thread.id, upTo],
      ),
    );
    return thread;
  }

  async markForumRead(access: Access, forumId: string): Promise<ForumEntity> {
    const memberId = access.requireMember();
    const forum = await this.readableForum(access, forumId);
    await this.deps.runtime.transaction((manager) =>
      manager.query(
        `INSERT INTO forum_reads (member_id, forum_id, read_up_to) VALUES ($1, $2, now())
         ON CONFLICT (member_id, forum_id) DO UPDATE SET read_up_to = greatest(forum_reads.read_up_to, EXCLUDED.read_up_to)`,
        [memberId, forum.id],
      ),
    );
    return forum;
  }

  /**
   * Follows are announced only when they change (a repeated follow or unfollow returns no row),
   * so notifications, which keeps followers from these events, sees each change once.
   */
  async followThread(access: Access, threadId: string, follow: boolean): Promise<ThreadEntity> {
    const memberId = access.requireMember();
    const { thread } = await this.guard.thread(access, threadId);
    await this.deps.runtime.transaction(async (manager) => {
      const changed: unknown[] = follow
        ? await returning(manager, 'INSERT INTO thread_follows (member_id, thread_id, community_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING thread_id', [memberId, thread.id, thread.communityId])
        : await returning(manager, 'DELETE FROM thread_follows WHERE member_id = $1 AND thread_id = $2 RETURNING thread_id', [memberId, thread.id]);
      if (changed.length > 0) await publish(manager, discussionContracts.FollowChanged, { memberId, target: 'THREAD', targetId: thread.id, communityId: thread.communityId, networkId: thread.networkId, following: follow });
    });
    return thread;
  }

  async followForum(access: Access, forumId: string, follow: boolean): Promise<ForumEntity> {
    const memberId = access.requireMember();
    const forum = await this.readableForum(access, forumId);
    await this.deps.runtime.transaction(async (manager) => {
      const changed: unknown[] = follow
        ? await returning(manager, 'INSERT INTO forum_follows (member_id, forum_id, community_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING forum_id', [memberId, forum.id, forum.communityId])
        : await returning(manager, 'DELETE FROM forum_follows WHERE member_id = $1 AND forum_id = $2 RETURNING forum_id', [memberId, forum.id]);
      if (changed.length > 0) await publish(manager, discussionContracts.FollowChanged, { memberId, target: 'FORUM', targetId: forum.id, communityId: forum.communityId, networkId: forum.networkId, following: follow });
    });
    return forum;
  }

  private async readableForum(access: Access, forumId: string): Promise<ForumEntity> {
    const forum = await this.guard.forum(access, forumId);
    if (forum.kind !== 'FORUM') throw errors.notFound('Forum');
    return forum;
  }
}
