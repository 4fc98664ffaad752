import { pageRequest } from '@praxis/platform';
import type { CommunityResolvers } from '../__generated__/resolvers';
import { adminHomeCommunity } from './AdminHome';

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
  eventsFeedUrl: (community, _args, { domain }) => `${domain.deps.publicUrl()}/calendars/communities/${community.id}/events.ics`,
};
