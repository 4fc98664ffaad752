import { pageRequest } from '@praxis/platform';
import type { QueryResolvers } from '../__generated__/resolvers';
import { reportQueries } from './Report';

export const Query: QueryResolvers = {
  me: async (_parent, _args, { viewer, loaders }) => {
    if (!viewer.memberId) return null;
    const member = await loaders.member.load(viewer.memberId);
    return member && !member.deletedAt ? { memberId: member.id } : null;
  },
  network: async (_parent, { id, slug }, { loaders, domain }) => {
    if (id) return loaders.network.load(id);
    return slug ? domain.read.networkBySlug(slug) : null;
  },
  networks: (_parent, args, { domain }) => domain.read.networkPage(pageRequest(args, 2)),
  community: async (_parent, { id, networkSlug, slug }, { loaders, domain }) => {
    if (id) return loaders.community.load(id);
    return networkSlug && slug ? domain.read.communityBySlug(networkSlug, slug) : null;
  },
  member: async (_parent, { id, handle }, { loaders, domain }) => {
    if (id) return loaders.member.load(id);
    return handle ? domain.read.memberByHandle(handle) : null;
  },
  invitation: (_parent, { token }, { domain }) => domain.joining.previewInvitation(token),
  ...reportQueries,
};
