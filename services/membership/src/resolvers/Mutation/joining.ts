import type { MutationResolvers } from '../../__generated__/resolvers';

export const joiningMutations: MutationResolvers = {
  joinCommunity: async (_parent, { input }, { domain, viewer }) => ({ membership: await domain.joining.join(viewer, input) }),
  requestToJoin: async (_parent, { input }, { domain, viewer }) => ({ joinRequest: await domain.joining.requestToJoin(viewer, input), membership: null }),
  withdrawJoinRequest: async (_parent, { input }, { domain, viewer }) => ({ joinRequest: await domain.joining.withdraw(viewer, input.id), membership: null }),
  approveJoinRequest: async (_parent, { input }, { domain, viewer }) => {
    const { request, membership } = await domain.joining.approve(viewer, input.id);
    return { joinRequest: request, membership };
  },
  declineJoinRequest: async (_parent, { input }, { domain, viewer }) => ({ joinRequest: await domain.joining.decline(viewer, input), membership: null }),
  inviteToCommunity: async (_parent, { input }, { domain, viewer }) => ({ invitation: await domain.joining.invite(viewer, input) }),
  revokeInvitation: async (_parent, { input }, { domain, viewer }) => ({ invitation: await domain.joining.revokeInvitation(viewer, input.id) }),
  acceptInvitation: async (_parent, { input }, { domain, viewer }) => ({ membership: await domain.joining.acceptInvitation(viewer, input) }),
};
