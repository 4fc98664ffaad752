import { startStack, type Stack } from './harness';

/** Operation limits and rate limits at the gateway, with deliberately small settings. */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: { LIMIT_MAX_DEPTH: '6', LIMIT_MAX_ALIASES: '5', LIMIT_MAX_TOKENS: '400', LIMIT_MAX_COST: '5000', RATE_LIMIT_IP_PER_MINUTE: '40' },
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
