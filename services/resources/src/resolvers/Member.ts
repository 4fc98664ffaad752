import { pageRequest } from '@praxis/platform';
import type { MemberResolvers } from '../__generated__/resolvers';

export const Member: MemberResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  resourceContributions: (member, args, { loaders }) => loaders.contributions.load({ owner: member.id, page: pageRequest(args, 2) }),
  resourceBookmarks: async (member, args, { access, domain }) => {
    if (access.viewer.memberId !== member.id) return null;
    return domain.read.bookmarksOf(member.id, pageRequest(args, 2), await access.readableCommunityIds());
  },
};
