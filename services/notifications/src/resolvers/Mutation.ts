import type { MutationResolvers } from '../__generated__/resolvers';
import type { NotificationKind } from '../entities';

export const Mutation: MutationResolvers = {
  markNotificationsRead: (_parent, { input }, { access, domain }) => domain.feed.markRead(access, input),
  updateNotificationPreferences: async (_parent, { input }, { access, domain }) => ({ preferences: await domain.preferences.update(access.requireMember(), input) }),
  // No sign-in: the signed token is the proof, as the email's link carries it.
  unsubscribe: async (_parent, { token }, { domain }) => {
    const { kind, digest } = await domain.delivery.unsubscribe(token);
    return { kind: kind as NotificationKind | null, digest };
  },
};
