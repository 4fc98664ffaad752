import { type DomainError } from '../errors/domain-error';
import { encodeCursor, keyset, pageRequest, toConnection } from '../pagination/keyset';

test('first/after pages forward; the cursor round-trips', () => {
  const cursor = encodeCursor(['2026-01-01 00:00:00.123456+00', 'b']);
  expect(pageRequest({ first: 5, after: cursor }, 2)).toEqual({ limit: 5, backward: false, cursor: ['2026-01-01 00:00:00.123456+00', 'b'] });
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
  expect(keyset([{ sql: 'a', direction: 'DESC' }, { sql: 'b', direction: 'DESC' }], page, 3)).toEqual({ where: '(a, b) < ($3, $4)', orderBy: 'a DESC, b DESC', params: ['x', 'y'] });
  expect(keyset([{ sql: 'a', direction: 'ASC' }, { sql: 'b', direction: 'DESC' }], page, 1).where).toBe('((a > $1) OR (a = $1 AND b < $2))');
  expect(keyset([{ sql: 'a', direction: 'ASC' }], { ...page, backward: true, cursor: ['x'] }, 1)).toEqual({ where: '(a) < ($1)', orderBy: 'a DESC', params: ['x'] });
});

test('connections fetch one extra row only to know there is more', () => {
  const connection = toConnection([1, 2, 3], { limit: 2, backward: false, cursor: null }, (n) => [String(n)]);
  expect(connection.nodes).toEqual([1, 2]);
  expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  const backward = toConnection([3, 2, 1], { limit: 2, backward: true, cursor: ['4'] }, (n) => [String(n)]);
  expect(backward.nodes).toEqual([2, 3]);
  expect(backward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
});
