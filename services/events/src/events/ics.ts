import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { markdownToText } from '@praxis/platform';
import type { EventEntity } from '../entities';

/** VTIMEZONE blocks from the IANA database, so calendar programs place local times exactly. */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && block[0] ? block[0] : null;
}

export interface CalendarOptions {
  name: string;
  /** Base URL of this service, for each event's URL. */
  publicUrl: string;
  /** Whether the reader of this file may see an event's join link. */
  mayJoin(event: EventEntity): boolean;
}

/**
 * An iCalendar file of events, each in its own time zone with TZID and a VTIMEZONE, cancelled
 * ones marked CANCELLED so subscribed calendars remove them.
 */
export function buildCalendar(events: EventEntity[], options: CalendarOptions): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Praxis', product: 'events', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: null, generator: vtimezone },
    ttl: 3600,
  });
  for (const event of events) {
    const joinUrl = event.joinUrl && options.mayJoin(event) ? event.joinUrl : null;
    const text = [markdownToText(event.description), joinUrl ? `Join: ${joinUrl}` : null].filter(Boolean).join('\n\n');
    calendar.createEvent({
      id: `${event.id}@praxis`,
      // Zoned values, so the file says 19:00 with TZID=America/Toronto rather than the UTC hour.
      start: DateTime.fromJSDate(new Date(event.startsAt), { zone: event.timeZone }),
      end: DateTime.fromJSDate(new Date(event.endsAt), { zone: event.timeZone }),
      timezone: event.timeZone,
      summary: event.status === 'CANCELLED' ? `Cancelled: ${event.title}` : event.title,
      description: text || null,
      location: event.venue ?? (joinUrl ? joinUrl : null),
      url: `${options.publicUrl}/events/${event.id}/event.ics`,
      status: event.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: new Date(event.updatedAt),
      lastModified: new Date(event.updatedAt),
      // Changes must win over copies calendars already hold; seconds since creation only grow.
      sequence: Math.max(0, Math.floor((new Date(event.updatedAt).getTime() - new Date(event.createdAt).getTime()) / 1000)),
      categories: event.tags.map((name) => ({ name })),
    });
  }
  return calendar.toString();
}
