import type { ApiTokenResolvers, MembershipHistoryEntryResolvers, NetworkProfileResolvers, NetworkRoleGrantResolvers, TermResolvers } from '../__generated__/resolvers';

export const Term: TermResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.term.load(reference.id),
  archived: (term) => term.archivedAt !== null,
};

export const NetworkProfile: NetworkProfileResolvers = {
  network: async (profile, _args, { loaders }) => (await loaders.network.load(profile.networkId))!,
  profession: (profile, _args, { loaders }) => (profile.professionTermId ? loaders.term.load(profile.professionTermId) : null),
  region: (profile, _args, { loaders }) => (profile.regionTermId ? loaders.term.load(profile.regionTermId) : null),
};

export const NetworkRoleGrant: NetworkRoleGrantResolvers = {
  network: async (grant, _args, { loaders }) => (await loaders.network.load(grant.networkId))!,
  member: async (grant, _args, { loaders }) => (await loaders.member.load(grant.memberId))!,
};

export const MembershipHistoryEntry: MembershipHistoryEntryResolvers = {
  member: async (entry, _args, { loaders }) => (await loaders.member.load(entry.memberId))!,
  actor: (entry, _args, { loaders }) => (entry.actorId ? loaders.member.load(entry.actorId) : null),
};

export const ApiToken: ApiTokenResolvers = {
  scopes: (token) => token.scopes.map((scope) => scope.toUpperCase() as 'READ' | 'WRITE' | 'REPORTS'),
};
