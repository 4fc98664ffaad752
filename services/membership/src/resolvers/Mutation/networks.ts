import type { MutationResolvers } from '../../__generated__/resolvers';
import { originOf } from '../../membership/audit';

export const networkMutations: MutationResolvers = {
  createNetwork: async (_parent, { input }, { domain, viewer }) => ({ network: await domain.networks.create(viewer, input) }),
  updateNetwork: async (_parent, { input }, { domain, viewer }) => ({ network: await domain.networks.update(viewer, input) }),
  grantNetworkRole: async (_parent, { input }, context) => {
    const { domain, viewer, loaders } = context;
    const roles = await domain.networks.grantRole(viewer, input, originOf(context));
    return { network: (await loaders.network.load(input.networkId))!, member: (await loaders.member.load(input.memberId))!, roles };
  },
  revokeNetworkRole: async (_parent, { input }, context) => {
    const { domain, viewer, loaders } = context;
    const roles = await domain.networks.revokeRole(viewer, input, originOf(context));
    return { network: (await loaders.network.load(input.networkId))!, member: (await loaders.member.load(input.memberId))!, roles };
  },
  addTerm: async (_parent, { input }, { domain, viewer }) => ({ term: await domain.networks.addTerm(viewer, input) }),
  updateTerm: async (_parent, { input }, { domain, viewer }) => ({ term: await domain.networks.updateTerm(viewer, input) }),
};
