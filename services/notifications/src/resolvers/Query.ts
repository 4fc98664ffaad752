import type { QueryResolvers } from '../__generated__/resolvers';

export const Query: QueryResolvers = {
  notificationPreferences: (_parent, _args, { access, loaders }) => loaders.preferences.load(access.requireMember()),
};
