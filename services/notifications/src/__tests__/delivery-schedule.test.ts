import { DateTime } from 'luxon';
import { digestPeriod, duePeriod, type DigestSchedule } from '../notifications/delivery/schedule';

/**
 * Digest due times, in the member's own zone, across daylight saving in 2027 both ways:
 * Europe/London goes forward on 28 March and back on 31 October; Australia/Melbourne goes back on
 * 4 April and forward on 3 October. The digest goes at 08:00 local on both sides of each change.
 */
const at = (iso: string) => new Date(iso);
const local = (date: Date, zone: string) => DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM-dd HH:mm ZZZZ');

function weekly(timeZone: string, weekday = 7, hour = 8): DigestSchedule {
  return { frequency: 'WEEKLY', weekday, hour, timeZone };
}

describe.each([
  // zone, the Sunday before the change, the Sunday of the change, the Sunday after, with 08:00 local in UTC on each
  ['Europe/London', 'forward', ['2027-03-21T08:00:00Z', '2027-03-28T07:00:00Z', '2027-04-04T07:00:00Z']],
  ['Europe/London', 'back', ['2027-10-24T07:00:00Z', '2027-10-31T08:00:00Z', '2027-11-07T08:00:00Z']],
  ['Australia/Melbourne', 'back', ['2027-03-27T21:00:00Z', '2027-04-03T22:00:00Z', '2027-04-10T22:00:00Z']],
  ['Australia/Melbourne', 'forward', ['2027-09-25T22:00:00Z', '2027-10-02T21:00:00Z', '2027-10-09T21:00:00Z']],
] as const)('a weekly Sunday 08:00 digest in %s when the clocks go %s', (zone, _direction, sundays) => {
  test.each(sundays.map((instant) => [instant]))('is due at 08:00 local on the Sunday whose 08:00 is %s, and not a minute before', (instant) => {
    const eight = at(instant);
    expect(local(eight, zone)).toMatch(/ 08:00 /);
    const period = duePeriod(weekly(zone), eight);
    expect(period?.dueAt.toISOString()).toBe(eight.toISOString());
    expect(duePeriod(weekly(zone), new Date(eight.getTime() - 60_000))).toBeNull();
    // The hourly job runs at :05; it finds the same period, and the key keeps it to once.
    expect(duePeriod(weekly(zone), new Date(eight.getTime() + 5 * 60_000))?.key).toBe(period!.key);
  });

  test('each week has its own key, one slot each', () => {
    const keys = sundays.map((instant) => duePeriod(weekly(zone), at(instant))!.key);
    expect(new Set(keys).size).toBe(3);
  });
});

describe.each([
  ['Europe/London', '2027-03-28', '2027-03-28T07:00:00Z', '2027-03-27T08:00:00Z'],
  ['Europe/London', '2027-10-31', '2027-10-31T08:00:00Z', '2027-10-30T07:00:00Z'],
  ['Australia/Melbourne', '2027-04-04', '2027-04-03T22:00:00Z', '2027-04-02T21:00:00Z'],
  ['Australia/Melbourne', '2027-10-03', '2027-10-02T21:00:00Z', '2027-10-01T22:00:00Z'],
])('a daily 08:00 digest in %s on %s, the day the clocks change', (zone, day, eightThatDay, eightDayBefore) => {
  const daily: DigestSchedule = { frequency: 'DAILY', weekday: 1, hour: 8, timeZone: zone };

  test('goes at 08:00 local that day and the day before, though the offsets differ', () => {
    expect(duePeriod(daily, at(eightThatDay))).toEqual(expect.objectContaining({ key: `DAILY:${day}`, dueAt: at(eightThatDay) }));
    expect(duePeriod(daily, at(eightDayBefore))?.dueAt).toEqual(at(eightDayBefore));
    expect(duePeriod(daily, new Date(at(eightThatDay).getTime() - 1000))).toBeNull();
  });
});

describe('a missed hour', () => {
  test('is still due later in the same period, under the same key, and not in the next period before its hour', () => {
    const schedule = weekly('Europe/London', 1, 8);
    const monday = duePeriod(schedule, at('2027-03-29T07:05:00Z'))!;
    const thursday = duePeriod(schedule, at('2027-04-01T15:05:00Z'))!;
    expect(thursday.key).toBe(monday.key);
    // The following Monday at 06:05 local is a new week whose hour has not come yet.
    expect(duePeriod(schedule, at('2027-04-05T05:05:00Z'))).toBeNull();
    expect(digestPeriod(schedule, at('2027-04-05T05:05:00Z'))!.key).not.toBe(monday.key);
  });

  test('an hour the clocks skip is sent at the first instant after it, once', () => {
    // 01:30 does not exist in London on 28 March 2027: clocks go from 01:00 to 02:00.
    const schedule: DigestSchedule = { frequency: 'DAILY', weekday: 1, hour: 1, timeZone: 'Europe/London' };
    const period = duePeriod(schedule, at('2027-03-28T01:05:00Z'))!;
    expect(period.key).toBe('DAILY:2027-03-28');
    expect(period.dueAt.toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(duePeriod(schedule, at('2027-03-28T00:59:00Z'))).toBeNull();
  });

  test('an hour the clocks repeat is its first occurrence', () => {
    // 01:00–02:00 happens twice in London on 31 October 2027.
    const schedule: DigestSchedule = { frequency: 'DAILY', weekday: 1, hour: 1, timeZone: 'Europe/London' };
    expect(duePeriod(schedule, at('2027-10-31T00:30:00Z'))!.dueAt.toISOString()).toBe('2027-10-31T00:00:00.000Z');
  });
});

test('a digest that is off is never due, and an unknown time zone counts as UTC', () => {
  expect(duePeriod({ frequency: 'OFF', weekday: 1, hour: 8, timeZone: 'UTC' }, at('2027-03-29T09:00:00Z'))).toBeNull();
  expect(duePeriod({ frequency: 'DAILY', weekday: 1, hour: 8, timeZone: 'Mars/Olympus' }, at('2027-03-29T08:00:00Z'))!.dueAt.toISOString()).toBe('2027-03-29T08:00:00.000Z');
});
