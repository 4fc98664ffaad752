import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { inKeyOrder, selectColumns, type Run } from '@praxis/platform';
import { CommunitySettingsEntity, ForumEntity, PostEntity, SubjectEntity, ThreadEntity, type ReactionKind, type SubjectType } from '../entities';
import { isUuid } from './validation';

export interface ReactionCounts {
  like: number;
  helpful: number;
}

export interface UnreadSummary {
  threadsWithUnread: number;
  unreadPosts: number;
  unreadThreadsInFollowedForums: number;
}

export interface ActivityCounts {
  threadsStarted: number;
  replies: number;
  reactionsGiven: number;
}

const uuids = (ids: readonly string[]) => [...new Set(ids.filter(isUuid))];

/**
 * Every batch read the loaders make: many keys in, results in key order out, one statement per
 * batch whatever its size. Ids that are not UUIDs are answered with nothing, never sent as uuid.
 */
export class ReadModel {
  readonly run: Run;

  constructor(readonly db: DataSource) {
    this.run = (sql, params) => db.query(sql, params);
  }

  columns<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string): string {
    return selectColumns(this.db, entity, alias);
  }

  forums(ids: readonly string[]) {
    return this.byIds(ForumEntity, 'forums', ids);
  }

  threads(ids: readonly string[]) {
    return this.byIds(ThreadEntity, 'threads', ids);
  }

  posts(ids: readonly string[]) {
    return this.byIds(PostEntity, 'posts', ids);
  }

  async openingPosts(threadIds: readonly string[]): Promise<(PostEntity | null)[]> {
    const rows = await this.select<PostEntity>(PostEntity, 'p', 'posts p WHERE p.thread_id = ANY($1::uuid[]) AND p.is_opening', [uuids(threadIds)]);
    return inKeyOrder(threadIds, rows, (row) => row.threadId);
  }

  async settings(communityIds: readonly string[]): Promise<(CommunitySettingsEntity | null)[]> {
    const rows = await this.select<CommunitySettingsEntity>(CommunitySettingsEntity, 's', 'community_settings s WHERE s.community_id = ANY($1::uuid[])', [uuids(communityIds)]);
    return inKeyOrder(communityIds, rows, (row) => row.communityId);
  }

  /** Comment threads by "TYPE:id" keys. */
  async subjectThreads(keys: readonly string[]): Promise<(ThreadEntity | null)[]> {
    const pairs = keys.map((key) => key.split(':') as [SubjectType, string]).filter(([, id]) => isUuid(id));
    const rows = await this.select<ThreadEntity>(
      ThreadEntity,
      't',
      'threads t JOIN unnest($1::text[], $2::uuid[]) AS k(type, id) ON t.subject_type = k.type AND t.subject_id = k.id',
      [pairs.map(([type]) => type), pairs.map(([, id]) => id)],
    );
    return inKeyOrder(keys, rows, (row) => `${row.subjectType}:${row.subjectId}`);
  }

  async subjects(keys: readonly string[]): Promise<(SubjectEntity | null)[]> {
    const pairs = keys.map((key) => key.split(':') as [SubjectType, string]).filter(([, id]) => isUuid(id));
    const rows = await this.select<SubjectEntity>(
      SubjectEntity,
      's',
      'subjects s JOIN unnest($1::text[], $2::uuid[]) AS k(type, id) ON s.type = k.type AND s.id = k.id',
      [pairs.map(([type]) => type), pairs.map(([, id]) => id)],
    );
    return inKeyOrder(keys, rows, (row) => `${row.type}:${row.id}`);
  }

  async replyCounts(threadIds: readonly string[]): Promise<number[]> {
    const rows: { id: string; count: number }[] = await this.db.query(
      `SELECT thread_id AS id, count(*)::int AS count FROM posts
       WHERE thread_id = ANY($1::uuid[]) AND NOT is_opening AND status = 'PUBLISHED' GROUP BY thread_id`,
      [uuids(threadIds)],
    );
    return countsInOrder(threadIds, rows);
  }

  async viewCounts(threadIds: readonly string[]): Promise<number[]> {
    const rows: { id: string; count: number }[] = await this.db.query(
      'SELECT thread_id AS id, count(*)::int AS count FROM thread_views WHERE thread_id = ANY($1::uuid[]) GROUP BY thread_id',
      [uuids(threadIds)],
    );
    return countsInOrder(threadIds, rows);
  }

  /** Unique viewers per day for many threads over one range of days. */
  async dailyViews(threadIds: readonly string[], from: string, to: string): Promise<{ day: string; viewers: number }[][]> {
    const rows: { id: string; day: string; viewers: number }[] = await this.db.query(
      `SELECT thread_id AS id, day::text AS day, count(*)::int AS viewers FROM thread_views
       WHERE thread_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date GROUP BY thread_id, day ORDER BY day`,
      [uuids(threadIds), from, to],
    );
    return threadIds.map((id) => rows.filter((row) => row.id === id).map(({ day, viewers }) => ({ day, viewers })));
  }

  async reactionCounts(postIds: readonly string[]): Promise<ReactionCounts[]> {
    const rows: { id: string; kind: ReactionKind; count: number }[] = await this.db.query(
      'SELECT post_id AS id, kind, count(*)::int AS count FROM reactions WHERE post_id = ANY($1::uuid[]) GROUP BY post_id, kind',
      [uuids(postIds)],
    );
    return postIds.map((id) => ({
      like: rows.find((row) => row.id === id && row.kind === 'LIKE')?.count ?? 0,
      helpful: rows.find((row) => row.id === id && row.kind === 'HELPFUL')?.count ?? 0,
    }));
  }

  async viewerReactions(postIds: readonly string[], viewerId: string): Promise<ReactionKind[][]> {
    const rows: { id: string; kind: ReactionKind }[] = await this.db.query(
      'SELECT post_id AS id, kind FROM reactions WHERE post_id = ANY($1::uuid[]) AND member_id = $2',
      [uuids(postIds), viewerId],
    );
    return postIds.map((id) => rows.filter((row) => row.id === id).map((row) => row.kind));
  }

  async mentions(postIds: readonly string[]): Promise<string[][]> {
    const rows: { id: string; handle: string }[] = await this.db.query(
      'SELECT post_id AS id, handle FROM post_mentions WHERE post_id = ANY($1::uuid[]) ORDER BY created_at, handle',
      [uuids(postIds)],
    );
    return postIds.map((id) => rows.filter((row) => row.id === id).map((row) => row.handle));
  }

  /** The members each post's mentions were resolved to, in the order `mentions` lists handles. */
  async mentionedMembers(postIds: readonly string[]): Promise<string[][]> {
    const rows: { id: string; memberId: string }[] = await this.db.query(
      'SELECT post_id AS id, member_id AS "memberId" FROM post_mentions WHERE post_id = ANY($1::uuid[]) AND member_id IS NOT NULL ORDER BY created_at, handle',
      [uuids(postIds)],
    );
    return postIds.map((id) => rows.filter((row) => row.id === id).map((row) => row.memberId));
  }

  async openReportCounts(postIds: readonly string[]): Promise<number[]> {
    const rows: { id: string; count: number }[] = await this.db.query(
      'SELECT post_id AS id, count(*)::int AS count FROM reports WHERE post_id = ANY($1::uuid[]) AND resolved_at IS NULL GROUP BY post_id',
      [uuids(postIds)],
    );
    return countsInOrder(postIds, rows);
  }

  async threadFollows(threadIds: readonly string[], viewerId: string): Promise<boolean[]> {
    const rows: { id: string }[] = await this.db.query('SELECT thread_id AS id FROM thread_follows WHERE member_id = $2 AND thread_id = ANY($1::uuid[])', [uuids(threadIds), viewerId]);
    const found = new Set(rows.map((row) => row.id));
    return threadIds.map((id) => found.has(id));
  }

  async forumFollows(forumIds: readonly string[], viewerId: string): Promise<boolean[]> {
    const rows: { id: string }[] = await this.db.query('SELECT forum_id AS id FROM forum_follows WHERE member_id = $2 AND forum_id = ANY($1::uuid[])', [uuids(forumIds), viewerId]);
    const found = new Set(rows.map((row) => row.id));
    return forumIds.map((id) => found.has(id));
  }

  /**
   * Visible posts by others that arrived after the viewer's read position in each thread: the
   * later of the thread's own marker and the forum's "caught up" marker.
   */
  async threadUnread(threadIds: readonly string[], viewerId: string): Promise<number[]> {
    const rows: { id: string; count: number }[] = await this.db.query(
      `SELECT t.id, count(p.id)::int AS count
       FROM threads t
       LEFT JOIN thread_reads tr ON tr.thread_id = t.id AND tr.member_id = $2
       LEFT JOIN forum_reads fr ON fr.forum_id = t.forum_id AND fr.member_id = $2
       JOIN posts p ON p.thread_id = t.id AND p.status = 'PUBLISHED' AND p.author_id <> $2
        AND p.created_at > greatest(tr.read_up_to, fr.read_up_to, '-infinity'::timestamptz)
       WHERE t.id = ANY($1::uuid[])
       GROUP BY t.id`,
      [uuids(threadIds), viewerId],
    );
    return countsInOrder(threadIds, rows);
  }

  /** Visible threads of each forum with activity after the viewer's read position. */
  async forumUnread(forumIds: readonly string[], viewerId: string): Promise<number[]> {
    const rows: { id: string; count: number }[] = await this.db.query(
      `SELECT t.forum_id AS id, count(*)::int AS count
       FROM threads t
       LEFT JOIN thread_reads tr ON tr.thread_id = t.id AND tr.member_id = $2
       LEFT JOIN forum_reads fr ON fr.forum_id = t.forum_id AND fr.member_id = $2
       WHERE t.forum_id = ANY($1::uuid[]) AND t.status = 'PUBLISHED'
         AND t.last_activity_at > greatest(tr.read_up_to, fr.read_up_to, '-infinity'::timestamptz)
         AND EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.status = 'PUBLISHED' AND p.author_id <> $2
                       AND p.created_at > greatest(tr.read_up_to, fr.read_up_to, '-infinity'::timestamptz))
       GROUP BY t.forum_id`,
      [uuids(forumIds), viewerId],
    );
    return countsInOrder(forumIds, rows);
  }

  /** What is new for the viewer in what they follow, per community. */
  async communityUnread(communityIds: readonly string[], viewerId: string): Promise<UnreadSummary[]> {
    const rows: { id: string; threads: number; posts: number; forum_threads: number }[] = await this.db.query(
      `WITH followed AS (
         SELECT f.community_id, f.thread_id, count(p.id)::int AS unread
         FROM thread_follows f
         JOIN threads t ON t.id = f.thread_id AND t.status = 'PUBLISHED'
         LEFT JOIN thread_reads tr ON tr.thread_id = t.id AND tr.member_id = f.member_id
         LEFT JOIN forum_reads fr ON fr.forum_id = t.forum_id AND fr.member_id = f.member_id
         LEFT JOIN posts p ON p.thread_id = t.id AND p.status = 'PUBLISHED' AND p.author_id <> f.member_id
           AND p.created_at > greatest(tr.read_up_to, fr.read_up_to, '-infinity'::timestamptz)
         WHERE f.member_id = $2 AND f.community_id = ANY($1::uuid[])
         GROUP BY f.community_id, f.thread_id
       ), forums AS (
         SELECT ff.community_id, count(t.id)::int AS threads
         FROM forum_follows ff
         JOIN threads t ON t.forum_id = ff.forum_id AND t.status = 'PUBLISHED'
         LEFT JOIN thread_reads tr ON tr.thread_id = t.id AND tr.member_id = ff.member_id
         LEFT JOIN forum_reads fr ON fr.forum_id = t.forum_id AND fr.member_id = ff.member_id
         WHERE ff.member_id = $2 AND ff.community_id = ANY($1::uuid[])
           AND EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.status = 'PUBLISHED' AND p.author_id <> ff.member_id
                         AND p.created_at > greatest(tr.read_up_to, fr.read_up_to, '-infinity'::timestamptz))
         GROUP BY ff.community_id
       )
       SELECT c.id,
              coalesce((SELECT count(*) FILTER (WHERE unread > 0) FROM followed WHERE community_id = c.id), 0)::int AS threads,
              coalesce((SELECT sum(unread) FROM followed WHERE community_id = c.id), 0)::int AS posts,
              coalesce((SELECT threads FROM forums WHERE community_id = c.id), 0)::int AS forum_threads
       FROM unnest($1::uuid[]) AS c(id)`,
      [uuids(communityIds), viewerId],
    );
    const byId = new Map(rows.map((row) => [row.id, { threadsWithUnread: row.threads, unreadPosts: row.posts, unreadThreadsInFollowedForums: row.forum_threads }]));
    return communityIds.map((id) => byId.get(id) ?? { threadsWithUnread: 0, unreadPosts: 0, unreadThreadsInFollowedForums: 0 });
  }

  /**
   * Participation per member in the given communities: threads started and replies that are
   * visible, and reactions given.
   */
  async activity(memberIds: readonly string[], communityIds: readonly string[]): Promise<ActivityCounts[]> {
    const rows: { id: string; threads: number; replies: number; reactions: number }[] = await this.db.query(
      `SELECT k.id,
              (SELECT count(*) FROM threads t WHERE t.author_id = k.id AND t.community_id = ANY($2::uuid[]) AND t.status = 'PUBLISHED')::int AS threads,
              (SELECT count(*) FROM posts p WHERE p.author_id = k.id AND p.community_id = ANY($2::uuid[]) AND NOT p.is_opening AND p.status = 'PUBLISHED')::int AS replies,
              (SELECT count(*) FROM reactions r WHERE r.member_id = k.id AND r.community_id = ANY($2::uuid[]))::int AS reactions
       FROM unnest($1::uuid[]) AS k(id)`,
      [uuids(memberIds), uuids(communityIds)],
    );
    const byId = new Map(rows.map((row) => [row.id, { threadsStarted: row.threads, replies: row.replies, reactionsGiven: row.reactions }]));
    return memberIds.map((id) => byId.get(id) ?? { threadsStarted: 0, replies: 0, reactionsGiven: 0 });
  }

  async select<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string, fromAndRest: string, params: unknown[]): Promise<E[]> {
    return this.db.query(`SELECT ${this.columns(entity, alias)} FROM ${fromAndRest}`, params);
  }

  private async byIds<E extends ObjectLiteral & { id: string }>(entity: EntityTarget<E>, table: string, ids: readonly string[]): Promise<(E | null)[]> {
    const rows = await this.select<E>(entity, 't', `${table} t WHERE t.id = ANY($1::uuid[])`, [uuids(ids)]);
    return inKeyOrder(ids, rows, (row) => row.id);
  }
}

function countsInOrder(keys: readonly string[], rows: { id: string; count: number }[]): number[] {
  return inKeyOrder(keys, rows, (row) => row.id).map((row) => row?.count ?? 0);
}
