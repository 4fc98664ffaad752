import { membership, type MembershipFactories } from '@praxis/membership/testing';
import { TestClock } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { ReminderJob } from '../events/reminders';
import type { RunningEvents } from '../index';
import { events as eventsSubgraph, type EventsFactories } from '../testing';
import { localIn } from '../testing/factories';

// Scheduling follows the service's clock, so a test moves time instead of waiting for it.
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

test('reminders already due on the clock are not scheduled', async () => {
  const community = await people.community();
  const event = await factories.event(community, { timeZone: 'UTC', localStart: localIn('UTC', 3, '19:00'), localEnd: localIn('UTC', 3, '20:00') });
  const sent = jest.spyOn(events.runtime.jobs, 'sendMany');
  try {
    // Between the day-before and the hour-before reminder.
    clock.set(new Date(new Date(event.startsAt).getTime() - 12 * 3_600_000));
    await events.runtime.transaction((manager) => events.domain.reminders.schedule(manager, [event]));
    const items = sent.mock.calls.at(-1)![1] as { data: ReminderJob }[];
    expect(items.map((item) => item.data.kind)).toEqual(['HOUR_BEFORE']);
  } finally {
    sent.mockRestore();
  }
});

test('the series horizon is counted from the clock', () => {
  clock.set('2031-01-01T00:00:00Z');
  const horizon = events.domain.series.horizonFrom(new Date('2020-01-01T00:00:00Z'));
  expect(horizon.toISOString()).toBe(new Date(Date.parse('2031-01-01T00:00:00Z') + 365 * 86_400_000).toISOString());
});

test('registration closes when the clock reaches the start', async () => {
  const community = await people.community({ visibility: 'PUBLIC' });
  const member = await people.memberOf(community);
  const event = await factories.event(community, { timeZone: 'UTC', localStart: localIn('UTC', 3, '19:00'), localEnd: localIn('UTC', 3, '20:00') });
  clock.set(new Date(new Date(event.startsAt).getTime() + 60_000));
  await expect(events.domain.registrations.register(factories.access(member), { eventId: event.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/pending invitation|has started/) });
  clock.set(new Date());
  await expect(events.domain.registrations.register(factories.access(member), { eventId: event.id })).resolves.toBeTruthy();
});

test('attendance can be marked once the clock reaches the start', async () => {
  const community = await people.community();
  const member = await people.memberOf(community);
  const event = await factories.event(community, { timeZone: 'UTC', localStart: localIn('UTC', 3, '19:00'), localEnd: localIn('UTC', 3, '20:00') });
  await factories.register(event, member);
  const mark = () => events.domain.attendance.mark(factories.access(community.coordinator), { eventId: event.id, memberIds: [member.id] });
  await expect(mark()).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/once the event has started/) });
  clock.set(new Date(new Date(event.startsAt).getTime() + 60_000));
  await expect(mark()).resolves.toBeTruthy();
});

test("a community's upcoming and past events move with the clock", async () => {
  const community = await people.community();
  const event = await factories.event(community, { timeZone: 'UTC', localStart: localIn('UTC', 3, '19:00'), localEnd: localIn('UTC', 3, '20:00') });
  const lists = async () => {
    const result = await events.server.execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Community { upcomingEvents { nodes { id } } pastEvents { nodes { id } } } } }`,
      { reps: [{ __typename: 'Community', id: community.id }] },
      people.viewer(community.coordinator),
    );
    const [entity] = result.data?._entities as { upcomingEvents: { nodes: { id: string }[] }; pastEvents: { nodes: { id: string }[] } }[];
    return { upcoming: entity!.upcomingEvents.nodes.map((node) => node.id), past: entity!.pastEvents.nodes.map((node) => node.id) };
  };
  expect(await lists()).toEqual({ upcoming: [event.id], past: [] });
  clock.set(new Date(new Date(event.endsAt).getTime() + 60_000));
  expect(await lists()).toEqual({ upcoming: [], past: [event.id] });
});

test("a calendar feed keeps 90 days of the clock's past", async () => {
  const community = await people.community({ visibility: 'PUBLIC' });
  const event = await factories.event(community, { timeZone: 'UTC', localStart: localIn('UTC', 3, '19:00'), localEnd: localIn('UTC', 3, '20:00') });
  const listed = async () => (await events.domain.calendars.communityFeed(community.id, undefined)).body.includes(`${event.id}@praxis`);
  clock.set(new Date(new Date(event.startsAt).getTime() + 89 * 86_400_000));
  expect(await listed()).toBe(true);
  clock.advance({ days: 2 });
  expect(await listed()).toBe(false);
});

test("erasing a member cancels the registrations still ahead on the clock", async () => {
  const community = await people.community({ visibility: 'PUBLIC' });
  const member = await people.memberOf(community);
  // Years ago by the wall clock, days ahead by the service's.
  clock.set('2020-03-01T00:00:00Z');
  const ahead = await factories.event(community, { timeZone: 'UTC', localStart: '2020-03-04T19:00', localEnd: '2020-03-04T20:00' });
  await factories.register(ahead, member);
  await events.runtime.transaction((manager) => events.domain.registrations.forgetMember(manager, member.id));
  const [row] = (await events.runtime.db.query('SELECT status FROM event_registrations WHERE event_id = $1', [ahead.id])) as { status: string }[];
  expect(row!.status).toBe('CANCELLED');
});
