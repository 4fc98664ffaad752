import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '@praxis/membership/testing';
import { events } from '../testing';

let h: SubgraphTest<typeof events, [typeof membership]>;

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
});
afterAll(() => h?.stop());

const ME = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { memberId cpdLog { totalHours entries(first: 5) { nodes { hours event { id } } } }
  upcoming: eventRegistrations { nodes { status event { id } } } past: eventRegistrations(upcoming: false) { nodes { event { id } } } } } }`;
type MeResult = { _entities: ({ memberId: string; cpdLog: { totalHours: number; entries: { nodes: { hours: number }[] } }; upcoming: { nodes: { status: string; event: { id: string } }[] }; past: { nodes: { event: { id: string } }[] } } | null)[] };

test('me.cpdLog and me.eventRegistrations: the viewer’s own, the same as the deprecated Member paths', async () => {
  const community = await h.people.community();
  const member = await h.people.memberOf(community);
  const past = await h.factories.attendedEvent(community, [member], { cpdHours: 2 });
  const upcoming = await h.factories.event(community);
  await h.factories.register(upcoming, member);

  const me = await h.run<MeResult>(ME, { r: [{ __typename: 'Viewer', memberId: member.id }] }, member);
  expect(me.errors).toBeUndefined();
  const viewer = me.data!._entities[0]!;
  expect(viewer.memberId).toBe(member.id);
  expect(viewer.cpdLog.totalHours).toBe(2);
  expect(viewer.upcoming.nodes).toEqual([{ status: 'REGISTERED', event: { id: upcoming.id } }]);
  expect(viewer.past.nodes).toEqual([{ event: { id: past.id } }]);

  const old = await h.run<{ _entities: { eventCpdLog: { totalHours: number }; eventRegistrations: { nodes: { event: { id: string } }[] } }[] }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { eventCpdLog { totalHours } eventRegistrations { nodes { event { id } } } } } }`,
    { r: [{ __typename: 'Member', id: member.id }] },
    member,
  );
  expect(old.data!._entities[0]).toEqual({ eventCpdLog: { totalHours: 2 }, eventRegistrations: { nodes: [{ event: { id: upcoming.id } }] } });
});

test('a Viewer reference for someone else, or without a viewer, resolves to nothing', async () => {
  const community = await h.people.community();
  const [member, other] = [await h.people.memberOf(community), await h.people.memberOf(community)];
  await h.factories.attendedEvent(community, [other], { cpdHours: 1 });
  const asMember = await h.run<MeResult>(ME, { r: [{ __typename: 'Viewer', memberId: other.id }] }, member);
  expect(asMember.errors).toBeUndefined();
  expect(asMember.data!._entities).toEqual([null]);
  // Even the coordinator, who may read the deprecated Member path, gets no Viewer for another member.
  const asCoordinator = await h.run<MeResult>(ME, { r: [{ __typename: 'Viewer', memberId: other.id }] }, community.coordinator);
  expect(asCoordinator.data!._entities).toEqual([null]);
  const anonymous = await h.run<MeResult>(ME, { r: [{ __typename: 'Viewer', memberId: other.id }] }, null);
  expect(anonymous.data!._entities).toEqual([null]);
});

