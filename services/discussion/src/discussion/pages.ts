import type { Connection, PageRequest, SortKey, SortKeyType } from '@praxis/platform';
import { ForumEntity, ModerationLogEntity, PostEntity, PostRevisionEntity, ReportEntity, ThreadEntity } from '../entities';
import { fetchPagesPerParent } from './paging';
import type { ReadModel } from './read-model';

export type ThreadOrder = 'ACTIVITY' | 'NEWEST';

const desc = (sql: string, type: SortKeyType): SortKey => ({ sql, direction: 'DESC', type });
const asc = (sql: string, type: SortKeyType): SortKey => ({ sql, direction: 'ASC', type });

/** A thread page as seen by a moderator (everything but deleted) or anyone else (published only). */
export interface ThreadListParent {
  id: string;
  moderator: boolean;
}

/** Replies in a thread: everyone sees the shape; held posts only their author and moderators. */
export interface ReplyListParent {
  threadId: string;
  moderator: boolean;
}

/**
 * Every list discussion serves, as keyset pages. Lists that hang under a parent (a community's
 * forums, a forum's threads, a thread's replies, a member's posts) take many parents at once
 * and answer with one statement, so nesting them in a larger list costs nothing per parent.
 */
export class Pages {
  constructor(private readonly read: ReadModel) {}

  forumsOf(communityIds: string[], includeArchived: boolean, page: PageRequest): Promise<Connection<ForumEntity>[]> {
    return fetchPagesPerParent(this.read.run, [{ name: 'id', type: 'uuid', values: communityIds }], () => ({
      select: this.read.columns(ForumEntity, 'f'),
      from: 'forums f',
      where: ['f.community_id = k.id', `f.kind = 'FORUM'`, ...(includeArchived ? [] : ['f.archived_at IS NULL'])],
      keys: [asc('f.position', 'integer'), asc('f.id', 'uuid')],
    }), page);
  }

  threadsOf(forums: ThreadListParent[], order: ThreadOrder, page: PageRequest): Promise<Connection<ThreadEntity>[]> {
    const parents = [
      { name: 'id', type: 'uuid', values: forums.map((forum) => forum.id) },
      { name: 'moderator', type: 'boolean', values: forums.map((forum) => forum.moderator) },
    ];
    return fetchPagesPerParent(this.read.run, parents, () => ({
      select: this.read.columns(ThreadEntity, 't'),
      from: 'threads t',
      where: ['t.forum_id = k.id', `(t.status = 'PUBLISHED' OR (k.moderator AND t.status <> 'DELETED'))`],
      keys: order === 'ACTIVITY' ? [desc('t.pinned', 'boolean'), desc('t.last_activity_at', 'timestamp'), desc('t.id', 'uuid')] : [desc('t.created_at', 'timestamp'), desc('t.id', 'uuid')],
    }), page);
  }

  recentThreadsOf(communityIds: string[], page: PageRequest): Promise<Connection<ThreadEntity>[]> {
    return fetchPagesPerParent(this.read.run, [{ name: 'id', type: 'uuid', values: communityIds }], () => ({
      select: this.read.columns(ThreadEntity, 't'),
      from: 'threads t',
      where: ['t.community_id = k.id', `t.status = 'PUBLISHED'`, 't.subject_type IS NULL'],
      keys: [desc('t.last_activity_at', 'timestamp'), desc('t.id', 'uuid')],
    }), page);
  }

  repliesOf(threads: ReplyListParent[], viewerId: string | null, page: PageRequest): Promise<Connection<PostEntity>[]> {
    const parents = [
      { name: 'id', type: 'uuid', values: threads.map((thread) => thread.threadId) },
      { name: 'moderator', type: 'boolean', values: threads.map((thread) => thread.moderator) },
    ];
    return fetchPagesPerParent(this.read.run, parents, (params) => ({
      select: this.read.columns(PostEntity, 'p'),
      from: 'posts p',
      where: ['p.thread_id = k.id', 'NOT p.is_opening', `(p.status <> 'PENDING_APPROVAL' OR k.moderator OR p.author_id = ${params.add(viewerId)}::uuid)`],
      keys: [asc('p.created_at', 'timestamp'), asc('p.id', 'uuid')],
    }), page);
  }

