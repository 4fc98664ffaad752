import { SignJWT } from 'jose';
import { request } from 'undici';
import type { RunningDiscussion } from '@praxis/discussion';
import { DiscussionFactories } from '@praxis/discussion/testing';
import type { RunningMembership } from '@praxis/membership';
import { TEST_PASSWORD } from '@praxis/membership/testing';
import { createLogger, DEVELOPMENT_INTERNAL_SECRET, InternalAuth, memberViewer, parseEnv, type RunningService } from '@praxis/platform';
import type { RunningResources } from '@praxis/resources';
import { ResourceFactories } from '@praxis/resources/testing';
import { testEnv } from '@praxis/platform/testing';
import { createGateway, gatewayConfig, gatewayEnv, type Gateway } from '../src';
import { signIn, startStack, type GraphQLResponse, type Stack } from './harness';

/**
 * Issue 12, identity: a deleted account's token refused everywhere at once, writes in flight
 * erased by a second pass, forwarded addresses believed only from trusted proxies, failed
 * authentications and sign-ins throttled per address, and no internal names in refusals.
 */
let stack: Stack;
let talk: DiscussionFactories;
let library: ResourceFactories;
const extraGateways: Gateway[] = [];
const SWEEP_SECONDS = 3;

beforeAll(async () => {
  stack = await startStack({ serviceEnv: { ERASURE_SWEEP_DELAY_SECONDS: String(SWEEP_SECONDS) } });
  talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
  library = new ResourceFactories(stack.services.resources as RunningResources, stack.services.membership as RunningMembership);
}, 60_000);
afterAll(async () => {
  for (const gateway of extraGateways) await gateway.close();
  await stack?.stop();
});

const people = () => library.people;
const membership = () => stack.services.membership as RunningMembership;
const emailOf = async (memberId: string) => (await people().domain.read.accounts([memberId]))[0]!.email;

/** Another gateway over the same subgraphs, with its own settings. */
async function gatewayWith(env: Record<string, string>): Promise<string> {
  const subgraphUrls = Object.entries(stack.services as Record<string, RunningService>).map(([name, running]) => `${name}=${running.url}/graphql`).join(',');
  const gateway = await createGateway(gatewayConfig(parseEnv(gatewayEnv, { NODE_ENV: 'test', LOG_LEVEL: testEnv.TEST_LOG_LEVEL, SUBGRAPH_URLS: subgraphUrls, ...env })), {
    logger: createLogger({ service: 'gateway', level: testEnv.TEST_LOG_LEVEL }),
  });
  extraGateways.push(gateway);
  return `${await gateway.listen(0)}/graphql`;
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.body.json()) as { data?: Record<string, unknown>; errors?: GraphQLResponse['errors'] };
  return { status: response.statusCode, headers: response.headers, data: body.data, errors: body.errors };
}

