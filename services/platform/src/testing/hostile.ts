/**
 * What a hostile client sends instead of well-formed input, shared by every service's input
 * tests so that each list and text field is tried with the same shapes.
 */
const raw = (text: string) => Buffer.from(text).toString('base64url');
const cursor = (values: unknown[]) => raw(JSON.stringify(values));
const ID = '0b6a0f9e-4a7e-4c1e-9d55-0f3b1f1d2c3a';

export const hostileInput = {
  /** Text with a NUL character, which PostgreSQL refuses in text columns. */
  NUL: 'a\u0000b',
  /** A well-formed id that names nothing. */
  ID,
  /** A cursor in our encoding around any values. */
  cursor,
  /** The crafted cursor the hardening issue names, and the other shapes a client can send instead of ours. */
  HOSTILE_CURSORS: [
    ['SQL in a sort key', cursor(["' OR 1=1 --", 'x'])],
    ['a date that does not exist and no id', cursor(['2026-02-30 00:00:00+00', 'x'])],
    ['not JSON', raw('not json at all')],
    ['a JSON object', raw('{"id":"x"}')],
    ['the wrong number of values', cursor([ID])],
    ['the wrong types', cursor([42, true])],
    ['a huge cursor', cursor(['x'.repeat(200_000), ID])],
  ] as [string, string][],
};
