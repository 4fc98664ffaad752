import type { InvitationPreviewResolvers, InvitationResolvers } from '../__generated__/resolvers';
import { invitationStatus } from '../membership/joining';

export const Invitation: InvitationResolvers = {
  community: async (invitation, _args, { loaders }) => (await loaders.community.load(invitation.communityId))!,
  status: (invitation, _args, { domain }) => invitationStatus(invitation, domain.deps.runtime.clock.now()),
  invitedBy: (invitation, _args, { loaders }) => (invitation.invitedBy ? loaders.member.load(invitation.invitedBy) : null),
  acceptedBy: (invitation, _args, { loaders }) => (invitation.acceptedBy ? loaders.member.load(invitation.acceptedBy) : null),
};

export const InvitationPreview: InvitationPreviewResolvers = {
  community: async (invitation, _args, { loaders }) => (await loaders.community.load(invitation.communityId))!,
  status: (invitation, _args, { domain }) => invitationStatus(invitation, domain.deps.runtime.clock.now()),
  invitedBy: (invitation, _args, { loaders }) => (invitation.invitedBy ? loaders.member.load(invitation.invitedBy) : null),
};
