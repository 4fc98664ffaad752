import type { MutationResolvers } from '../../__generated__/resolvers';

export const engagementMutations: MutationResolvers = {
  reactToDiscussionPost: async (_parent, { input }, { domain, access }) => ({ post: await domain.engagement.react(access, input.postId, input.kind) }),
  removeDiscussionReaction: async (_parent, { input }, { domain, access }) => ({ post: await domain.engagement.unreact(access, input.postId, input.kind) }),
  recordDiscussionThreadView: (_parent, { input }, { domain, access }) => domain.engagement.recordView(access, input.threadId),
  markDiscussionThreadRead: async (_parent, { input }, { domain, access }) => ({ thread: await domain.engagement.markThreadRead(access, input.threadId, input.upToPostId) }),
  markDiscussionForumRead: async (_parent, { input }, { domain, access }) => ({ forum: await domain.engagement.markForumRead(access, input.forumId) }),
  followDiscussionThread: async (_parent, { input }, { domain, access }) => ({ thread: await domain.engagement.followThread(access, input.threadId, true) }),
  unfollowDiscussionThread: async (_parent, { input }, { domain, access }) => ({ thread: await domain.engagement.followThread(access, input.threadId, false) }),
  followDiscussionForum: async (_parent, { input }, { domain, access }) => ({ forum: await domain.engagement.followForum(access, input.forumId, true) }),
  unfollowDiscussionForum: async (_parent, { input }, { domain, access }) => ({ forum: await domain.engagement.followForum(access, input.forumId, false) }),
};
