import type { MutationResolvers } from '../../__generated__/resolvers';

export const engagementMutations: MutationResolvers = {
  recordResourceView: async (_parent, { input }, { domain, access }) => ({ resource: await domain.engagement.recordView(access, input) }),
  requestResourceDownload: (_parent, { input }, { domain, access }) => domain.files.signDownload(access, input),
  setResourceHelpful: async (_parent, { input }, { domain, access }) => ({ resource: await domain.engagement.setHelpful(access, input) }),
  setResourceBookmarked: async (_parent, { input }, { domain, access }) => ({ resource: await domain.engagement.setBookmarked(access, input) }),
  linkResourceToEvent: (_parent, { input }, { domain, access }) => domain.eventLinks.link(access, input),
  unlinkResourceFromEvent: async (_parent, { input }, { domain, access }) => ({ resource: await domain.eventLinks.unlink(access, input) }),
};
