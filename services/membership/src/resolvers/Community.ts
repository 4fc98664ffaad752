import { errors, pageRequest } from '@praxis/platform';
import type { CommunityResolvers } from '../__generated__/resolvers';
import { joinRequestArity } from '../membership/read-model';
import { adminHomeCommunity } from './AdminHome';
import { auditedPeopleList, auditedRead, PRIVILEGED_PERSON_FIELDS, selectsAny } from './Audit';
import { communityEngagement } from './Report';

const COORDINATORS_ONLY = 'Only coordinators of this community can see this.';

export const Community: CommunityResolvers = {
  ...communityEngagement,
  ...adminHomeCommunity,
  __resolveReference: (reference, { loaders }) => loaders.community.load(reference.id),
  network: async (community, _args, { loaders }) => (await loaders.network.load(community.networkId))!,
  archived: (community) => community.archivedAt !== null,
  contact: (community, _args, { loaders }) => (community.contactMemberId ? loaders.member.load(community.contactMemberId) : null),
  questions: (community, _args, { loaders }) => loaders.questions.load(community.id),
  memberCount: (community, _args, { loaders }) => loaders.memberCount.load(community.id),
  viewerMembership: (community, _args, { viewer, loaders }) => (viewer.memberId ? loaders.membership.load(`${community.id}:${viewer.memberId}`) : null),
  viewerJoinRequest: (community, _args, { viewer, loaders }) => (viewer.memberId ? loaders.latestJoinRequest.load(`${community.id}:${viewer.memberId}`) : null),
  viewerCan: async (community, _args, { access, viewer }) => {
    const rights = (await access.community(community.id))!;
    const open = !community.archivedAt && viewer.memberId !== null && rights.status !== 'ACTIVE' && rights.status !== 'BANNED';
    return {
      read: rights.canRead,
      participate: rights.canParticipate,
      moderate: rights.canModerate,
      coordinate: rights.canCoordinate,
      readReports: rights.canReadReports,
      join: open && community.joinPolicy === 'OPEN',
      requestToJoin: open && community.joinPolicy === 'APPROVAL',
    };
  },
  members: async (community, args, context, info) => {
    const { access, domain } = context;
    access.requireMember();
    const rights = await access.community(community.id);
    if (!rights || !(rights.status === 'ACTIVE' || rights.networkRoles.includes('ADMIN'))) {
      throw errors.forbidden('Only members of this community can see its members.', 'NOT_A_MEMBER');
    }
    const page = domain.read.directoryPage(community.id, community.networkId, pageRequest(args, 2), args.filter ?? {}, args.orderBy ?? 'NAME', rights.canCoordinate);
    // Coordinators and admins see emails and hidden participant types; that read is audited.
    const revealing = rights.canCoordinate ? selectsAny(info, PRIVILEGED_PERSON_FIELDS) : [];
    const hiddenTypeFilter = rights.canCoordinate && args.filter?.participantType != null;
    if (revealing.length === 0 && !hiddenTypeFilter) return page;
    return auditedRead(context, { action: 'DIRECTORY_READ', communityId: community.id, networkId: community.networkId, detail: { list: 'members', fields: revealing, participantTypeFilter: hiddenTypeFilter } }, page);
  },
  joinRequests: async (community, args, context, info) => {
    await context.access.requireCoordinate(community.id, COORDINATORS_ONLY);
    const scope = { communityId: community.id, ...(args.member != null ? { memberId: args.member } : {}) };
    const page = context.domain.read.joinRequestPage(scope, args.status, pageRequest(args, joinRequestArity(args.orderBy)), args.orderBy);
    if (selectsAny(info, ['answers']).length === 0) return auditedPeopleList(context, info, community, 'joinRequests', page);
    // One record for the read: the answers, and whatever else of the applicants it showed.
    const detail = { status: args.status ?? null, fields: selectsAny(info, PRIVILEGED_PERSON_FIELDS), ...(args.member != null ? { memberId: args.member } : {}) };
    return auditedRead(context, { action: 'JOIN_ANSWERS_READ', communityId: community.id, networkId: community.networkId, detail }, page);
  },
  invitations: async (community, args, context) => {
    await context.access.requireCoordinate(community.id, COORDINATORS_ONLY);
    return context.domain.read.invitationPage(community.id, args.status, pageRequest(args, 2));
  },
  membershipHistory: async (community, args, context, info) => {
    await context.access.requireCoordinate(community.id, COORDINATORS_ONLY);
    return auditedPeopleList(context, info, community, 'membershipHistory', context.domain.read.historyPage(community.id, pageRequest(args, 2)));
  },
};
