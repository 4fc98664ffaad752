import type { MutationResolvers } from '../../__generated__/resolvers';

export const forumMutations: MutationResolvers = {
  createDiscussionForum: async (_parent, { input }, { domain, access }) => ({ forum: await domain.forums.create(access, input) }),
  updateDiscussionForum: async (_parent, { input }, { domain, access }) => ({ forum: await domain.forums.update(access, input) }),
  reorderDiscussionForums: async (_parent, { input }, { domain, access }) => ({ forums: await domain.forums.reorder(access, input) }),
  setDiscussionForumArchived: async (_parent, { input }, { domain, access }) => ({ forum: await domain.forums.setArchived(access, input) }),
};
