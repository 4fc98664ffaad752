import type { MutationResolvers } from '../../__generated__/resolvers';
import type { RegistrationChange } from '../../events/registrations';

/** The registration for the event the client named, apart from the rest of its series. */
const registrationPayload = (eventId: string, { registrations, promoted }: RegistrationChange) => {
  const named = (registration: { eventId: string }) => registration.eventId === eventId;
  return {
    registrations,
    registration: registrations.find(named) ?? null,
    seriesRegistrations: registrations.filter((registration) => !named(registration)),
    promotedCount: promoted,
  };
};

export const registrationMutations: MutationResolvers = {
  registerForEvent: async (_parent, { input }, { domain, access }) => registrationPayload(input.eventId, await domain.registrations.register(access, input)),
  cancelEventRegistration: async (_parent, { input }, { domain, access }) => registrationPayload(input.eventId, await domain.registrations.cancel(access, input)),
  markEventAttendance: async (_parent, { input }, { domain, access }) => domain.attendance.mark(access, input),
  createEventCalendarToken: async (_parent, { input }, { domain, access }) => {
    const { token, record } = await domain.tokens.create(access.requireMember(), input);
    return { token, eventCalendarToken: record, registrationsFeedUrl: `${domain.deps.publicUrl()}/calendars/members/${token}/registrations.ics`, tokenQuery: `?token=${token}` };
  },
  revokeEventCalendarToken: async (_parent, { input }, { domain, access }) => {
    await domain.tokens.revoke(access.requireMember(), input?.id);
    return { ok: true };
  },
};
