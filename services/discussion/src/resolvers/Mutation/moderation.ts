import type { MutationResolvers } from '../../__generated__/resolvers';

export const moderationMutations: MutationResolvers = {
  reportDiscussionContent: async (_parent, { input }, { domain, access }) => ({ report: await domain.moderation.report(access, input) }),
  moderateDiscussionPost: async (_parent, { input }, { domain, access }) => ({ post: await domain.moderation.moderatePost(access, input) }),
  dismissDiscussionReports: async (_parent, { input }, { domain, access }) => ({ post: await domain.moderation.dismissReports(access, input) }),
  moderateDiscussionThread: async (_parent, { input }, { domain, access }) => ({ thread: await domain.moderation.moderateThread(access, input) }),
  moveDiscussionThread: async (_parent, { input }, { domain, access }) => ({ thread: await domain.moderation.move(access, input) }),
  setDiscussionPreModeration: async (_parent, { input }, { domain, access }) => ({
    community: { id: input.communityId },
    settings: await domain.moderation.setPreModeration(access, input),
  }),
};
