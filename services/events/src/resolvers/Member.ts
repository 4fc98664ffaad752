import { pageRequest } from '@praxis/platform';
import type { MemberResolvers } from '../__generated__/resolvers';
import { isUuid } from '../events/validation';

const EMPTY = { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };

export const Member: MemberResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  eventRegistrations: async (member, args, { loaders }) => {
    const page = pageRequest(args, 2);
    const scope = isUuid(member.id) ? await loaders.memberScope.load(member.id) : null;
    if (!scope) return EMPTY;
    return loaders.memberRegistrations.load({ scope, page, upcoming: args.upcoming ?? true });
  },
  eventCpdLog: async (member, _args, { loaders }) => {
    const scope = isUuid(member.id) ? await loaders.memberScope.load(member.id) : null;
    return scope ? { scope } : null;
  },
  speakingEvents: (member, args, { loaders }) => {
    const page = pageRequest(args, 2);
    return isUuid(member.id) ? loaders.speakingEvents.load({ memberId: member.id, page }) : EMPTY;
  },
};
