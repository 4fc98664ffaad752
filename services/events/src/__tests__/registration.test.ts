import { randomUUID } from 'node:crypto';
import { memberViewer } from '@praxis/platform';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { events } from '../testing';

let h: SubgraphTest<typeof events, [typeof membership]>;

// A pool as large as a busy replica's, so the registrations below really run side by side.
beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership], env: { EVENTS_DB_POOL_SIZE: '40' } });
});
afterAll(() => h?.stop());

const REGISTER = `mutation ($id: ID!, $whole: Boolean) { registerForEvent(input: { eventId: $id, wholeSeries: $whole }) { registrations { id status waitlistPosition event { id } } } }`;
const CANCEL = `mutation ($id: ID!) { cancelEventRegistration(input: { eventId: $id }) { registrations { status } } }`;

test('300 simultaneous registrations for 50 places give exactly 50 places and 250 on the waitlist', async () => {
  const community = await h.people.community({ visibility: 'PUBLIC' });
  // Open to any signed-in person, so 300 distinct viewers need no 300 memberships first.
  const event = await h.factories.event(community, { capacity: 50, registrationPolicy: 'SIGNED_IN' });
  const viewers = Array.from({ length: 300 }, () => memberViewer(randomUUID()));
  const started = performance.now();
  const results = await Promise.all(viewers.map((viewer) => h.run<{ registerForEvent: { registrations: { status: string }[] } }>(REGISTER, { id: event.id }, viewer)));
  const elapsed = performance.now() - started;
  expect(results.filter((result) => result.errors)).toEqual([]);
  const statuses = results.map((result) => result.data!.registerForEvent.registrations[0]!.status);
  expect(statuses.filter((status) => status === 'REGISTERED')).toHaveLength(50);
  expect(statuses.filter((status) => status === 'WAITLISTED')).toHaveLength(250);
  const [row] = await h.running.runtime.db.query(
    `SELECT registered_count, waitlist_count, (SELECT count(*)::int FROM event_registrations WHERE event_id = $1 AND status = 'REGISTERED') AS registered,
            (SELECT count(*)::int FROM event_registrations WHERE event_id = $1 AND status = 'WAITLISTED') AS waiting FROM events WHERE id = $1`,
    [event.id],
  );
  expect(row).toEqual({ registered_count: 50, waitlist_count: 250, registered: 50, waiting: 250 });
  process.stdout.write(`concurrency: 300 registrations for 50 places in ${Math.round(elapsed)} ms -> 50 registered, 250 waitlisted\n`);

  // Cancellations promote the first people waiting, in the order they registered.
  const waiting: { member_id: string }[] = await h.running.runtime.db.query(`SELECT member_id FROM event_registrations WHERE event_id = $1 AND status = 'WAITLISTED' ORDER BY seq`, [event.id]);
  const holders: { member_id: string }[] = await h.running.runtime.db.query(`SELECT member_id FROM event_registrations WHERE event_id = $1 AND status = 'REGISTERED' ORDER BY seq LIMIT 3`, [event.id]);
  const positions = await h.run<{ event: { viewerRegistration: { waitlistPosition: number } } }>(`query ($id: ID!) { event(id: $id) { viewerRegistration { waitlistPosition } } }`, { id: event.id }, memberViewer(waiting[1]!.member_id));
  expect(positions.data!.event.viewerRegistration.waitlistPosition).toBe(2);
  for (const holder of holders) {
    const cancelled = await h.run(CANCEL, { id: event.id }, memberViewer(holder.member_id));
    expect(cancelled.errors).toBeUndefined();
  }
  const promoted: { member_id: string }[] = await h.running.runtime.db.query(
    `SELECT member_id FROM event_registrations WHERE event_id = $1 AND status = 'REGISTERED' AND promoted_at IS NOT NULL ORDER BY promoted_at, seq`,
    [event.id],
  );
  expect(promoted.map((row) => row.member_id)).toEqual(waiting.slice(0, 3).map((row) => row.member_id));
  const [after] = await h.running.runtime.db.query(`SELECT registered_count, waitlist_count FROM events WHERE id = $1`, [event.id]);
  expect(after).toEqual({ registered_count: 50, waitlist_count: 247 });
  const types: { type: string; count: number }[] = await h.running.runtime.db.query(
    `SELECT type, count(*)::int AS count FROM outbox WHERE payload->>'eventId' = $1 AND type <> 'events.EventChanged' GROUP BY type ORDER BY type`,
    [event.id],
  );
  expect(types).toEqual([
    { type: 'events.EventRegistered', count: 300 },
    { type: 'events.EventRegistrationCancelled', count: 3 },
    { type: 'events.EventWaitlistPromoted', count: 3 },
  ]);
});

