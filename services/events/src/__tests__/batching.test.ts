import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '@praxis/membership/testing';
import { events } from '../testing';

let h: SubgraphTest<typeof events, [typeof membership]>;

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
});
afterAll(() => h?.stop());

async function measure(query: string, variables: Record<string, unknown>, viewer: { id: string }) {
  const counters = { events: h.running.runtime.queries, membership: h.membership.runtime.queries };
  const { result, statements } = await countStatements(counters, () => h.run(query, variables, viewer));
  expect(result.errors).toBeUndefined();
  return statements;
}

test('SQL statements do not grow with the number of event references, list size or members', async () => {
  const community = await h.people.community();
  const first = await h.factories.event(community, { recurrence: 'FREQ=DAILY;COUNT=100', capacity: 50 });
  const events: { id: string }[] = await h.running.runtime.db.query(`SELECT id FROM events WHERE series_id = $1 ORDER BY starts_at`, [first.seriesId]);
  expect(events).toHaveLength(100);
  const members: { id: string }[] = [];
  for (let i = 0; i < 100; i += 1) members.push(await h.people.memberOf(community));
  await h.factories.register(first, members[0]!, true);
  for (const [index, member] of members.entries()) await h.factories.register(events[index]!, member);

  const references = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Event { id title registeredCount waitlistCount placesLeft attendedCount
    viewerRegistration { status waitlistPosition } series { recurrence viewerRegisteredForSeries } organiser { id } community { id } viewerCan { register edit } } } }`;
  const refs = (n: number) => ({ r: events.slice(0, n).map((event) => ({ __typename: 'Event', id: event.id })) });
  const ten = await measure(references, refs(10), members[0]!);
  const hundred = await measure(references, refs(100), members[0]!);
  expect(hundred).toEqual(ten);

  const page = `query ($r: [_Any!]!, $n: Int!) { _entities(representations: $r) { ... on Community { upcomingEvents(first: $n) { nodes { id title attendedCount viewerRegistration { status } series { id } } } } } }`;
  const pageTen = await measure(page, { r: [{ __typename: 'Community', id: community.id }], n: 10 }, members[0]!);
  const pageHundred = await measure(page, { r: [{ __typename: 'Community', id: community.id }], n: 100 }, members[0]!);
  expect(pageHundred).toEqual(pageTen);

  const perMember = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { eventRegistrations(first: 5) { nodes { status attended event { id title } } }
    eventCpdLog { totalHours entries(first: 5) { nodes { hours } } } speakingEvents(first: 3) { nodes { id } } } } }`;
  const memberRefs = (n: number) => ({ r: members.slice(0, n).map((member) => ({ __typename: 'Member', id: member.id })) });
  const membersTen = await measure(perMember, memberRefs(10), community.coordinator);
  const membersHundred = await measure(perMember, memberRefs(100), community.coordinator);
  expect(membersHundred).toEqual(membersTen);
  process.stdout.write(`statements (events/membership), 10 vs 100: references ${JSON.stringify(ten)} vs ${JSON.stringify(hundred)}; page ${JSON.stringify(pageTen)} vs ${JSON.stringify(pageHundred)}; members ${JSON.stringify(membersTen)} vs ${JSON.stringify(membersHundred)}\n`);
});
