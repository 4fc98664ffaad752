import type { MutationResolvers, NetworkResolvers, ViewerResolvers } from '../__generated__/resolvers';

/** Two-factor sign-in: the viewer's own status and changes, an admin's reset, and the network rule. */
export const secondFactorViewer: Pick<ViewerResolvers, 'secondFactor'> = {
  secondFactor: ({ memberId }, _args, { domain }) => domain.secondFactors.status(memberId),
};

export const secondFactorNetwork: Pick<NetworkResolvers, 'requireSecondFactorForStaff'> = {
  requireSecondFactorForStaff: (network, _args, { domain }) => domain.secondFactors.networkRequirement(network.id),
};

export const secondFactorMutations: MutationResolvers = {
  enrolSecondFactor: (_parent, _args, { domain, viewer }) => domain.secondFactors.enrol(viewer),
  confirmSecondFactor: async (_parent, { input }, { domain, viewer }) => {
    const recoveryCodes = await domain.secondFactors.confirm(viewer, input.code);
    return { recoveryCodes, secondFactor: await domain.secondFactors.status(viewer.memberId!) };
  },
  regenerateRecoveryCodes: async (_parent, { input }, { domain, viewer }) => {
    const recoveryCodes = await domain.secondFactors.regenerateRecoveryCodes(viewer, input.code);
    return { recoveryCodes, secondFactor: await domain.secondFactors.status(viewer.memberId!) };
  },
  disableSecondFactor: async (_parent, { input }, { domain, viewer }) => {
    await domain.secondFactors.disable(viewer, input.code);
    return { secondFactor: await domain.secondFactors.status(viewer.memberId!) };
  },
  resetSecondFactor: async (_parent, { input }, { domain, access, requestId }) => (await domain.secondFactors.reset(access, input.memberId, requestId), { ok: true }),
  setNetworkSecondFactorRequirement: async (_parent, { input }, { domain, access, loaders }) => {
    const id = await domain.secondFactors.setNetworkRequirement(access, input.networkId, input.requireSecondFactorForStaff);
    return { network: (await loaders.network.load(id))! };
  },
};
