import { membership, type MembershipFactories } from '@praxis/membership/testing';
import { TestClock } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { REMINDER_JOB, reminderChunks, type ReminderJob, type ReminderKind } from '../events/reminders';
import type { EventEntity } from '../entities';
import type { RunningEvents } from '../index';
import { events as eventsSubgraph, type EventsFactories } from '../testing';
import { localIn } from '../testing/factories';

// Notifications learns of reminders only from the log: the job publishes whom it reached, once.
let t: SubgraphTest<typeof eventsSubgraph, [typeof membership]>;
let events: RunningEvents;
let people: MembershipFactories;
let factories: EventsFactories;
const clock = new TestClock();

beforeAll(async () => {
  t = await startSubgraphTest(eventsSubgraph, { with: [membership], clock });
  ({ running: events, people, factories } = t);
});
afterAll(() => t?.stop());
beforeEach(() => clock.set(new Date()));

async function jobOf(event: EventEntity, kind: ReminderKind): Promise<ReminderJob> {
  const jobs = await events.runtime.jobs.find<ReminderJob>(REMINDER_JOB);
  return jobs.find((job) => job.data.eventId === event.id && job.data.kind === kind)!.data;
}

async function remindersPublished(event: EventEntity): Promise<Record<string, unknown>[]> {
  const rows: { payload: Record<string, unknown> }[] = await events.runtime.db.query(
    `SELECT payload FROM outbox WHERE type = 'events.EventReminderDue' AND payload->>'eventId' = $1 ORDER BY position`,
    [event.id],
  );
  return rows.map((row) => row.payload);
}

const hoursBefore = (event: EventEntity, hours: number) => new Date(new Date(event.startsAt).getTime() - hours * 3_600_000);

test('a reminder publishes once, 24 hours and 1 hour before, naming the registrants and the join link', async () => {
  const community = await people.community();
  const [first, second, waiting] = [await people.memberOf(community), await people.memberOf(community), await people.memberOf(community)];
  const event = await factories.event(community, {
    title: 'Breathlessness webinar',
    timeZone: 'Australia/Melbourne',
    localStart: localIn('Australia/Melbourne', 3, '19:00'),
    localEnd: localIn('Australia/Melbourne', 3, '20:30'),
    joinUrl: 'https://meet.example.org/breathless',
    capacity: 2,
  });
  for (const person of [first, second, waiting]) await factories.register(event, person);

  clock.set(hoursBefore(event, 24));
  const dayBefore = await jobOf(event, 'DAY_BEFORE');
  expect((await events.domain.reminders.deliver(dayBefore)).sort()).toEqual([first.id, second.id].sort());
  const expected = {
    eventId: event.id,
    communityId: community.id,
    networkId: community.network.id,
    kind: 'DAY_BEFORE',
    title: 'Breathlessness webinar',
    startsAt: new Date(event.startsAt).toISOString(),
    endsAt: new Date(event.endsAt).toISOString(),
    timeZone: 'Australia/Melbourne',
    joinUrl: 'https://meet.example.org/breathless',
    location: null,
  };
  const published = await remindersPublished(event);
  expect(published).toEqual([{ ...expected, memberIds: expect.any(Array) }]);
  expect((published[0]!.memberIds as string[]).sort()).toEqual([first.id, second.id].sort());

  // A second run (a retried job) reaches nobody and publishes nothing.
  expect(await events.domain.reminders.deliver(dayBefore)).toEqual([]);
  expect(await remindersPublished(event)).toHaveLength(1);

  clock.set(hoursBefore(event, 1));
  await events.domain.reminders.deliver(await jobOf(event, 'HOUR_BEFORE'));
  const both = await remindersPublished(event);
  expect(both.map((payload) => payload.kind)).toEqual(['DAY_BEFORE', 'HOUR_BEFORE']);
  expect((both[1]!.memberIds as string[]).sort()).toEqual([first.id, second.id].sort());
});

test('an event in person is announced with its venue on one line and no join link', async () => {
  const community = await people.community();
  const member = await people.memberOf(community);
  const event = await factories.event(community, {
    kind: 'FACE_TO_FACE_MEETING',
    timeZone: 'UTC',
    localStart: localIn('UTC', 3, '09:00'),
    localEnd: localIn('UTC', 3, '12:00'),
    joinUrl: null,
    venue: 'Level 2, Austin Hospital\n145 Studley Road\nHeidelberg VIC',
  });
  await factories.register(event, member);
  clock.set(hoursBefore(event, 24));
  await events.domain.reminders.deliver(await jobOf(event, 'DAY_BEFORE'));
  expect(await remindersPublished(event)).toEqual([
    expect.objectContaining({ joinUrl: null, location: 'Level 2, Austin Hospital, 145 Studley Road, Heidelberg VIC', memberIds: [member.id] }),
  ]);
});

test('a reminder that reaches nobody publishes nothing', async () => {
  const community = await people.community();
  const event = await factories.event(community, { timeZone: 'UTC', localStart: localIn('UTC', 3, '19:00'), localEnd: localIn('UTC', 3, '20:00') });
  clock.set(hoursBefore(event, 24));
  expect(await events.domain.reminders.deliver(await jobOf(event, 'DAY_BEFORE'))).toEqual([]);
  expect(await remindersPublished(event)).toEqual([]);
});

test('a large event is announced in chunks of at most 1,000 members', () => {
  const memberIds = Array.from({ length: 2_345 }, () => crypto.randomUUID());
  const event = { id: crypto.randomUUID(), communityId: crypto.randomUUID(), networkId: crypto.randomUUID(), title: 'Conference', startsAt: new Date(), endsAt: new Date(), timeZone: 'UTC', joinUrl: null, venue: null } as unknown as EventEntity;
  const chunks = reminderChunks(event, 'HOUR_BEFORE', memberIds);
  expect(chunks.map((chunk) => chunk.payload.memberIds.length)).toEqual([1_000, 1_000, 345]);
  expect(chunks.flatMap((chunk) => chunk.payload.memberIds)).toEqual(memberIds);
});

test("every EventChanged names the event, and moving or cancelling it is announced as such", async () => {
  const community = await people.community();
  const event = await factories.event(community, { title: 'Case review', timeZone: 'UTC', localStart: localIn('UTC', 5, '19:00'), localEnd: localIn('UTC', 5, '20:00') });
  const coordinator = factories.access(community.coordinator);
  await events.domain.lifecycle.update(coordinator, { id: event.id, title: 'Case review (renamed)' });
  await events.domain.lifecycle.reschedule(coordinator, { id: event.id, localStart: localIn('UTC', 6, '19:00'), localEnd: localIn('UTC', 6, '20:00') });
  await events.domain.lifecycle.cancel(coordinator, { id: event.id, reason: 'Speaker unwell' });
  const changes: { change: string; title: string }[] = await events.runtime.db.query(
    `SELECT payload->>'change' AS change, payload->>'title' AS title FROM outbox WHERE type = 'events.EventChanged' AND payload->>'eventId' = $1 ORDER BY position`,
    [event.id],
  );
  expect(changes).toEqual([
    { change: 'CREATED', title: 'Case review' },
    { change: 'UPDATED', title: 'Case review (renamed)' },
    { change: 'RESCHEDULED', title: 'Case review (renamed)' },
    { change: 'CANCELLED', title: 'Case review (renamed)' },
  ]);
});
