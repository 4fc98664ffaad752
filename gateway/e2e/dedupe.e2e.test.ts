import { request } from 'undici';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningMembership } from '@praxis/membership';
import type { RunningDiscussion } from '@praxis/discussion';
import { DiscussionFactories } from '@praxis/discussion/testing';
import { signIn, startStack, type Stack } from './harness';

/**
 * In-flight deduplication through the gateway: a burst of one viewer's identical page costs the
 * subgraphs fewer calls than requests, while another viewer's answers, mutations and a ban on
 * the very next request stay exactly as without it.
 */
let stack: Stack;
let people: MembershipFactories;
let talk: DiscussionFactories;

beforeAll(async () => {
  stack = await startStack();
  people = new MembershipFactories(stack.services.membership as RunningMembership);
  talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
});
afterAll(() => stack?.stop());

async function tokenFor(member: { id: string }): Promise<string> {
  const account = (await people.domain.read.accounts([member.id]))[0]!;
  return (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;
}

/** The gateway's calls to one subgraph so far, from its metrics. */
async function callsTo(subgraph: string): Promise<number> {
  const response = await request(`${stack.gatewayUrl}/metrics`);
  const text = await response.body.text();
  return Number(new RegExp(`^praxis_subgraph_fetch_duration_seconds_count\\{[^}]*subgraph="${subgraph}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

const PAGE = `query ($id: ID!) {
  community(id: $id) {
    viewerCan { participate }
    recentDiscussionThreads(first: 5) { nodes { title } }
  }
}`;

test('a burst of one viewer’s page shares subgraph calls; another viewer in the same burst gets their own answers', async () => {
  const community = await people.community({ visibility: 'PUBLIC' });
  const member = await people.memberOf(community);
  const outsider = await people.member();
  const forum = await talk.forum(community, { name: 'Introductions' });
  await talk.thread(forum, member, { title: 'Hello from Geraldton', body: 'First post.' });
  const [memberToken, outsiderToken] = await Promise.all([tokenFor(member), tokenFor(outsider)]);
  await stack.graphql(PAGE, { id: community.id }, { token: memberToken });

  const before = await callsTo('discussion');
  const burst = 12;
  const answers = await Promise.all(
    Array.from({ length: burst }, (_, index) => stack.graphql<{ community: { viewerCan: { participate: boolean } } }>(PAGE, { id: community.id }, { token: index % 2 ? outsiderToken : memberToken })),
  );
  const calls = (await callsTo('discussion')) - before;

  answers.forEach((answer, index) => {
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.community.viewerCan.participate).toBe(index % 2 === 0);
  });
  expect(JSON.stringify(answers[0]!.data)).toContain('Hello from Geraldton');
  expect(calls).toBeLessThan(burst);
});

test('identical mutations sent at once are never merged', async () => {
  const community = await people.community({ visibility: 'PUBLIC' });
  const member = await people.memberOf(community);
  const forum = await talk.forum(community, { name: 'Case scenarios' });
  const token = await tokenFor(member);
  const START = `mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id title } } }`;
  const input = { forumId: forum.id, title: 'Twice on purpose', body: 'Same words, two threads.' };
  const results = await Promise.all(Array.from({ length: 4 }, () => stack.graphql<{ startDiscussionThread: { thread: { id: string } } }>(START, { input }, { token })));
  for (const result of results) expect(result.errors).toBeUndefined();
  expect(new Set(results.map((result) => result.data!.startDiscussionThread.thread.id)).size).toBe(4);
});

test('a banned member is refused on their very next request, after a burst of reads', async () => {
  const community = await people.community({ visibility: 'MEMBERS_ONLY' });
  const member = await people.memberOf(community);
  const forum = await talk.forum(community, { name: 'Members only' });
  await talk.thread(forum, member, { title: 'Inside the community', body: 'For members.' });
  const token = await tokenFor(member);
  const reads = await Promise.all(Array.from({ length: 6 }, () => stack.graphql<{ community: { recentDiscussionThreads: { nodes: unknown[] } } | null }>(PAGE, { id: community.id }, { token })));
  for (const read of reads) expect(read.data!.community!.recentDiscussionThreads.nodes).toHaveLength(1);

  await people.ban(community, member);
  const next = await stack.graphql<{ community: { recentDiscussionThreads: unknown } | null }>(PAGE, { id: community.id }, { token });
  expect(JSON.stringify(next.data ?? {})).not.toContain('Inside the community');
  expect(next.errors?.map((error) => error.extensions?.reason ?? error.extensions?.code)).toEqual(expect.arrayContaining([expect.stringMatching(/BANNED|FORBIDDEN|NOT_A_MEMBER/)]));
});
