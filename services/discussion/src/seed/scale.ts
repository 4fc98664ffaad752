import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { discussionContracts, publishMany, SeededRandom, type SeedContext } from '@praxis/platform';
import type { RunningDiscussion } from '../index';
import { FORUM_NAMES, OPENERS, TAGS, TITLE_SUBJECTS, WORDS } from './words';

export const DISCUSSION_SCALE = {
  /** About this many posts in all, nine in ten in the large scale community. */
  posts: 200_000,
  mainShare: 0.9,
  repliesPerThread: 9,
  reactionsPerPost: 0.5,
  viewsPerPost: 0.25,
  batch: 5_000,
  days: 730,
};

interface Plan {
  communityId: string;
  networkId: string;
  members: string[];
  posts: number;
}

interface ThreadRow {
  id: string;
  forumId: string;
  kind: 'DISCUSSION' | 'QUESTION' | 'CASE_SCENARIO';
  title: string;
  tags: string[];
  authorId: string;
  createdAt: Date;
  lastActivityAt: Date;
}

interface PostRow {
  id: string;
  threadId: string;
  forumId: string;
  authorId: string;
  opening: boolean;
  title: string | null;
  body: string;
  createdAt: Date;
}

/**
 * Scale mode: about 200,000 posts over two years in the scale communities, written by their
 * members, with reactions and views, in bulk statements of a few thousand rows each and with
 * their activity events, from a fixed random seed.
 */
