import { pageRequest } from '@praxis/platform';
import type { CommunityResolvers } from '../__generated__/resolvers';

export const Community: CommunityResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  upcomingEvents: async (community, args, { access, domain }) => {
    await access.requireRead(community.id);
    return domain.read.communityEvents(community.id, 'UPCOMING', args.kind, pageRequest(args, 2));
  },
  pastEvents: async (community, args, { access, domain }) => {
    await access.requireRead(community.id);
    return domain.read.communityEvents(community.id, 'PAST', args.kind, pageRequest(args, 2));
  },
  eventProposals: async (community, args, { access, domain }) => {
    const memberId = access.requireMember();
    const rights = await access.requireRead(community.id);
    return domain.read.proposals(community.id, args.status, rights.canCoordinate ? null : memberId, pageRequest(args, 2));
  },
  eventsFeedUrl: (community, _args, { domain }) => `${domain.deps.publicUrl()}/calendars/communities/${community.id}/events.ics`,
};