test('me.eventRegistrations and me.cpdLog take the same statements for 2 entries as for 40', async () => {
  const community = await h.people.community();
  const few = await h.people.memberOf(community);
  const many = await h.people.memberOf(community);
  for (let i = 0; i < 2; i += 1) await h.factories.register(await h.factories.event(community), few);
  for (let i = 0; i < 40; i += 1) await h.factories.register(await h.factories.event(community), many);
  await h.factories.attendedEvent(community, [few, many], { cpdHours: 1 });
  const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { eventRegistrations(first: 50) { nodes { status attended waitlistPosition event { id title } member { id } } }
    cpdLog { totalHours entries(first: 50) { nodes { hours event { id } } } } } } }`;
  const measure = async (person: { id: string }) => {
    const counters = { events: h.running.runtime.queries, membership: h.membership.runtime.queries };
    const { result, statements } = await countStatements(counters, () => h.run(query, { r: [{ __typename: 'Viewer', memberId: person.id }] }, person));
    expect(result.errors).toBeUndefined();
    return statements;
  };
  expect(await measure(many)).toEqual(await measure(few));
});

const REGISTER = `mutation ($id: ID!, $whole: Boolean) { registerForEvent(input: { eventId: $id, wholeSeries: $whole }) {
  registration { status event { id } } seriesRegistrations { event { id } } promotedCount } }`;
const CANCEL = `mutation ($id: ID!, $whole: Boolean) { cancelEventRegistration(input: { eventId: $id, wholeSeries: $whole }) {
  registration { status event { id } } seriesRegistrations { status } promotedCount registrations { status } } }`;
type Payload = { registration: { status: string; event: { id: string } } | null; seriesRegistrations: { event?: { id: string }; status?: string }[]; promotedCount: number; registrations?: { status: string }[] };

test('registerForEvent and cancelEventRegistration return the one registration, and how many waiting people got a place', async () => {
  const community = await h.people.community();
  const [holder, waiting] = [await h.people.memberOf(community), await h.people.memberOf(community)];
  const event = await h.factories.event(community, { capacity: 1 });

  const first = await h.run<{ registerForEvent: Payload }>(REGISTER, { id: event.id }, holder);
  expect(first.data!.registerForEvent).toEqual({ registration: { status: 'REGISTERED', event: { id: event.id } }, seriesRegistrations: [], promotedCount: 0 });
  const second = await h.run<{ registerForEvent: Payload }>(REGISTER, { id: event.id }, waiting);
  expect(second.data!.registerForEvent.registration!.status).toBe('WAITLISTED');

  const cancelled = await h.run<{ cancelEventRegistration: Payload }>(CANCEL, { id: event.id }, holder);
  expect(cancelled.errors).toBeUndefined();
  // The deprecated list still answers, for clients not yet moved.
  expect(cancelled.data!.cancelEventRegistration).toEqual({
    registration: { status: 'CANCELLED', event: { id: event.id } },
    seriesRegistrations: [],
    promotedCount: 1,
    registrations: [{ status: 'CANCELLED' }],
  });
  // Cancelling a waitlist place frees no place, so nobody is promoted.
  const third = await h.people.memberOf(community);
  await h.factories.register(event, third);
  const leftWaitlist = await h.run<{ cancelEventRegistration: Payload }>(CANCEL, { id: event.id }, third);
  expect(leftWaitlist.data!.cancelEventRegistration.promotedCount).toBe(0);
});

test('with wholeSeries, the named occurrence is `registration` and the others are `seriesRegistrations`', async () => {
  const community = await h.people.community();
  const member = await h.people.memberOf(community);
  const first = await h.factories.event(community, { recurrence: 'FREQ=WEEKLY;COUNT=3' });
  const occurrences: { id: string }[] = await h.running.runtime.db.query(`SELECT id FROM events WHERE series_id = $1 ORDER BY starts_at`, [first.seriesId]);
  const named = occurrences[1]!.id;

  const registered = await h.run<{ registerForEvent: Payload }>(REGISTER, { id: named, whole: true }, member);
  expect(registered.errors).toBeUndefined();
  expect(registered.data!.registerForEvent.registration).toEqual({ status: 'REGISTERED', event: { id: named } });
  expect(registered.data!.registerForEvent.seriesRegistrations).toEqual([{ event: { id: occurrences[0]!.id } }, { event: { id: occurrences[2]!.id } }]);

  const cancelled = await h.run<{ cancelEventRegistration: Payload }>(CANCEL, { id: named, whole: true }, member);
  expect(cancelled.data!.cancelEventRegistration.registration!.status).toBe('CANCELLED');
  expect(cancelled.data!.cancelEventRegistration.seriesRegistrations).toEqual([{ status: 'CANCELLED' }, { status: 'CANCELLED' }]);
  expect(cancelled.data!.cancelEventRegistration.registrations).toHaveLength(3);
});
