import { errors, pageRequest } from '@praxis/platform';
import type { QueryResolvers } from '../__generated__/resolvers';
import { isUuid } from '../library/validation';
import { visibleTo } from '../library/visibility';

export const Query: QueryResolvers = {
  resource: async (_parent, { id }, { access, loaders }) => {
    const resource = isUuid(id) ? await loaders.resource.load(id) : null;
    if (!resource || resource.deletedAt) return null;
    const rights = resource.communityId ? await access.readOrNull(resource.communityId) : null;
    return visibleTo(resource, rights, access.viewer.memberId) ? resource : null;
  },
  resourceLibrary: async (_parent, args, { access, domain }) => {
    if (!isUuid(args.networkId) || !(await access.network(args.networkId))) throw errors.notFound('Network');
    const filter = domain.search.parseFilter(args.filter);
    const scope = { kind: 'network' as const, networkId: args.networkId, readableCommunityIds: await access.readableCommunityIds() };
    return domain.search.page(scope, filter, args.orderBy ?? 'NEWEST', pageRequest(args, 2));
  },
  brokenResourceLinks: async (_parent, args, { access, domain }) => {
    if (!isUuid(args.networkId)) throw errors.notFound('Network');
    if (args.communityId) {
      const rights = await access.requireModerate(args.communityId);
      if (rights.networkId !== args.networkId) throw errors.badInput('communityId', 'This community belongs to another network.');
    } else {
      await access.requireNetworkAdmin(args.networkId);
    }
    return domain.read.brokenLinksPage(args.networkId, args.communityId ?? null, pageRequest(args, 2));
  },
};
