import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { discussion } from '@praxis/discussion/testing';
import { membership, newCast, type Cast } from '@praxis/membership/testing';
import { HttpMemberContacts } from '../access/member-contacts';
import { DEVELOPMENT_INTERNAL_SECRET } from '../config/env';
import { InternalAuth, REQUEST_ID_HEADER, VIEWER_HEADER } from '../identity/assertion';
import { memberViewer } from '../identity/viewer';
import { createLogger } from '../logging/logger';
import { resetDatabase } from '../testing';

/**
 * Membership's internal API (permissions, contacts) refused, hung, failing or answering nonsense,
 * as another subgraph meets it: the client gets SUBGRAPH_UNAVAILABLE with words that name no host,
 * the failure is logged once and counted, and a mutation whose check failed wrote nothing.
 */

/** Where a proxy or membership itself would give itself away, if its words reached a client. */
const INTERNAL_HOST = 'membership-7f9c.praxis.svc.cluster.local';
const TIMEOUT_MS = 1500;
const UNAVAILABLE = 'The membership part of the graph is unavailable. Try again shortly.';

type Mode = 'forward' | 'drop-next' | 'hang' | 'stall-body' | 'malformed' | 'bad-request' | { status: number };

/** Stands where membership's internal API listens: it forwards, or fails in the way it is told. */
class StandIn {
  mode: Mode = 'forward';
  received = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    private readonly target: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async open(target: string): Promise<StandIn> {
    const server = createServer();
    const standIn = new StandIn(server, target);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void standIn.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Closes the port: new connections are refused and open ones are cut. */
  async close(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const mode = this.mode;
    this.received += 1;
    if (mode === 'drop-next') {
      // A replica going away: the connection closes under the request, with no answer.
      this.mode = 'forward';
      req.socket.destroy();
      return;
    }
    if (mode === 'hang') return;
    if (mode === 'stall-body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      res.write('{"communities":[');
      return;
    }
    if (mode === 'malformed') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>Welcome to nginx at ${INTERNAL_HOST}</body></html>`);
      return;
    }
    if (mode === 'bad-request') {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `ids: expected an array (${INTERNAL_HOST}:4001)` }));
      return;
    }
    if (typeof mode === 'object') {
      res.writeHead(mode.status, { 'content-type': 'text/plain' }).end(`upstream connect error: ${INTERNAL_HOST}:4001 refused the connection`);
      return;
    }
    const upstream = await request(new URL(req.url!, this.target), {
      method: 'POST',
      headers: Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'connection')) as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    res.writeHead(upstream.statusCode, { 'content-type': String(upstream.headers['content-type'] ?? 'application/json') }).end(Buffer.from(await upstream.body.arrayBuffer()));
  }
}

const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

let standIn: StandIn;
let stopAll: () => Promise<void>;
let posts: Awaited<ReturnType<typeof discussion.service.start>>;
let cast: Cast;
let forumId: string;

beforeAll(async () => {
  await resetDatabase([membership.service, discussion.service]);
  const members = await membership.service.start(await membership.testConfig({}));
  standIn = await StandIn.open(members.url);
  posts = await discussion.service.start(
    await discussion.testConfig({ env: { MEMBERSHIP_INTERNAL_URL: standIn.url, INTERNAL_API_TIMEOUT_MS: String(TIMEOUT_MS), DISCUSSION_WORKERS: 'false' } }),
    { logger: createLogger({ service: 'discussion', level: 'info' }, capture) },
  );
  stopAll = async () => {
    await posts.stop();
    await members.stop();
    await standIn.close().catch(() => undefined);
  };
  cast = await newCast(membership.factories(members, { membership: members }));
  forumId = (await discussion.factories(posts, { membership: members }).forum(cast.community)).id;
});

afterAll(async () => {
  await stopAll?.();
});

const START = `mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id title } } }`;

async function startThread(title: string) {
  return posts.server.execute(START, { input: { forumId, title, body: 'Who has tried the new dressing on leg ulcers?' } }, memberViewer(cast.member.id));
}

async function written(): Promise<{ threads: number; posts: number }> {
  const [row] = (await posts.runtime.db.query('SELECT (SELECT count(*) FROM threads)::int AS threads, (SELECT count(*) FROM posts)::int AS posts')) as { threads: number; posts: number }[];
  return row!;
}

async function unavailableCount(): Promise<number> {
  const metric = await posts.runtime.metrics.graphqlErrors.get();
  return metric.values.filter((value) => value.labels.code === 'SUBGRAPH_UNAVAILABLE').reduce((sum, value) => sum + value.value, 0);
}

/** What the client sees, and what the operator sees, of one failing mutation. */
async function expectUnavailable(reason: string): Promise<void> {
  lines.length = 0;
  const before = await written();
  const counted = await unavailableCount();
  const result = await startThread('Dressings for leg ulcers');
  // A mutation asks about its viewer before anything executes, so the whole operation is refused.
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toEqual([{ message: UNAVAILABLE, extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }]);
  expect(JSON.stringify(result.errors)).not.toMatch(/127\.0\.0\.1|localhost|svc\.cluster|\/internal|ECONNREFUSED|UND_ERR|upstream|nginx/);
  // The permission check comes before the transaction: nothing of the thread was written.
  expect(await written()).toEqual(before);
  // Logged once, by the client that saw the failure, and not again as an unexpected error.
  expect(logged().filter((line) => line.msg === 'membership internal API unavailable')).toEqual([expect.objectContaining({ level: 40, path: '/internal/members/deleted', reason })]);
  expect(logged().filter((line) => line.msg === 'unexpected error')).toEqual([]);
  expect(await unavailableCount()).toBe(counted + 1);
}

test('through the stand-in, with membership answering, a thread starts (the baseline the failures are measured against)', async () => {
  standIn.mode = 'forward';
  const before = await written();
  const result = await startThread('Compression after a fall');
  expect(result.errors).toBeUndefined();
  expect(await written()).toEqual({ threads: before.threads + 1, posts: before.posts + 1 });
});

test('a connection lost under a call (a replica restarting) is sent again: the thread starts, nothing is logged', async () => {
  standIn.mode = 'drop-next';
  lines.length = 0;
  const received = standIn.received;
  const before = await written();
  const result = await startThread('Barrier creams');
  expect(result.errors).toBeUndefined();
  expect(await written()).toEqual({ threads: before.threads + 1, posts: before.posts + 1 });
  // The lost call and the one sent again, then the thread's own checks.
  expect(standIn.received - received).toBeGreaterThanOrEqual(2);
  expect(logged().filter((line) => line.msg === 'membership internal API unavailable')).toEqual([]);
});

test.each([502, 503, 504, 429])('membership answering %d gives SUBGRAPH_UNAVAILABLE, writes nothing, logs once', async (status) => {
  standIn.mode = { status };
  await expectUnavailable('status');
});

test('over HTTP, as the gateway calls it, the refused mutation answers 200: membership down is not discussion failing', async () => {
  standIn.mode = { status: 503 };
  const viewer = await posts.runtime.auth.signViewer(memberViewer(cast.member.id), 'membership-down');
  const response = await request(`${posts.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', [VIEWER_HEADER]: viewer, [REQUEST_ID_HEADER]: 'membership-down' },
    body: JSON.stringify({ query: START, variables: { input: { forumId, title: 'Dressings for leg ulcers', body: 'Any advice?' } } }),
  });
  // The gateway takes an error status as this subgraph failing, and would open its breaker.
  expect(response.statusCode).toBe(200);
  expect(await response.body.json()).toEqual({ errors: [{ message: UNAVAILABLE, extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }] });
});

