import { errors, pageRequest, renderMarkdown } from '@praxis/platform';
import type { EventResolvers, EventSeriesResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import type { EventEntity } from '../entities';
import { rightsFor } from '../events/permissions';
import { registrationProblem } from '../events/registrations';

async function rightsOf(event: EventEntity, { access }: Context) {
  return rightsFor(event, await access.community(event.communityId), access.viewer.memberId);
}

export const Event: EventResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.readableEvent.load(reference.id),
  community: (event) => ({ id: event.communityId }),
  descriptionHtml: (event) => renderMarkdown(event.description),
  joinUrl: async (event, _args, context) => {
    if (!event.joinUrl) return null;
    if ((await context.loaders.viewerRegistration.load(event.id))?.status === 'REGISTERED') return event.joinUrl;
    return (await rightsOf(event, context)).edit ? event.joinUrl : null;
  },
  isOnline: (event) => event.joinUrl !== null,
  speakers: (event) => event.speakers.map((speaker) => ({ ...speaker, member: speaker.memberId ? { id: speaker.memberId } : null })),
  parts: (event) =>
    event.parts.map((part, index) => ({ ...part, number: index + 1, descriptionHtml: part.description ? renderMarkdown(part.description) : null })),
  cpdHours: (event) => Number(event.cpdHours),
  accessibility: (event) => ({ captions: event.captions, wheelchairAccess: event.wheelchairAccess, interpreter: event.interpreter, notes: event.accessibilityNotes }),
  placesLeft: (event) => (event.capacity === null ? null : Math.max(0, event.capacity - event.registeredCount)),
  attendedCount: (event, _args, { loaders }) => loaders.attendedCount.load(event.id),
  organiser: (event) => (event.organiserId ? { id: event.organiserId } : null),
  series: (event, _args, { loaders }) => (event.seriesId ? loaders.series.load(event.seriesId) : null),
  isRescheduled: (event) => event.rescheduled,
  viewerRegistration: (event, _args, { loaders }) => loaders.viewerRegistration.load(event.id),
  viewerCan: async (event, _args, context) => {
    const rights = await rightsOf(event, context);
    return { register: rights.register && registrationProblem(event, context.domain.deps.runtime.clock.now()) === null, edit: rights.edit, markAttendance: rights.edit, decide: rights.decide };
  },
  registrations: async (event, args, context) => {
    if (!(await rightsOf(event, context)).edit) throw errors.forbidden('Only coordinators and the organiser can see who registered.');
    return context.domain.read.eventRegistrations(event.id, args.status, pageRequest(args, 1));
  },
  icsUrl: (event, _args, { domain }) => `${domain.deps.publicUrl()}/events/${event.id}/event.ics`,
};

export const EventSeries: EventSeriesResolvers = {
  occurrences: (series, args, { domain }) => domain.read.seriesOccurrences(series.id, args.from ? new Date(args.from) : domain.deps.runtime.clock.now(), pageRequest(args, 2)),
  viewerRegisteredForSeries: (series, _args, { loaders }) => loaders.seriesRegistered.load(series.id),
};