export async function seedScale(running: RunningDiscussion, context: SeedContext): Promise<void> {
  const db = running.runtime.db;
  const main = context.manifest.communities.scale;
  if (!main) throw new Error('discussion scale data builds on membership scale data: seed it first');
  const random = new SeededRandom(context.randomSeed + 4);
  const plans = planCommunities(context, random);
  // Each community continues from what an earlier, interrupted run wrote; a finished one is skipped.
  const written: { community_id: string; posts: number }[] = await db.query(
    'SELECT community_id, count(*)::int AS posts FROM posts WHERE community_id = ANY($1::uuid[]) GROUP BY community_id',
    [plans.map((plan) => plan.communityId)],
  );
  for (const plan of plans) plan.posts -= written.find((row) => row.community_id === plan.communityId)?.posts ?? 0;
  const todo = plans.filter((plan) => plan.posts > 0);
  if (todo.length === 0) return;
  const started = performance.now();
  const posts = todo.reduce((sum, plan) => sum + plan.posts, 0);
  context.progress.start('discussion scale', posts);
  for (const plan of todo) await seedCommunity(running, plan, random, context);
  context.progress.stop();
  // A bulk load leaves the planner's statistics behind; search plans need them current.
  await db.query('ANALYZE threads, posts, reactions, reactions_given, thread_views');
  context.logger.info({ posts, communities: todo.length, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'discussion scale data written');
}

function planCommunities(context: SeedContext, random: SeededRandom): Plan[] {
  const { communities, communityMembers } = context.manifest;
  const others = Object.keys(communities).filter((key) => /^scale-\d+$/.test(key) && (communityMembers[key]?.length ?? 0) > 0);
  const mainPosts = Math.round(DISCUSSION_SCALE.posts * DISCUSSION_SCALE.mainShare);
  const rest = DISCUSSION_SCALE.posts - mainPosts;
  const weights = others.map(() => 0.5 + random.next());
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return [
    { communityId: communities.scale!.id, networkId: communities.scale!.networkId, members: communityMembers.scale ?? [], posts: mainPosts },
    ...others.map((key, index) => ({ communityId: communities[key]!.id, networkId: communities[key]!.networkId, members: communityMembers[key]!, posts: Math.round((rest * weights[index]!) / total) })),
  ].filter((plan) => plan.members.length > 0 && plan.posts > 0);
}

async function seedCommunity(running: RunningDiscussion, plan: Plan, random: SeededRandom, context: SeedContext): Promise<void> {
  const forumIds = await running.runtime.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO forums (community_id, network_id, kind, name, description, position)
       SELECT $1::uuid, $2::uuid, 'FORUM', name, 'Generated for scale testing.', position - 1 FROM unnest($3::text[]) WITH ORDINALITY AS f(name, position)
       ON CONFLICT (community_id, lower(name)) WHERE kind = 'FORUM' DO NOTHING`,
      [plan.communityId, plan.networkId, FORUM_NAMES],
    );
    const rows: { id: string }[] = await manager.query(`SELECT id FROM forums WHERE community_id = $1 AND kind = 'FORUM' ORDER BY position, id`, [plan.communityId]);
    return rows.map((row) => row.id);
  });
  // Active members write most: a few write a lot, most a little.
  const writers = random.sample(plan.members, Math.max(1, Math.round(plan.members.length * 0.6)));
  const author = () => writers[Math.floor(random.next() ** 2.2 * writers.length)]!;
  const now = Date.now();
  const start = now - DISCUSSION_SCALE.days * 86_400_000;

  let written = 0;
  while (written < plan.posts) {
    const threads: ThreadRow[] = [];
    const posts: PostRow[] = [];
    while (posts.length < DISCUSSION_SCALE.batch && written + posts.length < plan.posts) {
      const createdAt = new Date(start + random.next() * (now - start - 86_400_000));
      const kind = random.weighted({ DISCUSSION: 6, QUESTION: 3, CASE_SCENARIO: 1 });
      const thread: ThreadRow = { id: randomUUID(), forumId: random.pick(forumIds), kind, title: title(random), tags: random.sample(TAGS, random.int(0, 3)), authorId: author(), createdAt, lastActivityAt: createdAt };
      threads.push(thread);
      posts.push({ id: randomUUID(), threadId: thread.id, forumId: thread.forumId, authorId: thread.authorId, opening: true, title: thread.title, body: body(random, 3, 7), createdAt });
      const replies = Math.min(Math.round(-Math.log(1 - random.next()) * DISCUSSION_SCALE.repliesPerThread), 120);
      let at = createdAt.getTime();
      for (let i = 0; i < replies && posts.length < DISCUSSION_SCALE.batch && written + posts.length < plan.posts; i += 1) {
        at = Math.min(at + random.next() * 3 * 86_400_000, now - 60_000);
        posts.push({ id: randomUUID(), threadId: thread.id, forumId: thread.forumId, authorId: author(), opening: false, title: null, body: body(random, 1, 4), createdAt: new Date(at) });
      }
      thread.lastActivityAt = new Date(at);
    }
    await running.runtime.transaction((manager) => insertBatch(manager, plan, threads, posts, random));
    written += posts.length;
    context.progress.increment(posts.length);
  }
}

async function insertBatch(manager: EntityManager, plan: Plan, threads: ThreadRow[], posts: PostRow[], random: SeededRandom): Promise<void> {
  const { communityId, networkId } = plan;
  await manager.query(
    `INSERT INTO threads (id, forum_id, community_id, network_id, kind, title, tags, author_id, status, created_at, last_activity_at)
     SELECT id, forum_id, $1::uuid, $2::uuid, kind, title, CASE WHEN tags = '' THEN '{}'::text[] ELSE string_to_array(tags, ',') END, author_id, 'PUBLISHED', created_at, last_activity_at
     FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::timestamptz[], $10::timestamptz[])
       AS t(id, forum_id, kind, title, tags, author_id, created_at, last_activity_at)`,
    [communityId, networkId, threads.map((t) => t.id), threads.map((t) => t.forumId), threads.map((t) => t.kind), threads.map((t) => t.title), threads.map((t) => t.tags.join(',')), threads.map((t) => t.authorId), threads.map((t) => t.createdAt), threads.map((t) => t.lastActivityAt)],
  );
  // Generated bodies are plain prose, so their searchable text is the body itself.
  await manager.query(
    `INSERT INTO posts (id, thread_id, community_id, network_id, author_id, is_opening, title, body, body_text, status, created_at, published_at)
     SELECT id, thread_id, $1::uuid, $2::uuid, author_id, opening, title, body, body, 'PUBLISHED', created_at, created_at
     FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::boolean[], $7::text[], $8::text[], $9::timestamptz[]) AS p(id, thread_id, author_id, opening, title, body, created_at)`,
    [communityId, networkId, posts.map((p) => p.id), posts.map((p) => p.threadId), posts.map((p) => p.authorId), posts.map((p) => p.opening), posts.map((p) => p.title), posts.map((p) => p.body), posts.map((p) => p.createdAt)],
  );
  const reactions = posts.flatMap((post) =>
    random.chance(DISCUSSION_SCALE.reactionsPerPost)
      ? [{ post, memberId: random.pick(plan.members), kind: random.chance(0.7) ? ('LIKE' as const) : ('HELPFUL' as const), at: new Date(post.createdAt.getTime() + random.next() * 2 * 86_400_000) }]
      : [],
  );
  const added: { post_id: string; kind: 'LIKE' | 'HELPFUL'; member_id: string }[] = await manager.query(
    `WITH added AS (
       INSERT INTO reactions (post_id, kind, member_id, community_id, created_at)
       SELECT post_id, kind, member_id, $1::uuid, created_at FROM unnest($3::uuid[], $4::text[], $5::uuid[], $6::timestamptz[]) AS r(post_id, kind, member_id, created_at)
       ON CONFLICT DO NOTHING RETURNING post_id, kind, member_id, created_at)
     INSERT INTO reactions_given (post_id, kind, member_id, community_id, network_id, given_at)
     SELECT post_id, kind, member_id, $1::uuid, $2::uuid, created_at FROM added RETURNING post_id, kind, member_id`,
    [communityId, networkId, reactions.map((r) => r.post.id), reactions.map((r) => r.kind), reactions.map((r) => r.memberId), reactions.map((r) => r.at)],
  );
  const openings = posts.filter((post) => post.opening);
  const views = openings.flatMap((post) =>
    Array.from({ length: Math.round(random.next() * DISCUSSION_SCALE.viewsPerPost * 2 * (posts.length / openings.length)) }, () => ({ post, memberId: random.pick(plan.members), at: new Date(post.createdAt.getTime() + random.next() * 30 * 86_400_000) })),
  ).filter((view) => view.at.getTime() < Date.now());
  const viewed: { thread_id: string; member_id: string; day: string; viewed_at: Date }[] = await manager.query(
    `INSERT INTO thread_views (thread_id, day, member_id, community_id, viewed_at)
     SELECT thread_id, (viewed_at AT TIME ZONE coalesce((SELECT time_zone FROM networks WHERE id = $2::uuid), 'UTC'))::date, member_id, $1::uuid, viewed_at
     FROM unnest($3::uuid[], $4::uuid[], $5::timestamptz[]) AS v(thread_id, member_id, viewed_at)
     ON CONFLICT DO NOTHING RETURNING thread_id, member_id, day::text AS day, viewed_at`,
    [communityId, networkId, views.map((v) => v.post.threadId), views.map((v) => v.memberId), views.map((v) => v.at)],
  );
  await publishEvents(manager, plan, threads, posts, reactions, added, viewed);
}

async function publishEvents(
  manager: EntityManager,
  plan: Plan,
  threads: ThreadRow[],
  posts: PostRow[],
  reactions: { post: PostRow; memberId: string; kind: 'LIKE' | 'HELPFUL'; at: Date }[],
  added: { post_id: string; kind: string; member_id: string }[],
  viewed: { thread_id: string; member_id: string; day: string; viewed_at: Date }[],
): Promise<void> {
  const scope = { communityId: plan.communityId, networkId: plan.networkId };
  const byThread = new Map(threads.map((thread) => [thread.id, thread]));
  await publishMany(manager, discussionContracts.ThreadChanged, threads.map((t) => ({ occurredAt: t.createdAt, payload: { ...scope, threadId: t.id, forumId: t.forumId, change: 'CREATED' as const, title: t.title } })));
  await publishMany(
    manager,
    discussionContracts.ThreadPosted,
    posts.filter((p) => p.opening).map((p) => ({ occurredAt: p.createdAt, payload: { ...scope, memberId: p.authorId, threadId: p.threadId, postId: p.id, forumId: p.forumId, kind: byThread.get(p.threadId)!.kind, title: byThread.get(p.threadId)!.title, subject: null } })),
  );
  await publishMany(
    manager,
    discussionContracts.ReplyPosted,
    posts.filter((p) => !p.opening).map((p) => ({ occurredAt: p.createdAt, payload: { ...scope, memberId: p.authorId, threadId: p.threadId, postId: p.id, forumId: p.forumId, replyToPostId: null, title: byThread.get(p.threadId)!.title } })),
  );
  const kept = new Set(added.map((row) => `${row.post_id}|${row.kind}|${row.member_id}`));
  await publishMany(
    manager,
    discussionContracts.PostReacted,
    reactions
      .filter((r) => kept.delete(`${r.post.id}|${r.kind}|${r.memberId}`))
      .map((r) => ({ occurredAt: r.at, payload: { ...scope, memberId: r.memberId, threadId: r.post.threadId, postId: r.post.id, authorId: r.post.authorId, reaction: r.kind } })),
  );
  await publishMany(manager, discussionContracts.ThreadViewed, viewed.map((v) => ({ occurredAt: v.viewed_at, payload: { ...scope, memberId: v.member_id, threadId: v.thread_id, day: v.day } })));
}

function title(random: SeededRandom): string {
  return `${random.pick(OPENERS)} ${random.pick(TITLE_SUBJECTS)}`;
}

function body(random: SeededRandom, minSentences: number, maxSentences: number): string {
  const sentences: string[] = [];
  for (let s = random.int(minSentences, maxSentences); s > 0; s -= 1) {
    const words = Array.from({ length: random.int(6, 16) }, () => random.pick(WORDS));
    sentences.push(`${words[0]!.charAt(0).toUpperCase()}${words[0]!.slice(1)} ${words.slice(1).join(' ')}.`);
  }
  return sentences.join(' ');
}
