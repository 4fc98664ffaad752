import type { MutationResolvers } from '../../__generated__/resolvers';

export const communityMutations: MutationResolvers = {
  createCommunity: async (_parent, { input }, { domain, viewer }) => ({ community: await domain.communities.create(viewer, input) }),
  updateCommunity: async (_parent, { input }, { domain, viewer }) => ({ community: await domain.communities.update(viewer, input) }),
  setApplicationQuestions: async (_parent, { input }, { domain, viewer }) => ({ community: await domain.communities.setQuestions(viewer, input) }),
  archiveCommunity: async (_parent, { input }, { domain, viewer }) => ({ community: await domain.communities.setArchived(viewer, input.communityId, true) }),
  unarchiveCommunity: async (_parent, { input }, { domain, viewer }) => ({ community: await domain.communities.setArchived(viewer, input.communityId, false) }),
};
