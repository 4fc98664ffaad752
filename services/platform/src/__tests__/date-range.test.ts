import { DomainError } from '../errors/domain-error';
import { dayRange, instantRange, MAX_RANGE_DAYS } from '../validation/date-range';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  return null;
};

describe('dayRange: calendar days, both inclusive', () => {
  test('one day, and a whole leap year, are allowed', () => {
    expect(dayRange('2026-03-01', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(dayRange('2028-01-01', '2028-12-31')).toEqual({ from: '2028-01-01', to: '2028-12-31' });
  });

  test(`a range of ${MAX_RANGE_DAYS + 1} days is refused on "to"`, () => {
    expect(refusal(() => dayRange('2026-01-01', '2027-01-02'))).toEqual({ code: 'BAD_USER_INPUT', field: 'to', message: `Ask for at most ${MAX_RANGE_DAYS} days.` });
    expect(refusal(() => dayRange('2026-01-01', '2027-01-01'))).toBeNull();
  });

  test.each([
    ['a malformed first day', 'yesterday', '2026-01-01', 'from'],
    ['an impossible first day', '2026-02-30', '2026-03-01', 'from'],
    ['a malformed last day', '2026-01-01', '2026-1-2', 'to'],
    ['an impossible last day', '2026-01-01', '2026-13-01', 'to'],
    ['a range that ends before it starts', '2026-02-01', '2026-01-31', 'to'],
  ])('%s is BAD_USER_INPUT on its field', (_label, from, to, field) => {
    expect(refusal(() => dayRange(from, to))).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('errors name the arguments the caller gives', () => {
    expect(refusal(() => dayRange('2026-01-02', '2026-01-01', { from: 'input.since', to: 'input.until' }))).toMatchObject({ field: 'input.until' });
  });
});

describe('instantRange: from inclusive, to exclusive', () => {
  const at = (iso: string) => new Date(iso);

  test(`exactly ${MAX_RANGE_DAYS} days is allowed; a second more is refused`, () => {
    expect(refusal(() => instantRange(at('2032-01-01T00:00:00Z'), at('2033-01-01T00:00:00Z')))).toBeNull();
    expect(refusal(() => instantRange(at('2032-01-01T00:00:00Z'), at('2033-01-01T00:00:01Z')))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  test('an empty or backwards range is refused on "to"', () => {
    expect(refusal(() => instantRange(at('2032-01-01T00:00:00Z'), at('2032-01-01T00:00:00Z')))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(refusal(() => instantRange(at('2032-02-01T00:00:00Z'), at('2032-01-01T00:00:00Z')))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  test('an invalid instant is refused on its own field', () => {
    expect(refusal(() => instantRange(at('nope'), at('2032-01-01T00:00:00Z')))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});
