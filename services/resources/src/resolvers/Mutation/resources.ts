import type { MutationResolvers } from '../../__generated__/resolvers';

export const resourceMutations: MutationResolvers = {
  createResourceUpload: async (_parent, { input }, { domain, access }) => ({ upload: await domain.files.createUpload(access, input) }),
  createResource: async (_parent, { input }, { domain, access }) => ({ resource: await domain.contributions.create(access, input) }),
  updateResource: async (_parent, { input }, { domain, access }) => ({ resource: await domain.contributions.update(access, input) }),
  moveResource: async (_parent, { input }, { domain, access }) => ({ resource: await domain.contributions.move(access, input) }),
  deleteResource: async (_parent, { input }, { domain, access }) => ({ resourceId: await domain.contributions.delete(access, input) }),
};
