import { type DomainError } from '../errors/domain-error';
import { encodeCursor, keyset, pageRequest, toConnection, type PageArgs, type SortKey } from '../pagination/keyset';

test('first/after pages forward; the cursor round-trips', () => {
  const cursor = encodeCursor(['2026-01-01 00:00:00.123456+00', 'b']);
  expect(pageRequest({ first: 5, after: cursor }, 2)).toEqual({ limit: 5, backward: false, cursor: ['2026-01-01 00:00:00.123456+00', 'b'], cursorField: 'after' });
});

test('bad arguments are BAD_USER_INPUT naming the argument', () => {
  const field = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return [(error as DomainError).code, (error as DomainError).field];
    }
    return null;
  };
  expect(field(() => pageRequest({ first: 101 }, 1))).toEqual(['BAD_USER_INPUT', 'first']);
  expect(field(() => pageRequest({ first: -1 }, 1))).toEqual(['BAD_USER_INPUT', 'first']);
  expect(field(() => pageRequest({ first: 1, last: 1 }, 1))).toEqual(['BAD_USER_INPUT', 'last']);
  expect(field(() => pageRequest({ after: 'not-a-cursor' }, 1))).toEqual(['BAD_USER_INPUT', 'after']);
  expect(field(() => pageRequest({ after: encodeCursor(['a', 'b']) }, 1))).toEqual(['BAD_USER_INPUT', 'after']);
});

test('one direction uses a row comparison; mixed directions expand', () => {
  const page = { limit: 10, backward: false, cursor: ['x', 'y'] };
  expect(keyset([{ sql: 'a', direction: 'DESC', type: 'text' }, { sql: 'b', direction: 'DESC', type: 'text' }], page, 3)).toEqual({ where: '(a, b) < ($3, $4)', orderBy: 'a DESC, b DESC', params: ['x', 'y'] });
  expect(keyset([{ sql: 'a', direction: 'ASC', type: 'text' }, { sql: 'b', direction: 'DESC', type: 'text' }], page, 1).where).toBe('((a > $1) OR (a = $1 AND b < $2))');
  expect(keyset([{ sql: 'a', direction: 'ASC', type: 'text' }], { ...page, backward: true, cursor: ['x'] }, 1)).toEqual({ where: '(a) < ($1)', orderBy: 'a DESC', params: ['x'] });
});

test('connections fetch one extra row only to know there is more', () => {
  const connection = toConnection([1, 2, 3], { limit: 2, backward: false, cursor: null }, (n) => [String(n)]);
  expect(connection.nodes).toEqual([1, 2]);
  expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  const backward = toConnection([3, 2, 1], { limit: 2, backward: true, cursor: ['4'] }, (n) => [String(n)]);
  expect(backward.nodes).toEqual([2, 3]);
  expect(backward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
});

describe('hostile cursors are BAD_USER_INPUT naming the argument, before any SQL', () => {
  const raw = (text: string) => Buffer.from(text).toString('base64url');
  const keys: SortKey[] = [
    { sql: 't.created_at', direction: 'DESC', type: 'timestamp' },
    { sql: 't.id', direction: 'DESC', type: 'uuid' },
  ];
  const outcome = (args: PageArgs, sortKeys: SortKey[] = keys) => {
    try {
      keyset(sortKeys, pageRequest(args, sortKeys.length), 1);
      return 'OK';
    } catch (error) {
      return `${(error as DomainError).code} ${(error as DomainError).field}`;
    }
  };
  const ID = '0b6a0f9e-4a7e-4c1e-9d55-0f3b1f1d2c3a';

  test.each([
    ['SQL in place of a date', encodeCursor(["' OR 1=1 --", 'x'])],
    ['a date but no id', encodeCursor(['2026-01-01 00:00:00+00', "' OR 1=1 --"])],
    ['not base64', '%%%not-a-cursor%%%'],
    ['not JSON', raw('{{{')],
    ['a JSON object', raw('{"createdAt":"2026-01-01","id":"x"}')],
    ['a JSON string', raw('"2026-01-01"')],
    ['too few values', encodeCursor(['2026-01-01 00:00:00+00'])],
    ['too many values', encodeCursor(['2026-01-01 00:00:00+00', ID, 'x'])],
    ['a number for a date', encodeCursor([1767225600000, ID])],
    ['null values', encodeCursor([null, null])],
    ['nested arrays', encodeCursor([['2026-01-01'], [ID]])],
    ['a day that does not exist', encodeCursor(['2026-02-30 00:00:00+00', ID])],
    ['month 13', encodeCursor(['2026-13-01 00:00:00+00', ID])],
    ['year 0', encodeCursor(['0000-01-01 00:00:00+00', ID])],
    ['an offset PostgreSQL refuses', encodeCursor(['2026-01-01 00:00:00+99', ID])],
    ['a word PostgreSQL reads as a date', encodeCursor(['now', ID])],
    ['a NUL character', encodeCursor(['2026-01-01 00:00:00+00\u0000', ID])],
    ['a huge cursor', encodeCursor(['2026-01-01 00:00:00+00', 'x'.repeat(100_000)])],
    ['an empty array', raw('[]')],
  ])('%s', (_label, after) => {
    expect(outcome({ first: 5, after })).toBe('BAD_USER_INPUT after');
    expect(outcome({ last: 5, before: after })).toBe('BAD_USER_INPUT before');
  });

  test('values are checked against their own key type', () => {
    const typed = (type: SortKey['type'], value: unknown) => outcome({ after: encodeCursor([value]) }, [{ sql: 'k', direction: 'ASC', type }]);
    expect(typed('integer', '2147483648')).toBe('BAD_USER_INPUT after');
    expect(typed('integer', '1.5')).toBe('BAD_USER_INPUT after');
    expect(typed('integer', '-2147483648')).toBe('OK');
    expect(typed('integer', 7)).toBe('OK');
    expect(typed('bigint', '9223372036854775808')).toBe('BAD_USER_INPUT after');
    expect(typed('bigint', '9223372036854775807')).toBe('OK');
    expect(typed('real', '1e-50')).toBe('BAD_USER_INPUT after');
    expect(typed('real', '1e39')).toBe('BAD_USER_INPUT after');
    expect(typed('real', 'NaN')).toBe('BAD_USER_INPUT after');
    expect(typed('real', '0.0607927')).toBe('OK');
    expect(typed('real', '0')).toBe('OK');
    expect(typed('boolean', 'yes')).toBe('BAD_USER_INPUT after');
    expect(typed('boolean', 'true')).toBe('OK');
    expect(typed('uuid', ID.toUpperCase())).toBe('OK');
    expect(typed('uuid', `${ID}x`)).toBe('BAD_USER_INPUT after');
    expect(typed('text', "' OR 1=1 --")).toBe('OK');
  });

  test('what PostgreSQL prints for a timestamp passes', () => {
    for (const value of ['2026-01-01 00:00:00+00', '2026-01-01 10:11:12.123456+00', '2024-02-29 23:59:59.5-03:30', '2026-06-01T00:00:00.000Z', '-infinity', '0044-03-15 12:00:00+00:53:28', '12026-01-01 00:00:00+00']) {
      expect(outcome({ after: encodeCursor([value, ID]) })).toBe('OK');
    }
  });
});