async function until(probe: () => Promise<boolean>, what: string, seconds = 15): Promise<void> {
  for (const started = Date.now(); Date.now() - started < seconds * 1000; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (await probe()) return;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A member of a public community with a thread and a resource in it, signed in. */
async function memberWithContent() {
  const community = await people().community({ visibility: 'PUBLIC' });
  const member = await people().memberOf(community);
  const forum = await talk.forum(community);
  const thread = await talk.thread(forum, community.coordinator);
  const resource = await library.resource(community);
  const { accessToken } = await signIn(stack, await emailOf(member.id), TEST_PASSWORD);
  return { community, member, thread, resource, accessToken };
}

/** A query and a mutation answered by each subgraph. */
const OPERATIONS = (ids: { threadId: string; resourceId: string }) => ({
  membership: [`{ me { member { id } } }`, `mutation { createApiToken(input: { name: "after deletion", scopes: [READ] }) { token } }`],
  discussion: [`{ discussionThread(id: "${ids.threadId}") { title } }`, `mutation { followDiscussionThread(input: { threadId: "${ids.threadId}" }) { thread { id } } }`],
  resources: [`{ resource(id: "${ids.resourceId}") { title } }`, `mutation { setResourceBookmarked(input: { resourceId: "${ids.resourceId}", bookmarked: true }) { resource { id } } }`],
  events: [`{ eventCalendar(from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z") { nodes { id } } }`, `mutation { createEventCalendarToken { token } }`],
});

describe('a deleted account', () => {
  test("is refused at once with its still-valid access token, on a query and a mutation of every subgraph", async () => {
    const { thread, resource, accessToken } = await memberWithContent();
    const operations = Object.values(OPERATIONS({ threadId: thread.id, resourceId: resource.id })).flat();
    expect((await stack.graphql(operations[1]!, {}, { token: accessToken })).errors).toBeUndefined();
    expect((await stack.graphql(`mutation ($password: String!) { deleteAccount(input: { password: $password }) { ok } }`, { password: TEST_PASSWORD }, { token: accessToken })).errors).toBeUndefined();

    for (const operation of operations) {
      const answer = await stack.graphql(operation, {}, { token: accessToken });
      expect({ operation, status: answer.status, code: answer.errors?.[0]?.extensions?.code }).toEqual({ operation, status: 401, code: 'UNAUTHENTICATED' });
      expect(answer.data ?? null).toBeNull();
    }
  });

  test('is refused by every subgraph that receives a signed viewer for it, as for a request already in flight', async () => {
    const { member, thread, resource, accessToken } = await memberWithContent();
    await stack.graphql(`mutation ($password: String!) { deleteAccount(input: { password: $password }) { ok } }`, { password: TEST_PASSWORD }, { token: accessToken });
    // What the gateway signed for this member a moment before the deletion.
    const assertion = await new InternalAuth(DEVELOPMENT_INTERNAL_SECRET).signViewer(memberViewer(member.id), 'in-flight-request');
    for (const [subgraph, operations] of Object.entries(OPERATIONS({ threadId: thread.id, resourceId: resource.id }))) {
      for (const operation of operations) {
        const answer = await stack.subgraph(subgraph, operation, {}, { 'x-praxis-viewer': assertion });
        expect({ subgraph, operation, code: answer.errors?.[0]?.extensions?.code }).toEqual({ subgraph, operation, code: 'UNAUTHENTICATED' });
        expect(answer.status).toBe(401);
      }
    }
    const db = (stack.services.discussion as RunningDiscussion).runtime.db;
    expect(await db.query('SELECT 1 FROM thread_follows WHERE member_id = $1', [member.id])).toEqual([]);
  });

  test('loses, in a second pass, what requests in flight wrote after the erasure handlers had run', async () => {
    const { community, member, thread, resource, accessToken } = await memberWithContent();
    const discussionDb = (stack.services.discussion as RunningDiscussion).runtime.db;
    const resourcesDb = (stack.services.resources as RunningResources).runtime.db;
    await talk.domain.engagement.followThread(talk.access(member), thread.id, true);
    // Two requests that pass their permission checks now, before the deletion: each request's
    // answers are kept for that request, so their writes below go ahead after the erasure.
    const inFlight = { talk: talk.access(member), library: library.as(member) };
    await Promise.all([inFlight.talk.community(community.id), inFlight.library.community(community.id)]);
    await stack.graphql(`mutation ($password: String!) { deleteAccount(input: { password: $password }) { ok } }`, { password: TEST_PASSWORD }, { token: accessToken });
    await until(async () => (await discussionDb.query('SELECT 1 FROM thread_follows WHERE member_id = $1', [member.id])).length === 0, 'the first erasure in discussion');

    // Requests that passed their checks before the deletion, writing after the first erasure.
    await talk.domain.engagement.followThread(inFlight.talk, thread.id, true);
    await library.domain.engagement.setBookmarked(inFlight.library, { resourceId: resource.id, bookmarked: true });
    expect(await discussionDb.query('SELECT 1 FROM thread_follows WHERE member_id = $1', [member.id])).toHaveLength(1);

    await until(
      async () =>
        (await discussionDb.query('SELECT 1 FROM thread_follows WHERE member_id = $1', [member.id])).length === 0 &&
        (await resourcesDb.query('SELECT 1 FROM resource_bookmarks WHERE member_id = $1', [member.id])).length === 0,
      'the second pass',
      SWEEP_SECONDS + 15,
    );
  });
});

describe('addresses and rate limits', () => {
  const ANONYMOUS_QUERY = `{ me { member { id } } }`;

  test('X-Forwarded-For changes the rate-limit key only when it comes from a trusted proxy', async () => {
    const direct = await gatewayWith({ RATE_LIMIT_IP_PER_MINUTE: '3' });
    const statuses = [];
    for (const spoofed of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
      statuses.push((await post(direct, ANONYMOUS_QUERY, {}, { 'x-forwarded-for': spoofed })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);

    const behindProxy = await gatewayWith({ RATE_LIMIT_IP_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' });
    const forwarded = [];
    for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
      forwarded.push((await post(behindProxy, ANONYMOUS_QUERY, {}, { 'x-forwarded-for': client })).status);
    }
    expect(forwarded).toEqual([200, 200, 200, 200]);
    const sameClient = [];
    for (let attempt = 0; attempt < 4; attempt++) sameClient.push((await post(behindProxy, ANONYMOUS_QUERY, {}, { 'x-forwarded-for': '198.51.100.9' })).status);
    expect(sameClient).toEqual([200, 200, 200, 429]);
  });

  test('made-up API tokens from one address get 429 after the budget, without a lookup each', async () => {
    const url = await gatewayWith({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '5' });
    const tokens = membership().domain.apiTokens;
    const resolve = tokens.resolve.bind(tokens);
    let lookups = 0;
    tokens.resolve = async (token) => ((lookups += 1), resolve(token));
    try {
      const bogus = () => `prx_${Buffer.from(Math.random().toString()).toString('base64url').padEnd(43, 'x').slice(0, 43)}`;
      const from = (address: string, token: string) => post(url, ANONYMOUS_QUERY, {}, { 'x-forwarded-for': address, authorization: `Bearer ${token}` });
      const answers = [];
      for (let attempt = 0; attempt < 12; attempt++) answers.push(await from('203.0.113.80', bogus()));
      expect(answers.map((answer) => answer.status)).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
      expect(answers[11]!.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(Number(answers[11]!.headers['retry-after'])).toBeGreaterThan(0);
      expect(lookups).toBe(5);

      const member = await people().member();
      const { accessToken } = await signIn(stack, await emailOf(member.id), TEST_PASSWORD);
      const created = await stack.graphql<{ createApiToken: { token: string } }>(`mutation { createApiToken(input: { name: "real", scopes: [READ] }) { token } }`, {}, { token: accessToken });
      const real = created.data!.createApiToken.token;
      expect((await from('203.0.113.80', real)).status).toBe(429);
      expect((await from('203.0.113.81', real)).status).toBe(200);
    } finally {
      tokens.resolve = resolve;
    }
  });

  test('an expired but genuine access token is the cue to refresh, not a failure counted against the address', async () => {
    const url = await gatewayWith({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3' });
    const member = await people().member();
    const { active } = membership().domain.deps.keys;
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: active.kid }).setIssuer('praxis').setAudience('praxis').setSubject(member.id).setIssuedAt(now - 3600).setExpirationTime(now - 1800).sign(active.key);
    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await post(url, ANONYMOUS_QUERY, {}, { 'x-forwarded-for': '203.0.113.70', authorization: `Bearer ${expired}` })).status);
    expect(statuses).toEqual(Array(6).fill(401));
    const { accessToken } = await signIn(stack, await emailOf(member.id), TEST_PASSWORD);
    expect((await post(url, ANONYMOUS_QUERY, {}, { 'x-forwarded-for': '203.0.113.70', authorization: `Bearer ${accessToken}` })).status).toBe(200);
  });

  test('an over-long API token is 401, and an unreachable membership 503, with no internal names', async () => {
    const long = await stack.graphql(ANONYMOUS_QUERY, {}, { token: `prx_${'a'.repeat(300)}` });
    expect(long.status).toBe(401);
    expect(long.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(long)).not.toMatch(/internal|membership|resolve|answered/i);

    const cutOff = await gatewayWith({ MEMBERSHIP_INTERNAL_URL: 'http://127.0.0.1:9' });
    const down = await post(cutOff, ANONYMOUS_QUERY, {}, { authorization: `Bearer prx_${'b'.repeat(43)}` });
    expect(down.status).toBe(503);
    expect(down.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(down)).not.toMatch(/internal\/|membership|127\.0\.0\.1|ECONNREFUSED/i);

    // Nor can its key set be fetched: a sound access token is not the client's failure either.
    const { accessToken } = await signIn(stack, await emailOf((await people().member()).id), TEST_PASSWORD);
    const unjudged = await post(cutOff, ANONYMOUS_QUERY, {}, { authorization: `Bearer ${accessToken}` });
    expect(unjudged.status).toBe(503);
    expect(JSON.stringify(unjudged)).not.toMatch(/internal\/|membership|jwks|127\.0\.0\.1|ECONNREFUSED|fetch failed/i);
  });

  test('an attacker failing 20 times from one address does not stop the owner signing in from another', async () => {
    const url = await gatewayWith({ TRUST_PROXY: '127.0.0.1' });
    const owner = await people().member();
    const email = await emailOf(owner.id);
    const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }`;
    const codes = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await post(url, SIGN_IN, { input: { email, password: 'a wrong guess!!' } }, { 'x-forwarded-for': '203.0.113.90' });
      codes.push(answer.errors?.[0]?.extensions?.code);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codes.slice(5)).toEqual(Array(15).fill('RATE_LIMITED'));
    const owners = await post(url, SIGN_IN, { input: { email, password: TEST_PASSWORD } }, { 'x-forwarded-for': '198.51.100.90' });
    expect(owners.errors).toBeUndefined();
    expect(owners.data).toEqual({ signIn: { accessToken: expect.any(String) } });
  });
});

test('sign-up with a known address answers exactly like a new one, and the owner gets an email', async () => {
  const owner = await people().member();
  const email = await emailOf(owner.id);
  const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { ok member { id } } }`;
  const input = (address: string) => ({ email: address, password: TEST_PASSWORD, handle: `u_${Math.random().toString(36).slice(2, 10)}`, displayName: 'Una', participantType: 'STAFF' });
  const fresh = await stack.graphql(SIGN_UP, { input: input(`fresh-${Date.now()}@example.org`) });
  const known = await stack.graphql(SIGN_UP, { input: input(email) });
  expect(fresh.data).toEqual({ signUp: { ok: true, member: null } });
  expect({ status: known.status, data: known.data, errors: known.errors }).toEqual({ status: fresh.status, data: fresh.data, errors: fresh.errors });
  const mail = await stack.smtp.waitFor((message) => message.to.includes(email) && /tried to sign up/.test(message.subject));
  expect(mail.text).toMatch(/sign in/i);
  expect(mail.text).toMatch(/reset/i);
});
