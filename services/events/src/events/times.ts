import { DateTime, IANAZone } from 'luxon';
import { RRule } from 'rrule';

/** Local wall-clock times are stored and exchanged as `YYYY-MM-DDTHH:MM`. */
export const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export function isTimeZone(zone: string): boolean {
  // "UTC" is valid too; bare offsets like "+10:00" are refused because they do not follow DST.
  return (zone === 'UTC' || zone.includes('/')) && IANAZone.isValidZone(zone);
}

export function isLocalTime(value: string): boolean {
  const match = LOCAL_TIME.exec(value);
  if (!match) return false;
  return DateTime.fromObject(fields(value), { zone: 'UTC' }).isValid;
}

function fields(local: string) {
  const [, year, month, day, hour, minute] = LOCAL_TIME.exec(local)!;
  return { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute) };
}

/**
 * The instant of a local time in a zone. A time that does not exist (skipped at the start of
 * daylight saving) moves forward by the gap, as clocks and calendar programs do.
 */
export function toInstant(local: string, zone: string): Date {
  return DateTime.fromObject(fields(local), { zone }).toJSDate();
}

export function toLocal(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

export function localYear(instant: Date, zone: string): number {
  return DateTime.fromJSDate(instant, { zone }).year;
}

export function addMinutesLocal(local: string, minutes: number): string {
  return DateTime.fromObject(fields(local), { zone: 'UTC' }).plus({ minutes }).toFormat("yyyy-LL-dd'T'HH:mm");
}

export function minutesBetweenLocal(start: string, end: string): number {
  return DateTime.fromObject(fields(end), { zone: 'UTC' }).diff(DateTime.fromObject(fields(start), { zone: 'UTC' }), 'minutes').minutes;
}

export interface Occurrence {
  /** The local start the rule gives; it identifies the occurrence within its series for ever. */
  key: string;
  localStart: string;
  localEnd: string;
  startsAt: Date;
  endsAt: Date;
}

const RULE_PARTS: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^([1-9]|[1-9][0-9])$/,
  COUNT: /^([1-9][0-9]{0,2}|1000)$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  BYDAY: /^([+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))(,[+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))*$/,
  BYMONTHDAY: /^(-?([1-9]|[12][0-9]|3[01]))(,-?([1-9]|[12][0-9]|3[01]))*$/,
  BYMONTH: /^([1-9]|1[0-2])(,([1-9]|1[0-2]))*$/,
  BYSETPOS: /^(-?[1-9][0-9]{0,2})(,-?[1-9][0-9]{0,2})*$/,
  WKST: /^(MO|TU|WE|TH|FR|SA|SU)$/,
};

/**
 * Checks an RRULE before any library sees it: rrule accepts some malformed rules and loops for
 * ever on others (a negative INTERVAL), so only a known subset gets through. Returns a message
 * for the client, or null when the rule is acceptable.
 */
export function ruleProblem(rule: string): string | null {
  if (rule.length > 500) return 'A recurrence rule has at most 500 characters.';
  const parts = rule.split(';');
  const seen = new Set<string>();
  for (const part of parts) {
    const [key, value, extra] = part.split('=');
    if (!key || value === undefined || extra !== undefined) return `"${part}" is not a KEY=VALUE part of an RRULE.`;
    const pattern = RULE_PARTS[key];
    if (!pattern) return `${key} is not supported in a recurrence rule (DTSTART comes from the start; times from the local start).`;
    if (seen.has(key)) return `${key} appears twice.`;
    if (!pattern.test(value)) return `${key}=${value} is not valid.`;
    seen.add(key);
  }
  if (!seen.has('FREQ')) return 'A recurrence rule needs FREQ, such as FREQ=MONTHLY;BYDAY=1TU.';
  if (seen.has('COUNT') && seen.has('UNTIL')) return 'Use COUNT or UNTIL, not both.';
  try {
    RRule.parseString(rule);
  } catch {
    return 'This is not a valid recurrence rule.';
  }
  return null;
}

/**
 * Expands a series' rule in its own time zone. The rule runs on "floating" times (local
 * wall-clock values carried in UTC fields), and each result is then placed in the zone, so a
 * monthly 19:00 meeting stays at 19:00 on both sides of a daylight-saving change.
 */
export class SeriesRule {
  private readonly rule: RRule;

  constructor(
    recurrence: string,
    private readonly firstLocalStart: string,
    private readonly zone: string,
    private readonly durationMinutes: number,
  ) {
    const f = fields(firstLocalStart);
    this.rule = new RRule({ ...RRule.parseString(recurrence), dtstart: new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute)) });
  }

  /** Occurrences whose start instant lies in (after, until], at most `limit` of them. */
  between(after: Date, until: Date, limit = 1000): Occurrence[] {
    // Widen by a day on each side in floating time, then filter on real instants.
    const from = new Date(this.floating(after).getTime() - 86_400_000);
    const to = new Date(this.floating(until).getTime() + 86_400_000);
    const found: Occurrence[] = [];
    this.rule.between(from, to, true, (date) => {
      const occurrence = this.occurrence(date);
      if (occurrence.startsAt > after && occurrence.startsAt <= until) found.push(occurrence);
      return found.length < limit;
    });
    return found;
  }

  /** Whether the rule has any occurrence after this instant. */
  continuesAfter(instant: Date): boolean {
    return this.rule.after(new Date(this.floating(instant).getTime() + 86_400_000)) !== null;
  }

  private floating(instant: Date): Date {
    const local = DateTime.fromJSDate(instant, { zone: this.zone });
    return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute));
  }

  private occurrence(floating: Date): Occurrence {
    const key = floating.toISOString().slice(0, 16);
    const localEnd = addMinutesLocal(key, this.durationMinutes);
    const startsAt = toInstant(key, this.zone);
    // Duration is kept in real time, so a meeting across a DST change still lasts as planned.
    const endsAt = new Date(startsAt.getTime() + this.durationMinutes * 60_000);
    return { key, localStart: key, localEnd: toLocal(endsAt, this.zone) || localEnd, startsAt, endsAt };
  }
}

export { RRule };
