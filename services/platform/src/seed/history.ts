import { DateTime } from 'luxon';
import type { SeededRandom } from './random';

/**
 * The shape of a demo network's past: how far back the demo's history goes, when people are
 * busy (weekdays, term time) and when they are away (the summer holidays of their hemisphere).
 */
export const HISTORY_MONTHS = 18;

/** The first moment of the demo's history: 18 months before `now`, at the start of that day. */
export function historyStart(now: Date): Date {
  return DateTime.fromJSDate(now, { zone: 'utc' }).minus({ months: HISTORY_MONTHS }).startOf('day').toJSDate();
}

/** Months of the summer holidays, by the network's time zone: Dec–Feb south of the equator, Jul–Aug north. */
export function summerMonths(timeZone: string): number[] {
  return /^Australia\/|^Pacific\/Auckland|^America\/(Sao_Paulo|Argentina)|^Africa\/Johannesburg/.test(timeZone) ? [12, 1, 2] : [7, 8];
}

/** How busy a day is, relative to an ordinary weekday: quiet weekends, a summer dip. */
export function busyness(moment: Date, timeZone: string): number {
  const local = DateTime.fromJSDate(moment, { zone: timeZone });
  const weekday = [0, 1, 1.1, 1.05, 1, 0.8, 0.25, 0.2][local.weekday]!;
  return weekday * (summerMonths(timeZone).includes(local.month) ? 0.35 : 1);
}

/**
 * A moment between `from` and `to`, drawn by the network's rhythm (rejection sampling on
 * busyness), during local working hours.
 */
export function busyMoment(random: SeededRandom, from: Date, to: Date, timeZone: string): Date {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const candidate = random.date(from, to);
    if (random.next() * 1.1 < busyness(candidate, timeZone)) return atWorkingHour(random, candidate, timeZone, from, to);
  }
  return random.date(from, to);
}

function atWorkingHour(random: SeededRandom, moment: Date, timeZone: string, from: Date, to: Date): Date {
  const local = DateTime.fromJSDate(moment, { zone: timeZone }).set({ hour: random.int(8, 20), minute: random.int(0, 59), second: random.int(0, 59) });
  const at = local.toJSDate();
  return at < from ? from : at > to ? to : at;
}

/** The n-th given weekday (1 = Monday) of each month from `from` to `to`, at a local time. */
export function monthlyOccurrences(from: Date, to: Date, timeZone: string, rule: { nth: number; weekday: number; time: string }): Date[] {
  const [hour, minute] = rule.time.split(':').map(Number) as [number, number];
  const result: Date[] = [];
  let month = DateTime.fromJSDate(from, { zone: timeZone }).startOf('month');
  while (month.toJSDate() < to) {
    let day = month;
    while (day.weekday !== rule.weekday) day = day.plus({ days: 1 });
    const at = day.plus({ weeks: rule.nth - 1 }).set({ hour, minute });
    if (at.month === month.month && at.toJSDate() >= from && at.toJSDate() < to) result.push(at.toJSDate());
    month = month.plus({ months: 1 });
  }
  return result;
}

/** A local wall-clock time ("2026-03-11T12:00") of a moment in a zone, as the events API takes it. */
export function localTime(moment: Date, timeZone: string): string {
  return DateTime.fromJSDate(moment, { zone: timeZone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

export const addDays = (moment: Date, days: number): Date => new Date(moment.getTime() + days * 86_400_000);

/**
 * The members of a community who joined and then kept quiet: one in eight, never the first few
 * (coordinator and the demo's named people), so member engagement shows someone to follow up.
 */
export function quietMembers(members: readonly string[]): string[] {
  return members.filter((_, index) => index >= 4 && index % 8 === 5);
}
