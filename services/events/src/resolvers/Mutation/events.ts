import type { MutationResolvers } from '../../__generated__/resolvers';

export const eventMutations: MutationResolvers = {
  createEvent: async (_parent, { input }, { domain, access }) => ({ event: await domain.lifecycle.create(access, input) }),
  proposeEvent: async (_parent, { input }, { domain, access }) => ({ event: await domain.lifecycle.propose(access, input) }),
  approveEventProposal: async (_parent, { input }, { domain, access }) => ({ event: await domain.lifecycle.decide(access, input, true) }),
  declineEventProposal: async (_parent, { input }, { domain, access }) => ({ event: await domain.lifecycle.decide(access, input, false) }),
  updateEvent: async (_parent, { input }, { domain, access }) => ({ event: await domain.lifecycle.update(access, input) }),
  rescheduleEvent: async (_parent, { input }, { domain, access }) => ({ event: await domain.lifecycle.reschedule(access, input) }),
  cancelEvent: async (_parent, { input }, { domain, access }) => ({ event: await domain.lifecycle.cancel(access, input) }),
  deleteEvent: async (_parent, { input }, { domain, access }) => ({ deletedEventId: await domain.lifecycle.delete(access, input.id) }),
};
