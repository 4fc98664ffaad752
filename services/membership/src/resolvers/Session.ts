import type { MutationResolvers, ViewerResolvers } from '../__generated__/resolvers';

/** `me.sessions`: the viewer's own, so nothing to check beyond whose `me` it is. */
export const sessionsViewer: Pick<ViewerResolvers, 'sessions'> = {
  sessions: ({ memberId }, _args, { domain, viewer }) => domain.accounts.sessions.list(viewer, memberId),
};

export const sessionMutations: MutationResolvers = {
  revokeSession: async (_parent, { input }, { domain, viewer }) => ({ sessionId: await domain.accounts.sessions.revoke(viewer, input.id) }),
  revokeOtherSessions: async (_parent, _args, { domain, viewer }) => ({ revokedCount: await domain.accounts.sessions.revokeOthers(viewer) }),
};
