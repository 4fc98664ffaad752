import { DateTime } from 'luxon';
import { REMINDER_JOB, type ReminderJob } from '../events/reminders';
import { SeriesRule } from '../events/times';
import { localIn } from '../testing/factories';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { events } from '../testing';

let h: SubgraphTest<typeof events, [typeof membership]>;

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
});
afterAll(() => h?.stop());

test('a monthly rule keeps its local hour across daylight-saving changes, in both hemispheres', () => {
  // Toronto leaves standard time on 8 March 2026; Melbourne leaves daylight time on 5 April 2026.
  const toronto = new SeriesRule('FREQ=MONTHLY;BYDAY=1TU', '2026-01-06T19:00', 'America/Toronto', 90);
  const occurrences = toronto.between(new Date('2026-01-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'));
  expect(occurrences.map((o) => [o.localStart, o.startsAt.toISOString(), o.localEnd])).toEqual([
    ['2026-01-06T19:00', '2026-01-07T00:00:00.000Z', '2026-01-06T20:30'],
    ['2026-02-03T19:00', '2026-02-04T00:00:00.000Z', '2026-02-03T20:30'],
    ['2026-03-03T19:00', '2026-03-04T00:00:00.000Z', '2026-03-03T20:30'],
    ['2026-04-07T19:00', '2026-04-07T23:00:00.000Z', '2026-04-07T20:30'],
  ]);
  const melbourne = new SeriesRule('FREQ=WEEKLY;BYDAY=TH', '2026-03-26T19:00', 'Australia/Melbourne', 60);
  expect(melbourne.between(new Date('2026-03-20T00:00:00Z'), new Date('2026-04-10T00:00:00Z')).map((o) => [o.localStart, o.startsAt.toISOString()])).toEqual([
    ['2026-03-26T19:00', '2026-03-26T08:00:00.000Z'],
    ['2026-04-02T19:00', '2026-04-02T08:00:00.000Z'],
    ['2026-04-09T19:00', '2026-04-09T09:00:00.000Z'],
  ]);
});

test('a series is materialised over the horizon; one occurrence is moved or cancelled alone; the job extends the horizon', async () => {
  const community = await h.people.community();
  const member = await h.people.memberOf(community);
  const first = await h.factories.event(community, { timeZone: 'America/Toronto', localStart: localIn('America/Toronto', 3, '19:00'), localEnd: localIn('America/Toronto', 3, '20:00'), recurrence: 'FREQ=MONTHLY;BYDAY=1TU' });
  const rows = async () => (await h.running.runtime.db.query(`SELECT id, local_start, status, rescheduled FROM events WHERE series_id = $1 ORDER BY starts_at`, [first.seriesId])) as { id: string; local_start: string; status: string; rescheduled: boolean }[];
  const initial = await rows();
  // Twelve months ahead: 12 or 13 first Tuesdays, every one at 19:00 local.
  expect(initial.length).toBeGreaterThanOrEqual(12);
  expect(initial.length).toBeLessThanOrEqual(13);
  expect(new Set(initial.map((row) => row.local_start.slice(11)))).toEqual(new Set(['19:00']));
  await h.factories.register(first, member, true);

  const [, second, third] = initial;
  const moved = await h.run(`mutation ($id: ID!) { rescheduleEvent(input: { id: $id, localStart: "${second!.local_start.slice(0, 10)}T18:00", localEnd: "${second!.local_start.slice(0, 10)}T19:30" }) { event { localStart isRescheduled } } }`, { id: second!.id }, community.coordinator);
  expect(moved.data).toEqual({ rescheduleEvent: { event: { localStart: `${second!.local_start.slice(0, 10)}T18:00`, isRescheduled: true } } });
  const cancelled = await h.run(`mutation ($id: ID!) { cancelEvent(input: { id: $id, reason: "Holiday" }) { event { status statusReason } } }`, { id: third!.id }, community.coordinator);
  expect(cancelled.data).toEqual({ cancelEvent: { event: { status: 'CANCELLED', statusReason: 'Holiday' } } });
  const after = await rows();
  expect(after.filter((row) => row.status === 'CANCELLED').map((row) => row.id)).toEqual([third!.id]);
  expect(after.filter((row) => row.rescheduled).map((row) => row.id)).toEqual([second!.id]);
  expect(after.filter((row) => row.id !== second!.id).every((row) => row.local_start.endsWith('T19:00'))).toBe(true);

  // The daily job moves the horizon on; new dates are added once, and the series registrant is enrolled.
  const until = DateTime.now().plus({ months: 15 }).toJSDate();
  const added = await h.running.domain.series.extendAll(until);
  expect(added).toBeGreaterThanOrEqual(2);
  expect(await h.running.domain.series.extendAll(until)).toBe(0);
  const extended = await rows();
  expect(extended).toHaveLength(initial.length + added);
  const [enrolled] = await h.running.runtime.db.query(
    `SELECT count(*)::int AS count FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE e.series_id = $1 AND r.member_id = $2 AND r.via_series`,
    [first.seriesId, member.id],
  );
  // Every occurrence, the cancelled one included: registrations stay on record when a date is cancelled.
  expect(enrolled.count).toBe(extended.length);
});

test('reminders are queued 24 hours and 1 hour before, and reach the people holding a place', async () => {
  const community = await h.people.community();
  const [holder, waiting] = [await h.people.memberOf(community), await h.people.memberOf(community)];
  const event = await h.factories.event(community, { capacity: 1 });
  await h.factories.register(event, holder);
  await h.factories.register(event, waiting);
  const jobs = (await h.running.runtime.jobs.find<ReminderJob>(REMINDER_JOB)).filter((job) => job.data.eventId === event.id);
  const startsAt = new Date(event.startsAt).getTime();
  expect(jobs.map((job) => [job.data.kind, new Date(job.startAfter).getTime()]).sort()).toEqual([
    ['DAY_BEFORE', startsAt - 24 * 3_600_000],
    ['HOUR_BEFORE', startsAt - 3_600_000],
  ]);
  // Run one now through the queue, as pg-boss would when its time comes.
  await h.running.runtime.jobs.send(REMINDER_JOB, jobs[0]!.data);
  const deadline = Date.now() + 15_000;
  let sent: { member_id: string }[] = [];
  while (sent.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    sent = await h.running.runtime.db.query(`SELECT member_id FROM event_reminders_sent WHERE event_id = $1`, [event.id]);
  }
  expect(sent).toEqual([{ member_id: holder.id }]);
  // A moved event makes the old reminder stale: it reaches nobody.
  await h.running.domain.lifecycle.reschedule(h.factories.access(community.coordinator), { id: event.id, localStart: localIn('Australia/Perth', 9, '19:00'), localEnd: localIn('Australia/Perth', 9, '20:00') });
  expect(await h.running.domain.reminders.deliver(jobs[1]!.data)).toEqual([]);
});
