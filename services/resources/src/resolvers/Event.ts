import { pageRequest } from '@praxis/platform';
import type { EventResolvers } from '../__generated__/resolvers';

const EMPTY = { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };

/**
 * Resources linked to an event. The event's community is taken from the projection of the
 * events service's events where known, so a representation naming another community cannot
 * widen what is shown; each linked resource belongs to that community or is shared.
 */
export const Event: EventResolvers = {
  __resolveReference: (reference) => ({ id: reference.id, communityId: reference.communityId }),
  resources: async (event, args, { access, loaders }) => {
    const page = pageRequest(args, 2);
    const known = await loaders.eventRef.load(event.id);
    if (!known || known.deleted) {
      await access.requireRead(event.communityId);
      return EMPTY;
    }
    await access.requireRead(known.communityId);
    return loaders.eventResources.load({ owner: event.id, page });
  },
};
