import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ANONYMOUS, createLogger, memberViewer, type Viewer } from '@praxis/platform';
import type { GatewayContext } from '../context';
import { DedupingDataSource, InFlight, dedupeKey } from '../dedupe';
import type { FetcherInit } from '../fetcher';

const logger = createLogger({ service: 'test', level: 'silent' });
const QUERY = 'query Community__discussion__1($representations: [_Any!]!) { _entities(representations: $representations) { ... on Community { recentDiscussionThreads(first: 5) { nodes { title } } } } }';

function options(viewer: Viewer, query = QUERY, variables: Record<string, unknown> = { representations: [{ __typename: 'Community', id: 'c1' }] }, incoming: 'query' | 'mutation' = 'query') {
  const context: GatewayContext = { viewer, requestId: 'r', logger, viewerAssertion: async () => `signed:${viewer.memberId}` };
  return {
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query, variables },
    context,
    incomingRequestContext: { operation: { operation: incoming } },
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
}

/** A subgraph that answers after a pause, naming who asked, and counts its calls. */
function slowSubgraph() {
  const calls: { viewer: string; body: string }[] = [];
  const fetcher = async (_url: string, init?: FetcherInit) => {
    const viewer = new Headers(init?.headers).get('x-praxis-viewer') ?? '';
    calls.push({ viewer, body: init?.body ?? '' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    return new Response(JSON.stringify({ data: { _entities: [{ recentDiscussionThreads: { nodes: [{ title: `for ${viewer}` }] } }] } }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const source = new DedupingDataSource({ name: 'discussion', url: 'http://discussion.invalid/graphql', fetcher, breaker: { resetMs: 1000 } });
  return { calls, source };
}

const alice = memberViewer('11111111-1111-4111-8111-111111111111');
const bob = memberViewer('22222222-2222-4222-8222-222222222222');

describe('in-flight deduplication of subgraph queries', () => {
  test('identical queries of one viewer in flight make one call, and each caller gets its own copy', async () => {
    const { calls, source } = slowSubgraph();
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => source.process(options(alice))));
      expect(calls).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.data)).size).toBe(5);
      (answers[0]!.data as { _entities: { recentDiscussionThreads: unknown }[] })._entities[0]!.recentDiscussionThreads = null;
      expect(answers[1]!.data).toEqual({ _entities: [{ recentDiscussionThreads: { nodes: [{ title: `for signed:${alice.memberId}` }] } }] });
      // Nothing is kept once the answer is in: the next request asks again.
      await source.process(options(alice));
      expect(calls).toHaveLength(2);
    } finally {
      source.close();
    }
  });

  test('different viewers, sessions, scopes and variables are never merged', async () => {
    const { calls, source } = slowSubgraph();
    try {
      const answers = await Promise.all([
        source.process(options(alice)),
        source.process(options(bob)),
        source.process(options(ANONYMOUS)),
        source.process(options({ ...alice, sessionId: 'another-session' })),
        source.process(options(memberViewer(alice.memberId!, 'api_token', ['read']))),
        source.process(options(alice, QUERY, { representations: [{ __typename: 'Community', id: 'c2' }] })),
      ]);
      expect(calls).toHaveLength(6);
      expect(JSON.stringify(answers[1]!.data)).toContain(bob.memberId);
      expect(JSON.stringify(answers[0]!.data)).not.toContain(bob.memberId);
    } finally {
      source.close();
    }
  });

  test('mutations, and every fetch an incoming mutation makes, always go on their own', async () => {
    const { calls, source } = slowSubgraph();
    const mutation = 'mutation { startDiscussionThread(input: { forumId: "f", title: "t", body: "b" }) { thread { id } } }';
    try {
      await Promise.all([source.process(options(alice, mutation, {}, 'mutation')), source.process(options(alice, mutation, {}, 'mutation'))]);
      expect(calls).toHaveLength(2);
      // The entity fetch that follows a mutation reads what it wrote: never shared.
      await Promise.all([source.process(options(alice, QUERY, undefined, 'mutation')), source.process(options(alice, QUERY, undefined, 'mutation'))]);
      expect(calls).toHaveLength(4);
    } finally {
      source.close();
    }
  });

  test('the key ignores what changes between one viewer’s requests, and nothing else', () => {
    const base = dedupeKey(options(alice))!;
    expect(dedupeKey(options({ ...alice, clientAddress: '10.0.0.9', userAgent: 'another browser' }))).toBe(base);
    expect(dedupeKey(options(bob))).not.toBe(base);
    expect(dedupeKey(options(alice, 'mutation { x }', {}, 'query'))).toBeUndefined();
    expect(dedupeKey(options(alice, QUERY, undefined, 'mutation'))).toBeUndefined();
  });

  test('a failed call fails every caller waiting for it, and the next one asks again', async () => {
    let calls = 0;
    const inFlight = new InFlight<{ n: number }>((value) => ({ ...value }));
    const failing = () => {
      calls += 1;
      return new Promise<{ n: number }>((_resolve, reject) => setTimeout(() => reject(new Error('down')), 10));
    };
    const results = await Promise.allSettled([inFlight.run('k', failing), inFlight.run('k', failing)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    await expect(inFlight.run('k', async () => ({ n: 2 }))).resolves.toEqual({ n: 2 });
    expect(inFlight.size).toBe(0);
  });
});
