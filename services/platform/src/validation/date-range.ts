import { errors } from '../errors/domain-error';
import { isCalendarDate } from '../server/scalars';

/**
 * The longest range one read may ask for, in days, for every per-day figure and calendar in the
 * graph: a leap year, so that "the last twelve months" always fits, while one request still
 * scans a bounded stretch of rows.
 */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;

/** The argument names a range is given by, so that an error names the one to fix. */
export interface RangeFields {
  from: string;
  to: string;
}

const ARGUMENTS: RangeFields = { from: 'from', to: 'to' };

/**
 * Calendar days from `from` to `to`, both inclusive and given as `YYYY-MM-DD`: at most
 * MAX_RANGE_DAYS days in all. Returns them unchanged; refuses with BAD_USER_INPUT on the field.
 */
export function dayRange(from: string, to: string, fields: RangeFields = ARGUMENTS): { from: string; to: string } {
  if (!isCalendarDate(from)) throw errors.badInput(fields.from, 'Use a calendar day as YYYY-MM-DD, such as 2026-01-31.');
  if (!isCalendarDate(to)) throw errors.badInput(fields.to, 'Use a calendar day as YYYY-MM-DD, such as 2026-01-31.');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1) throw errors.badInput(fields.to, 'The range ends before it starts.');
  if (days > MAX_RANGE_DAYS) throw errors.badInput(fields.to, `Ask for at most ${MAX_RANGE_DAYS} days.`);
  return { from, to };
}

/**
 * Instants from `from`, inclusive, to `to`, exclusive: `to` after `from` and at most
 * MAX_RANGE_DAYS days of 24 hours later.
 */
export function instantRange(from: Date, to: Date, fields: RangeFields = ARGUMENTS): { from: Date; to: Date } {
  if (Number.isNaN(from.getTime())) throw errors.badInput(fields.from, 'Use a date and time such as 2026-01-31T09:00:00Z.');
  if (Number.isNaN(to.getTime())) throw errors.badInput(fields.to, 'Use a date and time such as 2026-01-31T09:00:00Z.');
  if (to <= from) throw errors.badInput(fields.to, 'The range must end after it starts.');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw errors.badInput(fields.to, `Ask for at most ${MAX_RANGE_DAYS} days.`);
  return { from, to };
}
