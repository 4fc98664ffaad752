import { membership } from '@praxis/membership/testing';
import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { events } from '../testing';
import { localIn } from '../testing/factories';

/**
 * The admin app's home screen reads `eventProposalCount` and the next events of every community
 * a viewer runs: the count for those who may decide proposals, and both in one statement and
 * one permission batch for any number of communities.
 */
let t: SubgraphTest<typeof events, [typeof membership]>;
type Community = Awaited<ReturnType<SubgraphTest<typeof membership>['factories']['community']>>;
let community: Community;
let moderator: { id: string };
let member: { id: string };
let stranger: { id: string };

type Home = { id: string; eventProposalCount: number | null; upcomingEvents: { nodes: { title: string }[] } };
const HOME = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Community { id eventProposalCount upcomingEvents(first: 3) { nodes { id title startsAt } } } } }`;
const COUNT = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Community { eventProposalCount } } }`;
const reps = (ids: string[]) => ({ reps: ids.map((id) => ({ __typename: 'Community', id })) });
const proposal = (communityId: string, title: string) => ({ communityId, title, kind: 'ONLINE_MEETING', localStart: localIn('Australia/Perth', 14), localEnd: localIn('Australia/Perth', 14, '20:00'), timeZone: 'Australia/Perth' });

beforeAll(async () => {
  t = await startSubgraphTest(events, { with: [membership] });
  community = await t.people.community();
  [moderator, member, stranger] = await Promise.all([t.people.memberOf(community, 'MODERATOR'), t.people.memberOf(community), t.people.member()]);
  const { lifecycle } = t.running.domain;
  const proposed = [];
  for (const title of ['Journal club', 'Case review', 'Carer panel']) proposed.push(await lifecycle.propose(t.factories.access(member), proposal(community.id, title)));
  // A declined proposal no longer waits.
  await lifecycle.decide(t.factories.access(community.coordinator), { id: proposed[2]!.id, reason: 'We held one last month.' }, false);
  for (const days of [3, 1, 5, 9]) await t.factories.event(community, { title: `In ${days} days`, localStart: localIn('Australia/Perth', days), localEnd: localIn('Australia/Perth', days, '20:30') });
}, 120_000);
afterAll(() => t?.stop());

async function countAs(viewer: { id: string } | null): Promise<number | null> {
  const result = await t.run<{ _entities: { eventProposalCount: number | null }[] }>(COUNT, reps([community.id]), viewer);
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0]!.eventProposalCount;
}

test('coordinators and network admins get the number of proposals waiting for a decision, with the next events', async () => {
  const result = await t.run<{ _entities: Home[] }>(HOME, reps([community.id]), community.coordinator);
  expect(result.errors).toBeUndefined();
  const home = result.data!._entities[0]!;
  expect(home.eventProposalCount).toBe(2);
  expect(home.upcomingEvents.nodes.map((node) => node.title)).toEqual(['In 1 days', 'In 3 days', 'In 5 days']);
  expect(await countAs(community.network.admin)).toBe(2);
});

test('moderators, members, non-members and anonymous viewers get null, without an error', async () => {
  for (const viewer of [moderator, member, stranger, null]) expect(await countAs(viewer)).toBeNull();
});

test('20 communities with their next events cost the same statements as 1, in events and in membership', async () => {
  const ids = [community.id];
  for (let i = 1; i < 20; i += 1) {
    const other = await t.people.community({ network: community.network, coordinator: community.coordinator });
    await t.factories.event(other, { title: `Webinar ${i}` });
    ids.push(other.id);
  }
  const measure = (some: string[]) =>
    countStatements({ events: t.running.runtime.queries, membership: t.membership.runtime.queries }, () => t.run<{ _entities: Home[] }>(HOME, reps(some), community.coordinator));
  const one = await measure(ids.slice(0, 1));
  const twenty = await measure(ids);
  expect(twenty.result.errors).toBeUndefined();
  expect(twenty.result.data!._entities.slice(1).map((entity) => [entity.eventProposalCount, entity.upcomingEvents.nodes.map((node) => node.title)])).toEqual(
    ids.slice(1).map((_id, index) => [0, [`Webinar ${index + 1}`]]),
  );
  expect(twenty.statements).toEqual(one.statements);
  process.stdout.write(`\nadmin home (events): 1 community -> ${JSON.stringify(one.statements)}, 20 -> ${JSON.stringify(twenty.statements)}\n`);
});
