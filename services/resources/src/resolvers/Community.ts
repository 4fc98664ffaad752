import { pageRequest } from '@praxis/platform';
import type { CommunityResolvers } from '../__generated__/resolvers';
import { adminHomeCommunity } from './AdminHome';

/**
 * The library of a community. Every field asks membership, live, whether the viewer may read
 * the community (batched with every other check of the request).
 */
export const Community: CommunityResolvers = {
  ...adminHomeCommunity,
  __resolveReference: (reference) => ({ id: reference.id }),
  library: async (community, args, { access, domain }) => {
    await access.requireRead(community.id);
    const filter = domain.search.parseFilter(args.filter);
    return domain.search.page({ kind: 'community', communityId: community.id }, filter, args.orderBy ?? 'NEWEST', pageRequest(args, 2));
  },
  featuredResources: async (community, args, { access, loaders }) => {
    await access.requireRead(community.id);
    return loaders.featured.load({ owner: community.id, page: pageRequest(args, 2) });
  },
  resourceCollections: async (community, args, { access, loaders }) => {
    await access.requireRead(community.id);
    return loaders.collectionsOf.load({ owner: community.id, page: pageRequest(args, 2) });
  },
  libraryTags: async (community, { includeArchived }, { access, loaders }) => {
    await access.requireRead(community.id);
    return loaders.communityTags.load(`${community.id}:${includeArchived ? 'all' : 'live'}`);
  },
  librarySettings: async (community, _args, { access, loaders }) => {
    await access.requireRead(community.id);
    return { curated: (await loaders.settings.load(community.id))?.curated ?? false };
  },
  libraryCurationQueue: async (community, args, { access, loaders }) => {
    await access.requireModerate(community.id);
    return loaders.curationQueue.load({ owner: community.id, page: pageRequest(args, 2) });
  },
};
