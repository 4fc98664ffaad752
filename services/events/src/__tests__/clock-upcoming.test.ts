import { membership } from '@praxis/membership/testing';
import { TestClock } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { events } from '../testing';

// What is upcoming is counted from the service's clock, as a community's event lists and
// registration are, so a test moves time past an event instead of backdating it.
let t: SubgraphTest<typeof events, [typeof membership]>;
const clock = new TestClock();

beforeAll(async () => {
  t = await startSubgraphTest(events, { with: [membership], clock });
});
afterAll(() => t?.stop());
beforeEach(() => clock.set(new Date()));

const REGISTRATIONS = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer {
  upcoming: eventRegistrations { nodes { event { id } } } past: eventRegistrations(upcoming: false) { nodes { event { id } } } } } }`;
type Registrations = { _entities: { upcoming: { nodes: { event: { id: string } }[] }; past: { nodes: { event: { id: string } }[] } }[] };

test("a member's registration moves from upcoming to past when the clock passes the event's end", async () => {
  const community = await t.people.community();
  const member = await t.people.memberOf(community);
  const event = await t.factories.event(community);
  await t.factories.register(event, member);
  const read = async () => (await t.run<Registrations>(REGISTRATIONS, { r: [{ __typename: 'Viewer', memberId: member.id }] }, member)).data!._entities[0]!;

  expect(await read()).toEqual({ upcoming: { nodes: [{ event: { id: event.id } }] }, past: { nodes: [] } });
  clock.set(new Date(new Date(event.endsAt).getTime() + 60_000));
  expect(await read()).toEqual({ upcoming: { nodes: [] }, past: { nodes: [{ event: { id: event.id } }] } });
});

test("a series' occurrences, without `from`, start at the clock's time", async () => {
  const community = await t.people.community();
  const first = await t.factories.event(community, { recurrence: 'FREQ=WEEKLY;COUNT=3' });
  const occurrences = async () =>
    (await t.run<{ event: { series: { occurrences: { nodes: { id: string }[] } } } }>(`query ($id: ID!) { event(id: $id) { series { occurrences { nodes { id } } } } }`, { id: first.id }, community.coordinator))
      .data!.event.series.occurrences.nodes;

  const all = await occurrences();
  expect(all).toHaveLength(3);
  clock.set(new Date(new Date(first.endsAt).getTime() + 60_000));
  expect(await occurrences()).toEqual(all.slice(1));
});
