import type { JoinRequestResolvers } from '../__generated__/resolvers';

export const JoinRequest: JoinRequestResolvers = {
  community: async (request, _args, { loaders }) => (await loaders.community.load(request.communityId))!,
  member: async (request, _args, { loaders }) => (await loaders.member.load(request.memberId))!,
  decidedBy: (request, _args, { loaders }) => (request.decidedBy ? loaders.member.load(request.decidedBy) : null),
};
