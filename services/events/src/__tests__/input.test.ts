import { hostileInput, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { EventEntity } from '../entities';
import { membership } from '@praxis/membership/testing';
import { events } from '../testing';

/** Hostile input is BAD_USER_INPUT on the argument that carried it, never an internal error. */
let h: SubgraphTest<typeof events, [typeof membership]>;
let community: Awaited<ReturnType<SubgraphTest<typeof events, [typeof membership]>['people']['community']>>;
let event: EventEntity;

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
  community = await h.people.community({ visibility: 'PUBLIC' });
  event = await h.factories.event(community);
  await h.factories.event(community);
  await h.factories.register(event, await h.people.memberOf(community));
});
afterAll(() => h?.stop());

const { NUL, HOSTILE_CURSORS } = hostileInput;

describe('a NUL character', () => {
  const create = (description: string) => ({
    communityId: community.id,
    title: 'Webinar',
    description,
    kind: 'WEBINAR',
    localStart: '2031-05-01T19:00',
    localEnd: '2031-05-01T20:00',
    timeZone: 'Australia/Perth',
    joinUrl: 'https://meet.example.org/w',
  });

  test.each([
    ['a new event description', 'mutation ($input: CreateEventInput!) { createEvent(input: $input) { event { id } } }', () => ({ input: create(NUL) }), 'input.description'],
    ['a proposed event description', 'mutation ($input: CreateEventInput!) { proposeEvent(input: $input) { event { id } } }', () => ({ input: create(NUL) }), 'input.description'],
    ['an edited event description', 'mutation ($input: UpdateEventInput!) { updateEvent(input: $input) { event { id } } }', () => ({ input: { id: event.id, description: NUL } }), 'input.description'],
    ['a calendar filter', 'query ($s: [String!]) { eventCalendar(from: "2030-01-01T00:00:00Z", to: "2030-06-01T00:00:00Z", filter: { streams: $s }) { nodes { id } } }', () => ({ s: ['ok', NUL] }), 'filter.streams.1'],
    ['a certificate code', 'query ($c: String!) { verifyEventCertificate(code: $c) { valid } }', () => ({ c: NUL }), 'code'],
  ])('in %s is BAD_USER_INPUT naming it, and writes nothing', async (_label, query, variables, field) => {
    const before = await h.running.runtime.db.query('SELECT count(*)::int AS count FROM events');
    const result = await h.run(query, variables(), community.coordinator);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await h.running.runtime.db.query('SELECT count(*)::int AS count FROM events')).toEqual(before);
  });
});

describe.each(HOSTILE_CURSORS)('a cursor with %s', (_label, hostile) => {
  const entity = (selection: string) => `query ($c: String, $r: [_Any!]!) { _entities(representations: $r) { ... on Community { ${selection} } } }`;
  test.each([
    ['the calendar', 'query ($c: String) { eventCalendar(from: "2030-01-01T00:00:00Z", to: "2031-01-01T00:00:00Z", first: 5, after: $c) { nodes { id } } }'],
    ["a community's upcoming events", entity('upcomingEvents(first: 5, after: $c) { nodes { id } }')],
    ["a community's past events", entity('pastEvents(first: 5, after: $c) { nodes { id } }')],
    ["an event's registrations", 'query ($c: String, $id: ID!) { event(id: $id) { registrations(first: 5, after: $c) { nodes { id } } } }'],
  ])('on %s is BAD_USER_INPUT on after', async (_list, query) => {
    const result = await h.run(query, { c: hostile, id: event.id, r: [{ __typename: 'Community', id: community.id }] }, community.coordinator);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

test('the cursors the lists give out still page through them', async () => {
  const query = 'query ($c: String, $r: [_Any!]!) { _entities(representations: $r) { ... on Community { upcomingEvents(first: 1, after: $c) { nodes { id } pageInfo { endCursor hasNextPage } } } } }';
  type Page = { _entities: { upcomingEvents: { nodes: { id: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } }[] };
  const seen: string[] = [];
  let after: string | null = null;
  do {
    const result: { data?: Page | null; errors?: readonly unknown[] } = await h.run<Page>(query, { c: after, r: [{ __typename: 'Community', id: community.id }] }, community.coordinator);
    expect(result.errors).toBeUndefined();
    const page: Page['_entities'][number]['upcomingEvents'] = result.data!._entities[0]!.upcomingEvents;
    seen.push(...page.nodes.map((node) => node.id));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  expect(seen.length).toBeGreaterThanOrEqual(2);
  expect(new Set(seen).size).toBe(seen.length);
});
