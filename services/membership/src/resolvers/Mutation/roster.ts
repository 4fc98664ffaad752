import type { MutationResolvers } from '../../__generated__/resolvers';
import { originOf } from '../../membership/audit';

export const rosterMutations: MutationResolvers = {
  leaveCommunity: async (_parent, { input }, { domain, viewer }) => ({ membership: await domain.roster.leave(viewer, input.communityId) }),
  removeMember: async (_parent, { input }, { domain, viewer }) => ({ membership: await domain.roster.remove(viewer, input) }),
  banMember: async (_parent, { input }, { domain, viewer }) => ({ membership: await domain.roster.ban(viewer, input) }),
  unbanMember: async (_parent, { input }, { domain, viewer }) => ({ membership: await domain.roster.unban(viewer, input) }),
  changeMemberRole: async (_parent, { input }, context) => ({ membership: await context.domain.roster.changeRole(context.viewer, input, originOf(context)) }),
};
