import { pageRequest } from '@praxis/platform';
import type { ViewerResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import { isUuid } from '../events/validation';

/** The viewer's own scope: a `Viewer` reference for anyone else (or a signed-out request) gets nothing. */
const ownScope = async (memberId: string, { access, loaders }: Context) =>
  memberId === access.viewer.memberId && isUuid(memberId) ? loaders.memberScope.load(memberId) : null;

const EMPTY = { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };

export const Viewer: ViewerResolvers = {
  __resolveReference: (reference, { access }) => (reference.memberId === access.viewer.memberId ? { memberId: reference.memberId } : null),
  cpdLog: async ({ memberId }, _args, context) => {
    const scope = await ownScope(memberId, context);
    return scope ? { scope } : null;
  },
  eventCalendarTokens: ({ memberId }, _args, { access, domain }) => (memberId === access.viewer.memberId ? domain.tokens.list(memberId) : null),
  eventRegistrations: async ({ memberId }, args, context) => {
    const page = pageRequest(args, 2);
    const scope = await ownScope(memberId, context);
    if (!scope) return EMPTY;
    return context.loaders.memberRegistrations.load({ scope, page, upcoming: args.upcoming ?? true });
  },
};
