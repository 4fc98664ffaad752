import { pageRequest } from '@praxis/platform';
import type { ViewerResolvers } from '../__generated__/resolvers';
import { adminHomeViewer } from './AdminHome';
import { secondFactorViewer } from './SecondFactor';
import { sessionsViewer } from './Session';
import { auditedRead } from './Audit';

export const Viewer: ViewerResolvers = {
  ...adminHomeViewer,
  ...secondFactorViewer,
  ...sessionsViewer,
  // A reference names a member; it stands for the viewer only when it is the viewer's own.
  __resolveReference: (reference, { viewer }) => (reference.memberId === viewer.memberId ? { memberId: reference.memberId } : null),
  member: async ({ memberId }, _args, { loaders }) => (await loaders.member.load(memberId))!,
  email: async ({ memberId }, _args, { loaders }) => (await loaders.account.load(memberId))?.email ?? '',
  emailVerified: async ({ memberId }, _args, { loaders }) => Boolean((await loaders.account.load(memberId))?.emailVerifiedAt),
  participantTypeHidden: async ({ memberId }, _args, { loaders }) => Boolean((await loaders.member.load(memberId))?.participantTypeHidden),
  isOperator: async ({ memberId }, _args, { loaders }) => Boolean((await loaders.member.load(memberId))?.isOperator),
  memberships: ({ memberId }, args, { domain }) => domain.read.viewerMembershipPage(memberId, pageRequest(args, 2), args.status),
  membership: ({ memberId }, { communityId }, { loaders }) => loaders.membership.load(`${communityId}:${memberId}`),
  networkRoles: ({ memberId }, _args, { domain }) => domain.read.networkRoleGrantsOf(memberId),
  networkProfiles: ({ memberId }, _args, { domain }) => domain.read.networkProfilesOf(memberId),
  joinRequests: ({ memberId }, args, { domain }) => domain.read.joinRequestPage({ memberId }, args.status, pageRequest(args, 2)),
  apiTokens: ({ memberId }, _args, { domain }) => domain.apiTokens.list(memberId),
  dataExport: ({ memberId }, _args, context) => auditedRead(context, { action: 'DATA_EXPORT', subjectId: memberId }, context.domain.exportData(memberId)),
  activity: ({ memberId }, args, { domain }) => domain.activity.historyPage(memberId, pageRequest(args, 2), args.kind),
};
