import type { MutationResolvers } from '../../__generated__/resolvers';

export const curationMutations: MutationResolvers = {
  approveResource: async (_parent, { input }, { domain, access }) => ({ resource: await domain.curation.approve(access, input) }),
  rejectResource: async (_parent, { input }, { domain, access }) => ({ resource: await domain.curation.reject(access, input) }),
  setResourceFeatured: async (_parent, { input }, { domain, access }) => ({ resource: await domain.curation.setFeatured(access, input) }),
  updateLibrarySettings: async (_parent, { input }, { domain, access }) => {
    const settings = await domain.curation.updateSettings(access, input);
    return { community: { id: settings.communityId }, settings: { curated: settings.curated } };
  },
  createLibraryTag: async (_parent, { input }, { domain, access }) => ({ tag: await domain.curation.createTag(access, input) }),
  updateLibraryTag: async (_parent, { input }, { domain, access }) => ({ tag: await domain.curation.updateTag(access, input) }),
  createResourceCollection: async (_parent, { input }, { domain, access }) => ({ collection: await domain.collections.create(access, input) }),
  updateResourceCollection: async (_parent, { input }, { domain, access }) => ({ collection: await domain.collections.update(access, input) }),
  deleteResourceCollection: async (_parent, { input }, { domain, access }) => ({ collectionId: await domain.collections.delete(access, input) }),
  setResourceCollectionItems: async (_parent, { input }, { domain, access }) => ({ collection: await domain.collections.setItems(access, input) }),
};
