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
  /** The event's title, for messages that name it (notifications, digests). Absent on events written before it was added. */
  title: z.string().max(300).optional(),
}));

/**
 * Activity: what members did, for participation reports (issue 7). Each carries the member,
 * the community and network, and the event's start, so reports can bucket either by when the
 * activity happened (the envelope's occurredAt) or by when the event took place.
 */
const activity = {
  eventId: id,
  /** The series the event belongs to, or null for a one-off. */
  seriesId: id.nullable(),
  memberId: id,
  communityId: id,
  networkId: id,
  eventStartsAt: z.iso.datetime(),
};

/** A member registered, holding a place (REGISTERED) or waiting for one (WAITLISTED). */
export const EventRegistered = defineEvent(PUBLISHER, 'events.EventRegistered', 1, z.object({
  ...activity,
  status: z.enum(['REGISTERED', 'WAITLISTED']),
  viaSeries: z.boolean(),
}));

/** A member waiting for a place was given one, because a place freed up or capacity grew. */
export const EventWaitlistPromoted = defineEvent(PUBLISHER, 'events.EventWaitlistPromoted', 1, z.object(activity));

/** A member cancelled their registration (or waitlist place). */
export const EventRegistrationCancelled = defineEvent(PUBLISHER, 'events.EventRegistrationCancelled', 1, z.object({
  ...activity,
  previousStatus: z.enum(['REGISTERED', 'WAITLISTED']),
}));

/** Attendance was recorded (attended true, with the CPD hours it gives) or withdrawn (false). */
export const EventAttendanceMarked = defineEvent(PUBLISHER, 'events.EventAttendanceMarked', 1, z.object({
  ...activity,
  attended: z.boolean(),
  cpdHours: z.number().min(0),
  markedBy: id,
}));

/**
 * A reminder 24 hours or 1 hour before an event is due for these registrants. The events service
 * decides who holds a place when the reminder runs and records each one, so a member appears in
 * one such event per event, start and kind; large events are announced in chunks.
 */
export const EventReminderDue = defineEvent(PUBLISHER, 'events.EventReminderDue', 1, z.object({
  eventId: id,
  communityId: id,
  networkId: id,
  kind: z.enum(['DAY_BEFORE', 'HOUR_BEFORE']),
  title: z.string().max(300),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  /** The event's time zone, to print its times as the organiser set them. */
  timeZone: z.string(),
  /** Where to join an online or hybrid event; null for one held in person only. */
  joinUrl: z.string().max(2000).nullable(),
  /** Where an in-person or hybrid event is held, as one line; null for one online only. */
  location: z.string().max(500).nullable(),
  memberIds: z.array(id).min(1).max(1000),
}));

export const eventsEvents = { EventChanged, EventReminderDue, EventRegistered, EventWaitlistPromoted, EventRegistrationCancelled, EventAttendanceMarked };
