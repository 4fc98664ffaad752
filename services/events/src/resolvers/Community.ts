import { errors, pageRequest } from '@praxis/platform';
import type { CommunityResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import { isUuid } from '../events/validation';
import { communityScope } from '../loaders';
import { adminHomeCommunity } from './AdminHome';

const COORDINATORS_ONLY = "Only coordinators of this community can see its members' registrations and attendance.";

/** A member's records as this community's coordinators see them; the member id is an argument, not the target (ADR 8). */
async function memberInCommunity(communityId: string, memberId: string, { access }: Context) {
  await access.requireCoordinate(communityId, COORDINATORS_ONLY);
  if (!isUuid(memberId)) throw errors.badInput('memberId', 'This is not a member id.');
  return communityScope(communityId, memberId);
}

export const Community: CommunityResolvers = {
  ...adminHomeCommunity,
  __resolveReference: (reference) => ({ id: reference.id }),
  upcomingEvents: async (community, args, { access, loaders }) => {
    await access.requireRead(community.id);
    return loaders.communityEvents.load({ communityId: community.id, which: 'UPCOMING', kind: args.kind ?? null, page: pageRequest(args, 2) });
  },
  pastEvents: async (community, args, { access, loaders }) => {
    await access.requireRead(community.id);
    return loaders.communityEvents.load({ communityId: community.id, which: 'PAST', kind: args.kind ?? null, page: pageRequest(args, 2) });
  },
  eventProposals: async (community, args, { access, domain }) => {
    const memberId = access.requireMember();
    const rights = await access.requireRead(community.id);
    return domain.read.proposals(community.id, args.status, rights.canCoordinate ? null : memberId, pageRequest(args, 2));
  },
  memberEventRegistrations: async (community, args, context) => {
    const page = pageRequest(args, 2);
    const scope = await memberInCommunity(community.id, args.memberId, context);
    return context.loaders.memberRegistrations.load({ scope, page, upcoming: args.upcoming ?? true });
  },
  memberCpdLog: async (community, args, context) => ({ scope: await memberInCommunity(community.id, args.memberId, context) }),
  eventsFeedUrl: (community, _args, { domain }) => `${domain.deps.publicUrl()}/calendars/communities/${community.id}/events.ics`,
};
