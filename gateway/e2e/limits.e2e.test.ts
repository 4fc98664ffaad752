import { startStack, type Stack } from './harness';

/** Operation limits and rate limits at the gateway, with deliberately small settings. */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: { LIMIT_MAX_DEPTH: '6', LIMIT_MAX_ALIASES: '5', LIMIT_MAX_TOKENS: '400', LIMIT_MAX_COST: '20000', RATE_LIMIT_IP_PER_MINUTE: '40' },
  });
});
afterAll(() => stack?.stop());

test('a query deeper than the limit is QUERY_TOO_COMPLEX', async () => {
  const deep = `{ networks { nodes { communities { nodes { network { communities { nodes { network { name } } } } } } } } }`;
  const response = await stack.graphql(deep);
  expect(response.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
  expect(response.errors).toHaveLength(1);
  expect(response.data ?? null).toBeNull();
});

test('too many aliases is QUERY_TOO_COMPLEX', async () => {
  const aliases = Array.from({ length: 8 }, (_, i) => `a${i}: networks { nodes { id } }`).join(' ');
  expect((await stack.graphql(`{ ${aliases} }`)).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
});

test('too many tokens is QUERY_TOO_COMPLEX', async () => {
  const fields = Array.from({ length: 500 }, () => "id").join(' ');
  const response = await stack.graphql(`{ networks { nodes { ${fields} } } }`);
  expect(response.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
});

test('an ordinary page query passes', async () => {
  const response = await stack.graphql(`{ networks(first: 10) { nodes { id name communities(first: 10) { nodes { name memberCount } } } } }`);
  expect(response.errors).toBeUndefined();
});

test('page sizes sent as variables count: first: $n with n = 100 on nested lists is QUERY_TOO_COMPLEX', async () => {
  // 100 networks of 100 communities each: about 30,000 against this stack's limit of 20,000.
  const query = `query ($n: Int) { networks(first: $n) { nodes { communities(first: $n) { nodes { id name } } } } }`;
  const response = await stack.graphql(query, { n: 100 });
  expect(response.status).toBe(400);
  expect(response.errors).toEqual([{ message: expect.stringMatching(/^Query cost limit of 20000 exceeded/), extensions: { code: 'QUERY_TOO_COMPLEX' } }]);
  expect(response.data ?? null).toBeNull();
  // The same shape with small pages is an ordinary request.
  expect((await stack.graphql(query, { n: 5 })).errors).toBeUndefined();
});

test('twenty networks with fifty communities each passes the cost limit', async () => {
  const response = await stack.graphql(`{ networks(first: 20) { nodes { communities(first: 50) { nodes { id name slug memberCount description } } } } }`);
  expect(response.status).toBe(200);
  expect(response.errors).toBeUndefined();
  expect(response.data).toEqual({ networks: { nodes: expect.any(Array) } });
});

test('past the per-IP budget, the answer is 429 RATE_LIMITED with a retry-after', async () => {
  let limited;
  for (let i = 0; i < 60 && !limited; i += 1) {
    const response = await stack.graphql(`{ me { email } }`);
    if (response.status === 429) limited = response;
  }
  expect(limited).toBeDefined();
  expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
  expect(limited!.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
  expect(limited!.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
});
