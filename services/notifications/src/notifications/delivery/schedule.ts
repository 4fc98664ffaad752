import { DateTime, IANAZone } from 'luxon';
import type { DigestFrequency } from './channels';

/** When a member wants their digest: in their own time zone, so it follows their clocks across daylight saving. */
export interface DigestSchedule {
  frequency: DigestFrequency;
  /** ISO weekday, 1 = Monday … 7 = Sunday; weekly digests only. */
  weekday: number;
  /** Local hour, 0–23. */
  hour: number;
  /** IANA time zone; an unknown one counts as UTC. */
  timeZone: string;
}

/** One digest period of a member: a local day (DAILY) or ISO week (WEEKLY). */
export interface DigestPeriod {
  /** Names the period, so each is sent at most once: `DAILY:2027-03-28`, `WEEKLY:2027-W13`. */
  key: string;
  /** When this period's digest is due: the member's hour on their day, local time, as an instant. */
  dueAt: Date;
  /** What the digest looks back over when there was no earlier one, and ahead over for upcoming events. */
  length: { days: number };
}

export function validTimeZone(zone: string | null | undefined): zone is string {
  return typeof zone === 'string' && zone.length > 0 && IANAZone.isValidZone(zone);
}

/**
 * The period `now` falls in, for this schedule; null when the digest is off. Local calendar
 * arithmetic (luxon) keeps the hour local on both sides of a daylight-saving change: a slot in
 * the hour the clocks skip moves to the first instant after it, and one in the hour they repeat
 * is its first occurrence, so either way a period has exactly one slot.
 */
export function digestPeriod(schedule: DigestSchedule, now: Date): DigestPeriod | null {
  if (schedule.frequency === 'OFF') return null;
  const zone = validTimeZone(schedule.timeZone) ? schedule.timeZone : 'UTC';
  const local = DateTime.fromJSDate(now, { zone });
  const day = schedule.frequency === 'DAILY' ? local : local.startOf('week').plus({ days: Math.min(7, Math.max(1, schedule.weekday)) - 1 });
  const slot = firstOccurrence(DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.min(23, Math.max(0, schedule.hour)) }, { zone }));
  return schedule.frequency === 'DAILY'
    ? { key: `DAILY:${local.toISODate()}`, dueAt: slot.toJSDate(), length: { days: 1 } }
    : { key: `WEEKLY:${local.toFormat("kkkk-'W'WW")}`, dueAt: slot.toJSDate(), length: { days: 7 } };
}

/**
 * The period whose digest is due at `now`, or null. Due from the member's hour until the period
 * ends, so an hour the job missed (a restart, a stopped worker) is still sent once, later in the
 * same day or week; the period key keeps it to once.
 */
export function duePeriod(schedule: DigestSchedule, now: Date): DigestPeriod | null {
  const period = digestPeriod(schedule, now);
  return period && now.getTime() >= period.dueAt.getTime() ? period : null;
}

/** Luxon may resolve a local time the clocks repeat to its second occurrence; the digest takes the first. */
function firstOccurrence(slot: DateTime): DateTime {
  const hourEarlier = slot.minus({ hours: 1 });
  return hourEarlier.hour === slot.hour && hourEarlier.day === slot.day ? hourEarlier : slot;
}
