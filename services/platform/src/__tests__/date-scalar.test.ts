import { buildSchema, graphql, type GraphQLFieldResolver } from 'graphql';
import { calendarDate, DateScalar } from '../server/scalars';

// The graph's `Date`: calendar dates only, checked strictly, refused as BAD_USER_INPUT naming the
// argument whether it comes as a variable, inside an input object, or as a literal.
const schema = buildSchema(`
  scalar Date
  input Range { from: Date!, to: Date! }
  type Query { day(on: Date!): Date!, range(input: Range!): String! }
`);
Object.assign(schema.getType('Date')!, { parseValue: DateScalar.parseValue, parseLiteral: DateScalar.parseLiteral, serialize: DateScalar.serialize });
const rootValue: Record<string, GraphQLFieldResolver<unknown, unknown>> = {
  day: ({ on }: { on: string }) => on,
  range: ({ input }: { input: { from: string; to: string } }) => `${input.from}/${input.to}`,
} as never;

const VALID = ['2026-01-31', '2028-02-29', '2000-02-29', '2026-12-31', '0001-01-01'];
const INVALID = ['2026-02-30', '2026-13-01', '26-01-01', '2026-01-01T00:00:00Z', '2026-01-01 10:00', '', '2027-02-29', '1900-02-29', '2026-00-10', '2026-04-31', '2026-1-5', ' 2026-01-01', '0000-01-01'];

test.each(VALID)('%s is a date, read and written as given', async (value) => {
  expect(calendarDate(value)).toBe(value);
  const result = await graphql({ schema, rootValue, source: 'query ($on: Date!) { day(on: $on) }', variableValues: { on: value } });
  expect(result).toEqual({ data: { day: value } });
  expect((await graphql({ schema, rootValue, source: `{ day(on: "${value}") }` })).data).toEqual({ day: value });
});

test.each(INVALID)('"%s" is refused as BAD_USER_INPUT, in a variable naming it', async (value) => {
  expect(() => calendarDate(value)).toThrow('Date must be a calendar date');
  const result = await graphql({ schema, rootValue, source: 'query ($on: Date!) { day(on: $on) }', variableValues: { on: value } });
  expect(result.data).toBeUndefined();
  expect(result.errors?.[0]?.message).toMatch(/^Variable "\$on" got invalid value .*; Date must be a calendar date as YYYY-MM-DD/);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
});

test('inside an input object the message names the field of the argument', async () => {
  const result = await graphql({ schema, rootValue, source: 'query ($input: Range!) { range(input: $input) }', variableValues: { input: { from: '2026-01-01', to: '2026-02-30' } } });
  expect(result.errors?.[0]?.message).toContain('at "input.to"');
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  const ok = await graphql({ schema, rootValue, source: 'query ($input: Range!) { range(input: $input) }', variableValues: { input: { from: '2026-01-01', to: '2026-03-01' } } });
  expect(ok).toEqual({ data: { range: '2026-01-01/2026-03-01' } });
});

test('a literal that is not a date, or not a string, fails validation naming the type, the value and the reason', async () => {
  for (const literal of ['"2026-13-01"', '20260101', '"2026-01-01T10:00:00Z"']) {
    const result = await graphql({ schema, rootValue, source: `{ day(on: ${literal}) }` });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toBe(`Expected value of type "Date!", found ${literal}; Date must be a calendar date as YYYY-MM-DD, such as 2026-01-31.`);
  }
});

test('non-strings are refused: a JavaScript Date, a number', () => {
  expect(() => calendarDate(new Date('2026-01-01'))).toThrow('Date must be a calendar date');
  expect(() => calendarDate(20260101)).toThrow('Date must be a calendar date');
  expect(() => DateScalar.serialize('2026-02-30')).toThrow('Date must be a calendar date');
});
