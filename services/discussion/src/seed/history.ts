import { addDays, busyMoment, historyStart, memberViewer, quietMembers, SeededRandom, type SeedContext, type TimedAction } from '@praxis/platform';
import type { ForumEntity } from '../entities';
import type { RunningDiscussion } from '../index';
import { OPENERS, TITLE_SUBJECTS, WORDS } from './words';

const TIME_ZONES: Record<string, string> = { hen: 'Australia/Perth', 'hcc-acp': 'America/Toronto', rhpc: 'America/Toronto', cc: 'America/Toronto', 'aha-cpd': 'Australia/Melbourne', coprod: 'Europe/London', 'coprod-learning': 'Europe/London' };

const REPORT_REASONS = ['This shares details that could identify a patient.', 'Reads like an advertisement for a paid course.', 'The tone of this reply is unkind to a colleague.'];

function sentence(random: SeededRandom, words: number): string {
  const text = Array.from({ length: words }, () => random.pick(WORDS)).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * A community's conversations over the demo's history, through the domain at the moments they
 * were written: a thread a week for every 45 members (one in three weeks at least), more on
 * weekdays and fewer in the summer holidays, replies over the following days, reactions, and now and then a post
 * reported and a moderator's decision a day later. Quiet members only read.
 */
export function planDiscussionHistory(running: RunningDiscussion, context: SeedContext, key: string, forums: ForumEntity[]): TimedAction[] {
  const { domain } = running;
  const random = new SeededRandom(context.randomSeed + 7 + key.length);
  const members = context.manifest.communityMembers[key] ?? [];
  const quiet = new Set(quietMembers(members));
  const joined = (context.manifest[`joined:${key}`] as Record<string, string> | undefined) ?? {};
  const speakers = members.filter((id) => !quiet.has(id) && joined[id]);
  const zone = TIME_ZONES[key] ?? 'UTC';
  const now = new Date();
  const start = addDays(historyStart(now), 14);
  const weeks = (now.getTime() - start.getTime()) / (7 * 86_400_000);
  const threads = Math.round(weeks * Math.max(0.35, members.length / 45));
  const moderatorId = context.manifest.members.moderator!;
  const as = (memberId: string) => running.access(memberViewer(memberId));
  const present = (at: Date) => speakers.filter((id) => new Date(joined[id]!) < at);
  const forumsForThreads = forums.filter((forum) => forum.name !== 'Introductions');
  const actions: TimedAction[] = [];

  for (let i = 0; i < threads; i += 1) {
    const postedAt = busyMoment(random, start, addDays(now, -1), zone);
    const authors = present(postedAt);
    if (authors.length < 2 || forumsForThreads.length === 0) continue;
    const author = random.pick(authors);
    const forum = random.pick(forumsForThreads);
    const state = { threadId: '', posts: [] as { id: string; authorId: string }[] };
    actions.push({
      at: postedAt,
      run: async () => {
        const thread = await domain.posting.startThread(as(author), {
          forumId: forum.id,
          kind: random.chance(0.3) ? 'QUESTION' : 'DISCUSSION',
          title: `${random.pick(OPENERS)} ${random.pick(TITLE_SUBJECTS)}`,
          body: `${sentence(random, 14)} ${sentence(random, 10)}`,
          tags: [],
        });
        state.threadId = thread.id;
      },
    });
    const replies = random.int(0, 4);
    let last = postedAt;
    for (let r = 0; r < replies; r += 1) {
      last = busyMoment(random, addDays(last, 0.05), addDays(last, random.int(1, 6)), zone);
      if (last > now) break;
      const replier = random.pick(present(last).filter((id) => id !== author)) ?? author;
      const repliedAt = last;
      actions.push({
        at: repliedAt,
        run: async () => {
          const post = await domain.posting.reply(as(replier), { threadId: state.threadId, body: sentence(random, random.int(8, 30)) });
          state.posts.push({ id: post.id, authorId: replier });
          if (random.chance(0.4) && replier !== author) await domain.engagement.react(as(author), post.id, random.chance(0.5) ? 'HELPFUL' : 'LIKE');
        },
      });
    }
    // About one thread in twenty-five draws a reader's report; a moderator looks the next day.
    if (random.chance(0.04) && replies > 0) {
      const reportedAt = addDays(last, 0.2);
      const reporter = random.pick(present(reportedAt).filter((id) => id !== author)) ?? author;
      const hide = random.chance(0.4);
      let postId = '';
      actions.push({
        at: reportedAt,
        run: async () => {
          const target = state.posts.find((post) => post.authorId !== reporter && post.authorId !== moderatorId);
          if (!target) return;
          postId = target.id;
          await domain.moderation.report(as(reporter), { postId, reason: random.pick(REPORT_REASONS) });
        },
      });
      actions.push({
        at: addDays(reportedAt, 1),
        run: async () => {
          if (!postId) return;
          if (hide) await domain.moderation.moderatePost(as(moderatorId), { postId, action: 'HIDE', reason: 'Hidden: it identified a person. The author was asked to repost without the details.' });
          else await domain.moderation.dismissReports(as(moderatorId), { postId, reason: 'Looked at it: within the community guidelines.' });
        },
      });
    }
  }
  return actions;
}
