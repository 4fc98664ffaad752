import { z } from 'zod';
import { defineEvent } from '../envelope';

const PUBLISHER = 'events';
const id = z.uuid();

/**
 * An event's (a meeting's) lifecycle. Other services use it to know the owning community of an
 * event and when it happens (docs/adr/0006-references-between-subgraphs.md).
 */
export const EventChanged = defineEvent(PUBLISHER, 'events.EventChanged', 1, z.object({
  eventId: id,
  networkId: id,
  communityId: id,
  change: z.enum(['CREATED', 'UPDATED', 'RESCHEDULED', 'CANCELLED', 'DELETED']),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
}));

export const eventsEvents = { EventChanged };
