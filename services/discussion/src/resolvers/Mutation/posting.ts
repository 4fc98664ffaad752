import type { MutationResolvers } from '../../__generated__/resolvers';

export const postingMutations: MutationResolvers = {
  startDiscussionThread: async (_parent, { input }, { domain, access }) => ({ thread: await domain.posting.startThread(access, input) }),
  replyToDiscussionThread: async (_parent, { input }, { domain, access }) => ({ post: await domain.posting.reply(access, input) }),
  commentOnDiscussionSubject: async (_parent, { input }, { domain, access }) => ({ post: await domain.posting.comment(access, input) }),
  editDiscussionPost: async (_parent, { input }, { domain, access }) => ({ post: await domain.editing.edit(access, input) }),
  deleteDiscussionPost: async (_parent, { input }, { domain, access }) => ({ post: await domain.editing.delete(access, input.postId) }),
  acceptDiscussionAnswer: async (_parent, { input }, { domain, access }) => ({ thread: await domain.editing.acceptAnswer(access, input) }),
};
