import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime()) || (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(value))) {
    throw new GraphQLError('DateTime must be an ISO 8601 date and time, such as 2026-05-22T03:15:00Z.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

/** The graph's one `DateTime`, so every subgraph reads and writes instants alike. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: toDate,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? toDate(ast.value) : toDate(undefined)),
});

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date as `YYYY-MM-DD`, checked strictly: four-digit years, months 01 to 12, and only
 * days the month has (2026-02-30 is refused, 2028-02-29 is not). `Date.parse` would roll an
 * impossible day into the next month, and luxon would accept a time, so neither decides here.
 */
export function isCalendarDate(value: unknown): value is string {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `isCalendarDate`, for the Date scalar: refuses anything else as GraphQL input. */
export function calendarDate(value: unknown): string {
  if (isCalendarDate(value)) return value;
  throw new GraphQLError('Date must be a calendar date as YYYY-MM-DD, such as 2026-01-31.', { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * A day on the calendar, without a time or a zone (`YYYY-MM-DD`); what it means as instants is
 * up to the field, usually the network's time zone. Reads and writes the same string.
 */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, `YYYY-MM-DD`, such as 2026-01-31: no time and no time zone.',
  serialize: calendarDate,
  parseValue: calendarDate,
  // A literal is checked while the operation is validated; a plain error lets graphql-js name
  // the expected type and the value found, as it does for a literal of any other wrong type.
  parseLiteral: (ast) => {
    try {
      return calendarDate(ast.kind === Kind.STRING ? ast.value : undefined);
    } catch (error) {
      throw new TypeError((error as Error).message);
    }
  },
});
