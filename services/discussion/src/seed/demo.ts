import { addDays, historyStart, memberViewer, type SeedContext } from '@praxis/platform';
import type { ForumEntity, ThreadEntity } from '../entities';
import type { RunningDiscussion } from '../index';
import { DEMO_DISCUSSIONS, type Author, type CommunityDiscussionSeed } from './catalogue';
import { planDiscussionHistory } from './history';

/**
 * Seeds the demo communities' forums and conversations through the domain, as their members
 * would write them, so permissions, events and every rule apply. Runs once: a community that
 * has forums already is left alone.
 */
export async function seedDemo(running: RunningDiscussion, context: SeedContext): Promise<void> {
  const started = performance.now();
  const keys = Object.keys(DEMO_DISCUSSIONS).filter((key) => context.manifest.communities[key]);
  context.progress.start('discussion demo', keys.length);
  for (const key of keys) {
    const community = context.manifest.communities[key]!;
    const seeded = await running.runtime.db.query(`SELECT 1 FROM forums WHERE community_id = $1 AND kind = 'FORUM' LIMIT 1`, [community.id]);
    if (seeded.length === 0) {
      const seed = DEMO_DISCUSSIONS[key]!;
      const clock = context.history === false ? undefined : context.clock;
      // The forums open with the community; its history is written into them, then today's conversations.
      clock?.at(addDays(historyStart(new Date()), 2));
      const coordinator = running.access(memberViewer(context.manifest.members.coordinator!));
      const forums: ForumEntity[] = [];
      try {
        for (const forum of seed.forums) forums.push(await running.domain.forums.create(coordinator, { communityId: community.id, ...forum }));
      } finally {
        clock?.release();
      }
      if (clock) {
        const history = planDiscussionHistory(running, context, key, forums);
        const began = performance.now();
        await clock.replay(history);
        context.logger.info({ community: key, actions: history.length, seconds: Math.round((performance.now() - began) / 100) / 10 }, 'discussion history written');
      }
      await seedCommunity(running, context, key, community.id, seed, forums);
    }
    context.progress.increment();
  }
  context.progress.stop();
  context.logger.info({ communities: keys.length, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'discussion demo data in place');
}

async function seedCommunity(running: RunningDiscussion, context: SeedContext, key: string, communityId: string, seed: CommunityDiscussionSeed, made: ForumEntity[]): Promise<void> {
  const { domain } = running;
  const people = context.manifest.communityMembers[key] ?? [];
  const staff = context.manifest.members;
  const named = new Set(['coordinator', 'moderator', 'member', 'consumer'].map((handle) => staff[handle]));
  const others = people.filter((id) => !named.has(id));
  const who = (author: Author): string => {
    if (!author.startsWith('other:')) {
      const id = staff[author];
      // The demo member joins most communities, not all; someone else speaks for them there.
      return id && people.includes(id) ? id : others[0] ?? staff.coordinator!;
    }
    return others[(Number(author.slice(6)) - 1) % Math.max(others.length, 1)] ?? staff.coordinator!;
  };
  const as = (author: Author) => running.access(memberViewer(who(author)));

  const forums = new Map<string, ForumEntity>();
  for (const forum of made) forums.set(forum.name, forum);

  for (const thread of seed.threads) {
    const created: ThreadEntity = await domain.posting.startThread(as(thread.by), { forumId: forums.get(thread.forum)!.id, kind: thread.kind, title: thread.title, body: thread.body, tags: thread.tags });
    for (const reply of thread.replies) {
      const post = await domain.posting.reply(as(reply.by), { threadId: created.id, body: reply.body });
      if (reply.accepted) await domain.editing.acceptAnswer(as(thread.by), { threadId: created.id, postId: post.id });
      for (const liker of reply.reactions?.like ?? []) if (who(liker) !== post.authorId) await domain.engagement.react(as(liker), post.id, 'LIKE');
      for (const helper of reply.reactions?.helpful ?? []) if (who(helper) !== post.authorId) await domain.engagement.react(as(helper), post.id, 'HELPFUL');
    }
    for (const viewer of new Set((thread.viewers ?? []).map(who))) {
      await domain.engagement.recordView(running.access(memberViewer(viewer)), created.id);
      await domain.engagement.followThread(running.access(memberViewer(viewer)), created.id, true);
    }
    if (thread.pinned) await domain.moderation.moderateThread(as('moderator'), { threadId: created.id, action: 'PIN', reason: 'Pinned so newcomers find it first.' });
  }

  // Something for the moderation queue: a reader's report.
  const first = seed.threads.find((thread) => thread.replies.length > 0);
  if (first && others[1]) {
    const [thread] = await domain.read.run(`SELECT id FROM threads WHERE community_id = $1 AND title = $2`, [communityId, first.title]);
    await domain.moderation.report(running.access(memberViewer(others[others.length - 1]!)), { threadId: thread!.id as string, reason: 'Could the examples be de-identified a little more?' });
  }

  if (seed.heldPosts) {
    await domain.moderation.setPreModeration(as('coordinator'), { communityId, heldPosts: seed.heldPosts, reason: 'The community is open to anyone: first posts are reviewed.' });
    const newcomer = others[others.length - 1];
    const welcome = seed.threads.find((thread) => thread.forum === 'Introductions');
    if (newcomer && welcome) {
      const [thread] = await domain.read.run(`SELECT id FROM threads WHERE community_id = $1 AND title = $2`, [communityId, welcome.title]);
      await domain.posting.reply(running.access(memberViewer(newcomer)), { threadId: thread!.id as string, body: 'Hello! New here: I heard about the network at a workshop and would love to get involved.' });
    }
  }
}
