import type { EventCpdEntryResolvers, EventCpdLogResolvers, EventRegistrationResolvers } from '../__generated__/resolvers';
import { pageRequest } from '@praxis/platform';

export const EventRegistration: EventRegistrationResolvers = {
  event: async (registration, _args, { loaders }) => (await loaders.event.load(registration.eventId))!,
  member: (registration) => (registration.memberId ? { id: registration.memberId } : null),
  waitlistPosition: (registration, _args, { loaders }) => (registration.status === 'WAITLISTED' ? loaders.waitlistPosition.load(registration.id) : null),
  attended: (registration, _args, { loaders }) => (registration.memberId ? loaders.attended.load(`${registration.eventId}:${registration.memberId}`) : false),
};

export const EventCpdEntry: EventCpdEntryResolvers = {
  event: (entry, _args, { loaders }) => loaders.readableEvent.load(entry.eventId),
  hours: (entry) => Number(entry.cpdHours),
  certificateUrl: (entry, _args, { domain }) => `${domain.deps.publicUrl()}/certificates/${entry.certificateCode}/certificate.pdf`,
};

export const EventCpdLog: EventCpdLogResolvers = {
  entries: (log, args, { loaders }) => loaders.cpdEntries.load({ scope: log.scope, page: pageRequest(args, 2) }),
  yearTotals: (log, _args, { loaders }) => loaders.cpdTotals.load(log.scope),
  totalHours: async (log, _args, { loaders }) => (await loaders.cpdTotals.load(log.scope)).reduce((sum, year) => sum + year.hours, 0),
};