test('the database refuses a place beyond capacity even when code forgets to check', async () => {
  const community = await h.people.community();
  const event = await h.factories.event(community, { capacity: 1 });
  await expect(h.running.runtime.db.query(`UPDATE events SET registered_count = 2 WHERE id = $1`, [event.id])).rejects.toMatchObject({ driverError: expect.objectContaining({ constraint: 'events_capacity' }) });
});

test('registering twice keeps the first registration; members-only events refuse outsiders', async () => {
  const community = await h.people.community({ visibility: 'PUBLIC' });
  const member = await h.people.memberOf(community);
  const outsider = await h.people.member();
  const event = await h.factories.event(community, { capacity: 5 });
  const first = await h.run<{ registerForEvent: { registrations: { id: string }[] } }>(REGISTER, { id: event.id }, member);
  const second = await h.run<{ registerForEvent: { registrations: { id: string }[] } }>(REGISTER, { id: event.id }, member);
  expect(second.data!.registerForEvent.registrations[0]!.id).toBe(first.data!.registerForEvent.registrations[0]!.id);
  const refused = await h.run(REGISTER, { id: event.id }, outsider);
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_MEMBER' });
});

test('raising the capacity gives places to the people waiting, in order', async () => {
  const community = await h.people.community();
  const people = await Promise.all(Array.from({ length: 4 }, () => h.people.memberOf(community)));
  const event = await h.factories.event(community, { capacity: 1 });
  for (const person of people) await h.factories.register(event, person);
  const raised = await h.run<{ updateEvent: { event: { registeredCount: number; waitlistCount: number; placesLeft: number } } }>(
    `mutation ($id: ID!) { updateEvent(input: { id: $id, capacity: 3 }) { event { registeredCount waitlistCount placesLeft } } }`,
    { id: event.id },
    community.coordinator,
  );
  expect(raised.data!.updateEvent.event).toEqual({ registeredCount: 3, waitlistCount: 1, placesLeft: 0 });
  const lowered = await h.run(`mutation ($id: ID!) { updateEvent(input: { id: $id, capacity: 1 }) { event { id } } }`, { id: event.id }, community.coordinator);
  expect(lowered.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.capacity' });
  const statuses: { status: string }[] = await h.running.runtime.db.query(`SELECT status FROM event_registrations WHERE event_id = $1 ORDER BY seq`, [event.id]);
  expect(statuses.map((row) => row.status)).toEqual(['REGISTERED', 'REGISTERED', 'REGISTERED', 'WAITLISTED']);
});

test('registering for a whole series waitlists only the occurrences that are full', async () => {
  const community = await h.people.community();
  const [early, late] = [await h.people.memberOf(community), await h.people.memberOf(community)];
  const first = await h.factories.event(community, { recurrence: 'FREQ=WEEKLY;COUNT=4', capacity: 1 });
  const occurrences: { id: string }[] = await h.running.runtime.db.query(`SELECT id FROM events WHERE series_id = $1 ORDER BY starts_at`, [first.seriesId]);
  expect(occurrences).toHaveLength(4);
  await h.factories.register(occurrences[2]!, early);
  const whole = await h.run<{ registerForEvent: { registrations: { status: string; event: { id: string } }[] } }>(REGISTER, { id: first.id, whole: true }, late);
  expect(whole.errors).toBeUndefined();
  expect(whole.data!.registerForEvent.registrations.map((r) => [r.event.id, r.status])).toEqual([
    [occurrences[0]!.id, 'REGISTERED'],
    [occurrences[1]!.id, 'REGISTERED'],
    [occurrences[2]!.id, 'WAITLISTED'],
    [occurrences[3]!.id, 'REGISTERED'],
  ]);
  const series = await h.run(`query ($id: ID!) { event(id: $id) { series { viewerRegisteredForSeries occurrences(first: 10) { nodes { id } } } } }`, { id: first.id }, late);
  expect(series.data).toMatchObject({ event: { series: { viewerRegisteredForSeries: true } } });
  // Freeing the full date promotes the series registrant there and nowhere else.
  await h.run(CANCEL, { id: occurrences[2]!.id }, early);
  const [promoted] = await h.running.runtime.db.query(`SELECT status FROM event_registrations WHERE event_id = $1 AND member_id = $2`, [occurrences[2]!.id, late.id]);
  expect(promoted).toEqual({ status: 'REGISTERED' });
  const cancelAll = await h.run<{ cancelEventRegistration: { registrations: unknown[] } }>(
    `mutation ($id: ID!) { cancelEventRegistration(input: { eventId: $id, wholeSeries: true }) { registrations { status } } }`,
    { id: first.id },
    late,
  );
  expect(cancelAll.data!.cancelEventRegistration.registrations).toHaveLength(4);
});
