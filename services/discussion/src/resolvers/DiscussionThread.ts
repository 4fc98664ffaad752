import { dayRange, pageRequest } from '@praxis/platform';
import type { DiscussionThreadResolvers } from '../__generated__/resolvers';
import { replyProblem } from '../discussion/reply-rule';
import { isUuid } from '../discussion/validation';
import { canSeeItem, canSeeText } from '../discussion/visibility';

export const DiscussionThread: DiscussionThreadResolvers = {
  // A reference from another subgraph (a notification's link) answers as `discussionThread(id)` would: null to whoever may not see it.
  __resolveReference: async ({ id }, { loaders, access }) => {
    const thread = isUuid(id) ? await loaders.thread.load(id) : null;
    const rights = thread ? await access.readOrNull(thread.communityId) : null;
    return thread && rights && canSeeItem(thread, access.viewer.memberId, rights) ? thread : null;
  },
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
    const [rights, forum] = await Promise.all([access.community(thread.communityId), loaders.forum.load(thread.forumId)]);
    return replyProblem(thread, forum, rights, access.viewer.memberId) === null;
  },
  viewerCanModerate: async (thread, _args, { access }) => Boolean((await access.community(thread.communityId))?.canModerate),
};
