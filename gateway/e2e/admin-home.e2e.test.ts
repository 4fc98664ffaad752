import type { RunningDiscussion } from '@praxis/discussion';
import { DiscussionFactories } from '@praxis/discussion/testing';
import type { RunningEvents } from '@praxis/events';
import { EventsFactories } from '@praxis/events/testing';
import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningResources } from '@praxis/resources';
import { ResourceFactories } from '@praxis/resources/testing';
import { signIn, startStack, type Stack } from './harness';

/**
 * The admin app's home screen in one operation through the gateway: the communities the viewer
 * runs, what waits in each (from all four subgraphs), and the next events.
 */
const ADMIN_HOME = `query AdminHome($first: Int, $after: String) {
  me {
    managedCommunities(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id name slug
          network { id name timeZone }
          viewerCan { moderate coordinate }
          pendingJoinRequestCount
          discussionModerationQueueCount
          libraryCurationQueueCount
          brokenResourceLinkCount
          eventProposalCount
          upcomingEvents(first: 3) { edges { node { id title kind startsAt endsAt timeZone registeredCount } } }
        }
      }
    }
  }
}`;

interface HomeNode {
  name: string;
  pendingJoinRequestCount: number | null;
  discussionModerationQueueCount: number | null;
  libraryCurationQueueCount: number | null;
  brokenResourceLinkCount: number | null;
  eventProposalCount: number | null;
  upcomingEvents: { edges: { node: { title: string } }[] } | null;
}
type Home = { me: { managedCommunities: { edges: { node: HomeNode }[]; pageInfo: { hasNextPage: boolean } } } };

let stack: Stack;
let people: MembershipFactories;

beforeAll(async () => {
  stack = await startStack();
  people = new MembershipFactories(stack.services.membership as RunningMembership);
}, 120_000);
afterAll(() => stack?.stop());

async function tokenFor(member: { id: string }): Promise<string> {
  const account = (await people.domain.read.accounts([member.id]))[0]!;
  return (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;
}

async function home(member: { id: string }): Promise<HomeNode[]> {
  const response = await stack.graphql<Home>(ADMIN_HOME, { first: 20 }, { token: await tokenFor(member) });
  expect(response.errors).toBeUndefined();
  expect(response.data!.me.managedCommunities.pageInfo.hasNextPage).toBe(false);
  return response.data!.me.managedCommunities.edges.map((edge) => edge.node);
}

/** A row as the home screen shows it: the name, the five counts, the next events' titles. */
const row = (node: HomeNode) => [
  node.name,
  node.pendingJoinRequestCount,
  node.discussionModerationQueueCount,
  node.libraryCurationQueueCount,
  node.brokenResourceLinkCount,
  node.eventProposalCount,
  node.upcomingEvents?.edges.map((edge) => edge.node.title),
];

test('coordinators, moderators and network admins see what waits for them in one operation; plain members see nothing to run', async () => {
  const talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
  const library = new ResourceFactories(stack.services.resources as RunningResources, stack.services.membership as RunningMembership);
  const events = new EventsFactories(stack.services.events as RunningEvents);

  const runner = await people.member({ displayName: 'Rhea Runner' });
  const network = await people.network();
  const elsewhere = await people.network();
  const ashby = await people.community({ network, name: 'Ashby wound care', coordinator: runner, joinPolicy: 'APPROVAL' });
  await people.community({ network, name: 'Brook palliative care', coordinator: runner });
  const delta = await people.community({ network, name: 'Delta rural health' });
  const corner = await people.community({ network: elsewhere, name: 'Corner carers' });
  await people.join(corner, runner, 'MODERATOR');
  const plain = await people.memberOf(ashby);
  await people.join(corner, plain);

  // Something waits in every queue of Ashby.
  await people.domain.joining.requestToJoin(people.viewer(await people.member()), { communityId: ashby.id, answers: [] });
  const thread = await talk.thread(await talk.forum(ashby), plain);
  await talk.domain.moderation.report(talk.access(runner), { threadId: thread.id, reason: 'Needs a look' });
  await library.domain.curation.updateSettings(library.as(runner), { communityId: ashby.id, curated: true });
  await library.document(ashby, { by: plain });
  // Nothing listens on port 9 here: the check finds the link broken.
  await library.resource(ashby, { input: { url: 'http://127.0.0.1:9/handbook' } });
  await library.domain.links.checkDue();
  await events.domain.lifecycle.propose(events.access(plain), {
    communityId: ashby.id,
    title: 'Journal club',
    kind: 'ONLINE_MEETING',
    localStart: '2040-03-18T19:00',
    localEnd: '2040-03-18T20:00',
    timeZone: 'Australia/Perth',
  });
  for (const [title, day] of [['Dressings webinar', '10'], ['Case review', '03'], ['Annual forum', '20'], ['Later workshop', '28']] as const) {
    await events.event(ashby, { title, localStart: `2040-01-${day}T19:00`, localEnd: `2040-01-${day}T20:30` }, runner);
  }
  await events.event(corner, { title: 'Carers meet-up' });

  expect((await home(runner)).map(row)).toEqual([
    ['Ashby wound care', 1, 1, 1, 1, 1, ['Case review', 'Dressings webinar', 'Annual forum']],
    ['Brook palliative care', 0, 0, 0, 0, 0, []],
    // A moderator curates and moderates, but decides neither join requests nor proposals.
    ['Corner carers', null, 0, 0, 0, null, ['Carers meet-up']],
  ]);
  expect((await home(network.admin)).map((node) => [node.name, node.pendingJoinRequestCount, node.eventProposalCount])).toEqual([
    ['Ashby wound care', 1, 1],
    ['Brook palliative care', 0, 0],
    ['Delta rural health', 0, 0],
  ]);
  expect(delta.coordinator.id).not.toBe(network.admin.id);
  expect(await home(plain)).toEqual([]);
});
