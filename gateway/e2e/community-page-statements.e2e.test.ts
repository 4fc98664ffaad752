import { countStatements } from '@praxis/platform/testing';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningMembership } from '@praxis/membership';
import type { RunningDiscussion } from '@praxis/discussion';
import { DiscussionFactories } from '@praxis/discussion/testing';
import type { RunningEvents } from '@praxis/events';
import { EventsFactories } from '@praxis/events/testing';
import type { RunningResources } from '@praxis/resources';
import { ResourceFactories } from '@praxis/resources/testing';
import { signIn, startStack, type Stack } from './harness';
import { communityPageQuery } from '../../scripts/lib/community-page';

/**
 * The signed-in community page through the gateway costs the same SQL statements, summed over
 * every subgraph (permission checks included), whether each list shows 10 items or 100.
 */
let stack: Stack;

const PAGE = communityPageQuery({ by: 'id', sized: true });

beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(() => stack?.stop());

test('the signed-in community page costs as many statements at 100 items per list as at 10', async () => {
  const people = new MembershipFactories(stack.services.membership as RunningMembership);
  const talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
  const events = new EventsFactories(stack.services.events as RunningEvents);
  const library = new ResourceFactories(stack.services.resources as RunningResources, stack.services.membership as RunningMembership);
  const community = await people.community({ visibility: 'MEMBERS_ONLY' });
  const authors = await Promise.all(Array.from({ length: 12 }, (_, index) => people.memberOf(community, 'MEMBER', { displayName: `Author ${index}` })));
  for (let i = 0; i < 105; i += 1) {
    const forum = await talk.forum(community, { name: `Forum ${i}` });
    await talk.thread(forum, authors[i % authors.length]!, { title: `Thread ${i}`, body: `Body ${i}` });
    await events.event(community, { title: `Event ${i}` });
    await library.resource(community, { by: community.coordinator, input: { title: `Resource ${i}` } });
  }
  await library.sync();
  const account = (await people.domain.read.accounts([authors[0]!.id]))[0]!;
  const token = (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;

  const counters = Object.fromEntries(['membership', 'discussion', 'events', 'resources'].map((name) => [name, (stack.services[name] as RunningMembership).runtime.queries]));
  const statementsAt = async (size: number) => {
    // The first request warms caches (plans, JWKS); the second is the one counted.
    await stack.graphql(PAGE, { id: community.id, size }, { token });
    const { result, statements, total } = await countStatements(counters, () => stack.graphql<{ community: Record<string, { nodes: unknown[] }> }>(PAGE, { id: community.id, size }, { token }));
    expect(result.errors).toBeUndefined();
    for (const list of ['discussionForums', 'recentDiscussionThreads', 'upcomingEvents', 'library']) expect(result.data!.community[list]!.nodes).toHaveLength(size);
    return { statements, total };
  };
  const ten = await statementsAt(10);
  const hundred = await statementsAt(100);
  process.stdout.write(`community page statements: 10 items ${JSON.stringify(ten.statements)}, 100 items ${JSON.stringify(hundred.statements)}\n`);
  expect(hundred.statements).toEqual(ten.statements);
}, 300_000);
