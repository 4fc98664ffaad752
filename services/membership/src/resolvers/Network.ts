import { pageRequest, staffRefusal } from '@praxis/platform';
import type { NetworkResolvers } from '../__generated__/resolvers';
import { secondFactorNetwork } from './SecondFactor';
import { networkAuditLog } from './Audit';

export const Network: NetworkResolvers = {
  ...secondFactorNetwork,
  ...networkAuditLog,
  __resolveReference: (reference, { loaders }) => loaders.network.load(reference.id),
  communities: (network, args, { domain }) =>
    domain.read.communityPage(network.id, pageRequest(args, 2), { includeArchived: args.includeArchived ?? false, search: args.search }),
  vocabulary: (network, { kind, includeArchived }, { domain }) => domain.read.vocabulary(network.id, kind, includeArchived ?? false),
  viewerRoles: async (network, _args, { access }) => (await access.network(network.id))?.roles ?? [],
  roleGrants: async (network, args, { access, domain }) => {
    access.requireMember();
    const rights = await access.network(network.id);
    if (!rights?.isAdmin) throw staffRefusal(rights ?? {}, 'Only network admins can see who holds network roles.');
    return domain.read.roleGrantPage(network.id, args.role, pageRequest(args, 3));
  },
};
