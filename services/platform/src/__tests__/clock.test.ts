import { systemClock, TestClock } from '../clock';

test('the system clock reads the time', () => {
  const before = Date.now();
  const now = systemClock.now().getTime();
  expect(now).toBeGreaterThanOrEqual(before);
  expect(now).toBeLessThanOrEqual(Date.now());
});

test('a test clock stands still until set or advanced', () => {
  const clock = new TestClock('2026-03-01T09:00:00Z');
  expect(clock.now().toISOString()).toBe('2026-03-01T09:00:00.000Z');
  expect(clock.now().toISOString()).toBe('2026-03-01T09:00:00.000Z');
  clock.advance({ days: 1, hours: 2, minutes: 3, seconds: 4 });
  expect(clock.now().toISOString()).toBe('2026-03-02T11:03:04.000Z');
  clock.advance(-4000);
  expect(clock.now().toISOString()).toBe('2026-03-02T11:03:00.000Z');
  clock.set(new Date('2027-01-01T00:00:00Z'));
  expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
});

test('each read is a fresh Date, so callers cannot move the clock by mutating it', () => {
  const clock = new TestClock('2026-03-01T09:00:00Z');
  clock.now().setFullYear(1999);
  expect(clock.now().getUTCFullYear()).toBe(2026);
});
