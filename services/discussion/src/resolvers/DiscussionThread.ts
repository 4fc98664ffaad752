import { errors, pageRequest } from '@praxis/platform';
import type { DiscussionThreadResolvers } from '../__generated__/resolvers';
import { canSeeItem, canSeeText } from '../discussion/visibility';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 400;

function dayRange(from: string, to: string): { from: string; to: string } {
  const start = DAY.test(from) ? Date.parse(`${from}T00:00:00Z`) : NaN;
  const end = DAY.test(to) ? Date.parse(`${to}T00:00:00Z`) : NaN;
  if (Number.isNaN(start)) throw errors.badInput('from', 'Use a calendar day as YYYY-MM-DD.');
  if (Number.isNaN(end)) throw errors.badInput('to', 'Use a calendar day as YYYY-MM-DD.');
  if (end < start) throw errors.badInput('to', 'The last day comes before the first.');
  if ((end - start) / 86_400_000 > MAX_DAYS) throw errors.badInput('to', `Ask for at most ${MAX_DAYS} days.`);
  return { from, to };
}

export const DiscussionThread: DiscussionThreadResolvers = {
  forum: async (thread, _args, { loaders }) => (await loaders.forum.load(thread.forumId))!,
  community: (thread) => ({ id: thread.communityId }),
  title: async (thread, _args, { access }) => (canSeeText(thread, access.viewer.memberId, await access.community(thread.communityId)) ? thread.title : null),
  author: (thread) => ({ id: thread.authorId }),
  openingPost: async (thread, _args, { loaders }) => (await loaders.openingPost.load(thread.id))!,
  replies: async (thread, args, { access, loaders }) => {
    const rights = await access.community(thread.communityId);
    return loaders.repliesOf.load({ parent: { threadId: thread.id, moderator: Boolean(rights?.canModerate) }, options: null, page: pageRequest(args, 2) });
  },
  replyCount: (thread, _args, { loaders }) => loaders.replyCount.load(thread.id),
  viewCount: (thread, _args, { loaders }) => loaders.viewCount.load(thread.id),
  dailyViews: (thread, args, { loaders }) => loaders.dailyViews.load({ threadId: thread.id, ...dayRange(args.from, args.to) }),
  locked: (thread) => thread.lockedAt !== null,
  acceptedAnswer: async (thread, _args, { loaders }) => {
    if (!thread.acceptedPostId) return null;
    const post = await loaders.post.load(thread.acceptedPostId);
    return post?.status === 'PUBLISHED' ? post : null;
  },
  subject: (thread) => (thread.subjectType && thread.subjectId ? { type: thread.subjectType, id: thread.subjectId, communityId: thread.communityId } : null),
  viewerFollowing: (thread, _args, { loaders }) => loaders.threadFollowing.load(thread.id),
  viewerUnreadCount: (thread, _args, { loaders }) => loaders.threadUnread.load(thread.id),
  viewerCanReply: async (thread, _args, { access, loaders }) => {
    const rights = await access.community(thread.communityId);
    if (!rights?.canParticipate || thread.lockedAt || !canSeeItem(thread, access.viewer.memberId, rights)) return false;
    if (thread.subjectType === null && thread.status !== 'PUBLISHED') return false;
    return !(await loaders.forum.load(thread.forumId))?.archivedAt;
  },
  viewerCanModerate: async (thread, _args, { access }) => Boolean((await access.community(thread.communityId))?.canModerate),
};