test('a query whose permission check fails has SUBGRAPH_UNAVAILABLE at its field, logged once', async () => {
  standIn.mode = { status: 503 };
  lines.length = 0;
  const result = await posts.server.execute(`query ($id: ID!) { discussionForum(id: $id) { id name } }`, { id: forumId }, memberViewer(cast.member.id));
  expect(result.data).toEqual({ discussionForum: null });
  expect(result.errors).toEqual([{ message: UNAVAILABLE, path: ['discussionForum'], locations: expect.any(Array), extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }]);
  expect(logged().filter((line) => line.msg === 'membership internal API unavailable')).toHaveLength(1);
  expect(logged().filter((line) => line.msg === 'unexpected error')).toEqual([]);
});

test('membership that never answers costs the configured timeout, then SUBGRAPH_UNAVAILABLE', async () => {
  standIn.mode = 'hang';
  const started = performance.now();
  await expectUnavailable('timeout');
  // Far below the 4 s default: the setting is what bounds the wait.
  expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 5000);
});

test('an answer whose body stops arriving times out as SUBGRAPH_UNAVAILABLE', async () => {
  standIn.mode = 'stall-body';
  await expectUnavailable('timeout');
});

test('a page that is not membership’s JSON (a proxy’s) gives SUBGRAPH_UNAVAILABLE', async () => {
  standIn.mode = 'malformed';
  await expectUnavailable('malformed');
});

test('a 400, a bug on our side, stays INTERNAL_SERVER_ERROR without membership’s words, logged once with them', async () => {
  standIn.mode = 'bad-request';
  lines.length = 0;
  const before = await written();
  const result = await startThread('Dressings for leg ulcers');
  expect(result.errors).toEqual([{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) } }]);
  expect(await written()).toEqual(before);
  const unexpected = logged().filter((line) => line.msg === 'unexpected error');
  expect(unexpected).toEqual([expect.objectContaining({ err: expect.objectContaining({ type: 'InternalCallRefused', path: '/internal/members/deleted', status: 400, answer: expect.stringContaining('ids: expected an array') }) })]);
  expect(logged().filter((line) => line.msg === 'membership internal API unavailable')).toEqual([]);
});

test('the contacts client maps the same failures to SUBGRAPH_UNAVAILABLE with no internal words', async () => {
  const contacts = new HttpMemberContacts(standIn.url, new InternalAuth(DEVELOPMENT_INTERNAL_SECRET), 'notifications', { timeoutMs: 300 });
  try {
    for (const mode of [{ status: 503 }, 'hang', 'malformed'] as Mode[]) {
      standIn.mode = mode;
      const failure = (await contacts.byIds([cast.member.id]).then(
        () => undefined,
        (error: unknown) => error,
      )) as { code?: string; message?: string; statusCode?: number } | undefined;
      // The status is what a plain HTTP route (a calendar feed) answers with it.
      expect({ mode, code: failure?.code, statusCode: failure?.statusCode }).toEqual({ mode, code: 'SUBGRAPH_UNAVAILABLE', statusCode: 503 });
      expect(failure?.message).not.toMatch(/127\.0\.0\.1|svc\.cluster|\/internal|nginx/);
    }
  } finally {
    await contacts.close();
  }
});

test('membership refusing connections (its port closed) gives SUBGRAPH_UNAVAILABLE, writes nothing, logs once', async () => {
  await standIn.close();
  await expectUnavailable('connection');
});
