import { errors } from '../errors/domain-error';
import { isUuid } from '../errors/input';

/**
 * What a sort key holds. A cursor comes back from the client, so each of its values is checked
 * against its key's type before it reaches SQL: a value PostgreSQL cannot read as that type
 * would otherwise fail the statement (an internal error) instead of the argument.
 */
export type SortKeyType = 'uuid' | 'timestamp' | 'integer' | 'bigint' | 'real' | 'text' | 'boolean';

/** Longer cursors are not ones a list gave out: the longest sort keys are short texts. */
export const MAX_CURSOR_LENGTH = 2048;
const MAX_TEXT_VALUE = 1000;

const NOT_OURS = 'This cursor is not one this list gave out.';

/** A sort key's values travel as PostgreSQL's text output of them (full precision), dates as ISO. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map((value) => (value instanceof Date ? value.toISOString() : value)))).toString('base64url');
}

/**
 * The values of a cursor, checked for shape only: a JSON array of `arity` plain values.
 * Their types are checked against the sort keys by `checkCursor`, where the keys are known.
 */
export function decodeCursor(cursor: string, arity: number, field: string): unknown[] {
  if (cursor.length > 0 && cursor.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]+={0,2}$/.test(cursor)) {
    try {
      const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (Array.isArray(values) && values.length === arity && values.every(isPlainValue)) return values;
    } catch {
      // fall through to the client error below
    }
  }
  throw errors.badInput(field, NOT_OURS);
}

function isPlainValue(value: unknown): boolean {
  if (typeof value === 'string') return value.length <= MAX_TEXT_VALUE && !value.includes('\u0000');
  return typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Checks each cursor value against its key's type and answers the values to bind, or throws
 * BAD_USER_INPUT naming the cursor argument. Every keyset page goes through this.
 */
export function checkCursor(types: readonly SortKeyType[], cursor: readonly unknown[], field: string): unknown[] {
  if (cursor.length !== types.length || !cursor.every((value, index) => fits(types[index]!, value))) throw errors.badInput(field, NOT_OURS);
  return [...cursor];
}

const TIMESTAMP = /^(\d{4,6})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2})(?::?(\d{2}))?)?)?$/;
const INT4 = 2 ** 31;
const INT8 = 2n ** 63n;

function fits(type: SortKeyType, value: unknown): boolean {
  switch (type) {
    case 'uuid':
      return isUuid(value);
    case 'text':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'integer':
      return integerIn(value, BigInt(-INT4), BigInt(INT4 - 1));
    case 'bigint':
      return integerIn(value, -INT8, INT8 - 1n);
    case 'real':
      return isReal(value);
    case 'timestamp':
      return isTimestamp(value);
    default: {
      const unreachable: never = type;
      throw new Error(`unknown sort key type ${String(unreachable)}`);
    }
  }
}

function integerIn(value: unknown, min: bigint, max: bigint): boolean {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^-?\d{1,19}$/.test(text)) return false;
  const number = BigInt(text);
  return number >= min && number <= max;
}

/** A float4, as PostgreSQL prints one: anything it would read as out of range is refused. */
function isReal(value: unknown): boolean {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || text.length > 40 || !/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) return false;
  const number = Number(text);
  const single = Math.fround(number);
  return Number.isFinite(single) && (single !== 0 || number === 0);
}

/** A timestamptz as PostgreSQL prints it (or as ISO 8601), on a day that exists. */
function isTimestamp(value: unknown): boolean {
  if (value === 'infinity' || value === '-infinity') return true;
  if (typeof value !== 'string') return false;
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes, offsetSeconds] = match.slice(1).map((part) => Number(part ?? 0)) as number[] as [
    number, number, number, number, number, number, number, number, number,
  ];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const realDay = year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  // PostgreSQL takes offsets up to 15:59:59.
  return realDay && hour < 24 && minute < 60 && second < 60 && offsetHours <= 15 && offsetMinutes < 60 && offsetSeconds < 60;
}