  /** A member's threads in the communities given; others see only published ones. */
  threadsBy(memberIds: string[], communityIds: string[], viewerId: string | null, page: PageRequest): Promise<Connection<ThreadEntity>[]> {
    return fetchPagesPerParent(this.read.run, [{ name: 'id', type: 'uuid', values: memberIds }], (params) => ({
      select: this.read.columns(ThreadEntity, 't'),
      from: 'threads t',
      where: [
        't.author_id = k.id',
        `t.community_id = ANY(${params.add(communityIds)}::uuid[])`,
        `(t.status = 'PUBLISHED' OR (t.author_id = ${params.add(viewerId)}::uuid AND t.status <> 'DELETED'))`,
      ],
      keys: [desc('t.created_at', 'timestamp'), desc('t.id', 'uuid')],
    }), page);
  }

  postsBy(memberIds: string[], communityIds: string[], viewerId: string | null, page: PageRequest): Promise<Connection<PostEntity>[]> {
    return fetchPagesPerParent(this.read.run, [{ name: 'id', type: 'uuid', values: memberIds }], (params) => ({
      select: this.read.columns(PostEntity, 'p'),
      from: 'posts p',
      where: [
        'p.author_id = k.id',
        `p.community_id = ANY(${params.add(communityIds)}::uuid[])`,
        `(p.status = 'PUBLISHED' OR (p.author_id = ${params.add(viewerId)}::uuid AND p.status <> 'DELETED'))`,
      ],
      keys: [desc('p.created_at', 'timestamp'), desc('p.id', 'uuid')],
    }), page);
  }

  revisionsOf(postIds: string[], page: PageRequest): Promise<Connection<PostRevisionEntity>[]> {
    return fetchPagesPerParent(this.read.run, [{ name: 'id', type: 'uuid', values: postIds }], () => ({
      select: this.read.columns(PostRevisionEntity, 'r'),
      from: 'post_revisions r',
      where: ['r.post_id = k.id'],
      keys: [desc('r.version', 'integer')],
    }), page);
  }

  openReportsOf(postIds: string[], page: PageRequest): Promise<Connection<ReportEntity>[]> {
    return fetchPagesPerParent(this.read.run, [{ name: 'id', type: 'uuid', values: postIds }], () => ({
      select: this.read.columns(ReportEntity, 'r'),
      from: 'reports r',
      where: ['r.post_id = k.id', 'r.resolved_at IS NULL'],
      keys: [asc('r.created_at', 'timestamp'), asc('r.id', 'uuid')],
    }), page);
  }

  /** The moderation queue: posts held for approval or reported, oldest waiting first. */
  queueOf(communityIds: string[], page: PageRequest): Promise<Connection<PostEntity>[]> {
    return fetchPagesPerParent(this.read.run, [{ name: 'id', type: 'uuid', values: communityIds }], () => ({
      select: this.read.columns(PostEntity, 'p'),
      from: 'posts p',
      where: ['p.community_id = k.id', 'p.attention_since IS NOT NULL'],
      keys: [asc('p.attention_since', 'timestamp'), asc('p.id', 'uuid')],
    }), page);
  }

  auditLogOf(communityIds: string[], page: PageRequest): Promise<Connection<ModerationLogEntity>[]> {
    return fetchPagesPerParent(this.read.run, [{ name: 'id', type: 'uuid', values: communityIds }], () => ({
      select: this.read.columns(ModerationLogEntity, 'l'),
      from: 'moderation_log l',
      where: ['l.community_id = k.id'],
      keys: [desc('l.created_at', 'timestamp'), desc('l.id', 'uuid')],
    }), page);
  }
}
