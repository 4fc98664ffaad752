import type { MutationResolvers } from '../../__generated__/resolvers';
import type { Session } from '../../membership/accounts';
import { originOf } from '../../membership/audit';

const ok = { ok: true };
const authPayload = (session: Session) => ({ ...session, viewer: { memberId: session.memberId } });

export const accountMutations: MutationResolvers = {
  // The same answer for a new address and a known one; see Accounts.signUp.
  signUp: async (_parent, { input }, { domain }) => (await domain.accounts.signUp(input), { ok: true, member: null }),
  verifyEmail: async (_parent, { input }, { domain }) => ({ member: await domain.accounts.verifyEmail(input.token) }),
  resendVerificationEmail: async (_parent, { input }, { domain }) => (await domain.accounts.resendVerificationEmail(input.email), ok),
  signIn: async (_parent, { input }, { domain, viewer }) => authPayload(await domain.accounts.signIn(input, viewer.clientAddress, viewer.userAgent)),
  refreshSession: async (_parent, { input }, { domain }) => authPayload(await domain.accounts.refreshSession(input.refreshToken)),
  signOut: async (_parent, { input }, { domain }) => (await domain.accounts.signOut(input.refreshToken), ok),
  changePassword: async (_parent, { input }, { domain, viewer }) => (await domain.accounts.changePassword(viewer, input), ok),
  requestPasswordReset: async (_parent, { input }, { domain }) => (await domain.accounts.requestPasswordReset(input.email), ok),
  resetPassword: async (_parent, { input }, { domain }) => (await domain.accounts.resetPassword(input), ok),
  createApiToken: (_parent, { input }, context) => context.domain.apiTokens.create(context.viewer, input, originOf(context)),
  revokeApiToken: async (_parent, { input }, { domain, viewer }) => ({ apiToken: await domain.apiTokens.revoke(viewer, input.id) }),
  deleteAccount: async (_parent, { input }, { domain, viewer }) => (await domain.erasure.deleteAccount(viewer, input.password), ok),
  updateProfile: async (_parent, { input }, { domain, viewer }) => ({ member: await domain.members.updateProfile(viewer, input) }),
  updateNetworkProfile: async (_parent, { input }, { domain, viewer }) => ({ networkProfile: await domain.members.updateNetworkProfile(viewer, input) }),
};
