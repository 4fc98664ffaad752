import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '@praxis/membership/testing';
import { events } from '../testing';

/**
 * Community.memberEventRegistrations and Community.memberCpdLog: what a coordinator saw through the
 * deprecated Member.eventRegistrations and Member.eventCpdLog, scoped to one community.
 */
let h: SubgraphTest<typeof events, [typeof membership]>;
beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
});
afterAll(() => h?.stop());

type Page = { nodes: { status: string; event: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
type Records = { id: string; upcoming: Page | null; past: Page | null; log: { totalHours: number; entries: { nodes: { event: { id: string } }[] } } | null };

const RECORDS = `query ($r: [_Any!]!, $member: ID!, $first: Int, $after: String) { _entities(representations: $r) { ... on Community { id
  upcoming: memberEventRegistrations(memberId: $member, first: $first, after: $after) { nodes { status event { id } } pageInfo { hasNextPage endCursor } }
  past: memberEventRegistrations(memberId: $member, upcoming: false) { nodes { status event { id } } pageInfo { hasNextPage endCursor } }
  log: memberCpdLog(memberId: $member) { totalHours entries { nodes { event { id } } } } } } }`;

const communities = (...ids: string[]) => ids.map((id) => ({ __typename: 'Community', id }));

/** Two communities of one network, one coordinator, and a member active in both. */
async function twoCommunities() {
  const here = await h.people.community();
  const there = await h.people.community({ network: here.network, coordinator: here.coordinator });
  const member = await h.people.memberOf(here);
  await h.people.join(there, member);
  return { here, there, member };
}

test("a coordinator reads a member's registrations and CPD log in their community, and only there", async () => {
  const { here, there, member } = await twoCommunities();
  const [soon, later] = [await h.factories.event(here), await h.factories.event(here, { title: 'Later' })];
  await h.factories.register(soon, member);
  await h.factories.register(later, member);
  await h.factories.register(await h.factories.event(there), member);
  const attended = await h.factories.attendedEvent(here, [member], { cpdHours: 2 });
  await h.factories.attendedEvent(there, [member], { cpdHours: 5 });

  const first = await h.run<{ _entities: Records[] }>(RECORDS, { r: communities(here.id), member: member.id, first: 1 }, here.coordinator);
  expect(first.errors).toBeUndefined();
  const records = first.data!._entities[0]!;
  expect(records.upcoming!.nodes).toHaveLength(1);
  expect(records.upcoming!.pageInfo.hasNextPage).toBe(true);
  expect(records.past!.nodes).toEqual([{ status: 'REGISTERED', event: { id: attended.id } }]);
  expect(records.log).toEqual({ totalHours: 2, entries: { nodes: [{ event: { id: attended.id } }] } });

  const second = await h.run<{ _entities: Records[] }>(RECORDS, { r: communities(here.id), member: member.id, first: 1, after: records.upcoming!.pageInfo.endCursor }, here.coordinator);
  const ids = [...records.upcoming!.nodes, ...second.data!._entities[0]!.upcoming!.nodes].map((node) => node.event.id);
  expect(new Set(ids)).toEqual(new Set([soon.id, later.id]));
  expect(second.data!._entities[0]!.upcoming!.pageInfo.hasNextPage).toBe(false);
});

test('the same member asked in two communities in one operation gets each community its own records', async () => {
  const { here, there, member } = await twoCommunities();
  const [inHere, inThere] = [await h.factories.event(here), await h.factories.event(there)];
  await h.factories.register(inHere, member);
  await h.factories.register(inThere, member);
  await h.factories.attendedEvent(here, [member], { cpdHours: 2 });
  await h.factories.attendedEvent(there, [member], { cpdHours: 5 });

  const result = await h.run<{ _entities: Records[] }>(RECORDS, { r: communities(here.id, there.id), member: member.id }, here.coordinator);
  expect(result.errors).toBeUndefined();
  const [a, b] = result.data!._entities;
  expect(a!.upcoming!.nodes.map((node) => node.event.id)).toEqual([inHere.id]);
  expect(b!.upcoming!.nodes.map((node) => node.event.id)).toEqual([inThere.id]);
  expect([a!.log!.totalHours, b!.log!.totalHours]).toEqual([2, 5]);
});

test("asked beside the deprecated Member fields, the community's view keeps to the community", async () => {
  const { here, there, member } = await twoCommunities();
  await h.factories.register(await h.factories.event(here), member);
  await h.factories.register(await h.factories.event(there), member);
  await h.factories.attendedEvent(here, [member], { cpdHours: 2 });
  await h.factories.attendedEvent(there, [member], { cpdHours: 5 });
  const query = `query ($r: [_Any!]!, $member: ID!) { _entities(representations: $r) {
    ... on Member { eventRegistrations { nodes { event { id } } } eventCpdLog { totalHours } }
    ... on Community { memberEventRegistrations(memberId: $member) { nodes { event { id } } } memberCpdLog(memberId: $member) { totalHours } } } }`;
  const result = await h.run<{ _entities: Record<string, { nodes?: unknown[]; totalHours?: number }>[] }>(
    query,
    { r: [{ __typename: 'Member', id: member.id }, ...communities(here.id)], member: member.id },
    here.coordinator,
  );
  expect(result.errors).toBeUndefined();
  const [asMember, asCommunity] = result.data!._entities;
  expect(asMember!.eventRegistrations!.nodes).toHaveLength(2);
  expect(asMember!.eventCpdLog!.totalHours).toBe(7);
  expect(asCommunity!.memberEventRegistrations!.nodes).toHaveLength(1);
  expect(asCommunity!.memberCpdLog!.totalHours).toBe(2);
});

test('coordinators and network admins only: others get FORBIDDEN with a reason at the field, the community survives', async () => {
  const { here, there, member } = await twoCommunities();
  await h.factories.register(await h.factories.event(here), member);
  const otherCoordinator = (await h.people.community({ network: here.network })).coordinator;
  const query = `query ($r: [_Any!]!, $member: ID!) { _entities(representations: $r) { ... on Community { id memberEventRegistrations(memberId: $member) { nodes { status } } memberCpdLog(memberId: $member) { totalHours } } } }`;
  const run = (viewer: { id: string } | null, memberId = member.id) => h.run<{ _entities: Record<string, unknown>[] }>(query, { r: communities(here.id), member: memberId }, viewer);

  const admin = await run(here.network.admin);
  expect(admin.errors).toBeUndefined();
  expect(admin.data!._entities[0]).toEqual({ id: here.id, memberEventRegistrations: { nodes: [{ status: 'REGISTERED' }] }, memberCpdLog: { totalHours: 0 } });

  for (const viewer of [member, await h.people.memberOf(here, 'MODERATOR'), otherCoordinator, await h.people.member()]) {
    const refused = await run(viewer);
    expect(refused.data!._entities[0]).toEqual({ id: here.id, memberEventRegistrations: null, memberCpdLog: null });
    expect(refused.errors!.map((error) => [error.extensions?.code, error.extensions?.reason])).toEqual([
      ['FORBIDDEN', 'ROLE_REQUIRED'],
      ['FORBIDDEN', 'ROLE_REQUIRED'],
    ]);
  }
  const anonymous = await run(null);
  expect(anonymous.data!._entities[0]).toEqual({ id: here.id, memberEventRegistrations: null, memberCpdLog: null });
  expect(anonymous.errors![0]!.extensions?.code).toBe('UNAUTHENTICATED');

  // The member id is an argument, not the target: malformed is bad input, unknown is empty.
  const malformed = await run(here.coordinator, 'not-a-member');
  expect(malformed.errors!.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([
    ['BAD_USER_INPUT', 'memberId'],
    ['BAD_USER_INPUT', 'memberId'],
  ]);
  const unknown = await run(here.coordinator, there.id);
  expect(unknown.data!._entities[0]).toEqual({ id: here.id, memberEventRegistrations: { nodes: [] }, memberCpdLog: { totalHours: 0 } });
});

test('a page of 40 registrations takes the statements a page of 2 takes', async () => {
  const community = await h.people.community();
  const [few, many] = [await h.people.memberOf(community), await h.people.memberOf(community)];
  for (let i = 0; i < 2; i += 1) await h.factories.register(await h.factories.event(community), few);
  for (let i = 0; i < 40; i += 1) await h.factories.register(await h.factories.event(community), many);
  await h.factories.attendedEvent(community, [few, many], { cpdHours: 1 });
  const query = `query ($r: [_Any!]!, $member: ID!) { _entities(representations: $r) { ... on Community { memberEventRegistrations(memberId: $member, first: 50) {
    nodes { status attended waitlistPosition event { id title } member { id } } } memberCpdLog(memberId: $member) { totalHours entries(first: 50) { nodes { hours event { id } } } } } } }`;
  const measure = async (person: { id: string }) => {
    const counters = { events: h.running.runtime.queries, membership: h.membership.runtime.queries };
    const { result, statements } = await countStatements(counters, () => h.run(query, { r: communities(community.id), member: person.id }, community.coordinator));
    expect(result.errors).toBeUndefined();
    return statements;
  };
  expect(await measure(many)).toEqual(await measure(few));
});
