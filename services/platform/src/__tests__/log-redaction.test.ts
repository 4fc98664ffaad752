import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { discussion } from '@praxis/discussion/testing';
import { membership, newCast, type Cast } from '@praxis/membership/testing';
import { createLogger } from '../logging/logger';
import { LOG_LIMITS } from '../logging/redact';
import { memberViewer } from '../identity/viewer';
import { resetDatabase, workerDatabase } from '../testing';

/**
 * Real failures through real subgraphs, with their log captured: what a member typed, their
 * address and a token from the request must not reach a line, and no line may exceed the bound.
 */

const BODY_MARKER = 'palliative-plan-for-bed-7';
const EMAIL = 'jane.citizen@health.example.org';
const TOKEN = 'prx_Zk3q9VfL2mXw8RtYb4NcPa7sDe1GhJkU0oIqWzX5vB6';
const SECRET_BODY = `Patient in ${BODY_MARKER} asked to be called; reach their carer at ${EMAIL}.`;

const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let adminUrl: string;
let stopAll: () => Promise<void>;
let running: { membership: Awaited<ReturnType<typeof membership.service.start>>; discussion: Awaited<ReturnType<typeof discussion.service.start>> };
let cast: Cast;
let forumId: string;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  adminUrl = (await workerDatabase()).adminUrl;
  await resetDatabase([membership.service, discussion.service]);
  const logger = (service: string) => createLogger({ service, level: 'info' }, capture);
  const members = await membership.service.start(await membership.testConfig({}), { logger: logger('membership') });
  const posts = await discussion.service.start(await discussion.testConfig({ env: { MEMBERSHIP_INTERNAL_URL: members.url } }), { logger: logger('discussion') });
  running = { membership: members, discussion: posts };
  stopAll = async () => {
    await posts.stop();
    await members.stop();
  };
  cast = await newCast(membership.factories(members, { membership: members }));
  forumId = (await discussion.factories(posts, { membership: members }).forum(cast.community)).id;
  // Stand-ins for any write the database refuses: a CHECK that the data itself trips.
  await admin(`ALTER TABLE ${discussion.service.schema}.posts ADD CONSTRAINT log_probe_posts CHECK (body NOT LIKE '%${BODY_MARKER}%')`);
  await admin(`ALTER TABLE ${membership.service.schema}.members ADD CONSTRAINT log_probe_members CHECK (handle::text <> 'log_probe_handle')`);
});

afterAll(async () => {
  await stopAll?.();
});

function expectClean(): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).not.toContain(BODY_MARKER);
    expect(line.toLowerCase()).not.toContain(EMAIL);
    expect(line).not.toContain(TOKEN.slice(4));
    expect(line.length).toBeLessThanOrEqual(LOG_LIMITS.line);
  }
}

test('a post the database refuses logs the failure, not the body, the address or the token', async () => {
  lines.length = 0;
  const result = await running.discussion.server.execute(
    `mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id } } }`,
    { input: { forumId, title: 'Call back', body: `${SECRET_BODY} Token: ${TOKEN}` } },
    memberViewer(cast.member.id),
  );
  expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'unexpected error');
  expect(logged).toHaveLength(1);
  // What the operator needs is still there: which constraint, which statement, which request.
  expect(logged[0]).toMatchObject({ service: 'discussion', err: { type: 'QueryFailedError', code: '23514', constraint: 'log_probe_posts' } });
  expect(logged[0]!.requestId).toEqual(expect.any(String));
  expectClean();
});

test('a sign-up whose variables hold an address and a token, failing in SQL, logs neither', async () => {
  lines.length = 0;
  const result = await running.membership.server.execute(`mutation ($input: SignUpInput!) { signUp(input: $input) { ok } }`, {
    input: { email: EMAIL, password: 'correct horse battery staple', handle: 'log_probe_handle', displayName: 'Jane Citizen', participantType: 'VOLUNTEER', organisation: TOKEN },
  });
  expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  expect(lines.some((line) => line.includes('log_probe_members'))).toBe(true);
  expectClean();
});

test('a statement failing with thousands of member ids logs a bounded line without them', async () => {
  lines.length = 0;
  const ids = Array.from({ length: 7000 }, () => randomUUID());
  await expect(running.membership.runtime.db.query('SELECT 1 / (count(*) - count(*)) FROM unnest($1::uuid[])', [ids])).rejects.toThrow(/division by zero/);
  expect(lines.some((line) => line.includes('division by zero'))).toBe(true);
  for (const line of lines) expect(line).not.toContain(ids[4321]!);
  expectClean();
});

test('a careless call with a long list and a deep object is cut, and says so', () => {
  const local: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      local.push(chunk.toString('utf8').trimEnd());
      done();
    },
  });
  let deep: Record<string, unknown> = { leaf: 'x'.repeat(50_000) };
  for (let i = 0; i < 20; i += 1) deep = { deeper: deep, ids: Array.from({ length: 500 }, (_, j) => `member-${i}-${j}`) };
  createLogger({ service: 'log-test', level: 'info' }, sink).warn({ deep, headers: { authorization: `Bearer ${TOKEN}` }, url: `/unsubscribe?token=${TOKEN}` }, `mail to ${EMAIL} failed`);
  const [line] = local;
  expect(line!.length).toBeLessThanOrEqual(LOG_LIMITS.line);
  expect(JSON.parse(line!)).toMatchObject({ truncated: true, msg: 'mail to [email] failed' });
  expect(line).not.toContain(TOKEN.slice(4));
});

test("a request logged by the HTTP server keeps its method and path, with a link's token scrubbed", async () => {
  const local: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      local.push(chunk.toString('utf8').trimEnd());
      done();
    },
  });
  const request = Object.create({ get method() { return 'GET'; }, get url() { return `/unsubscribe?token=${TOKEN}&list=all`; } }, { socket: { value: { remotePort: 1 }, enumerable: true } }) as object;
  createLogger({ service: 'log-test', level: 'info' }, sink).error({ req: request, res: { statusCode: 500 } }, 'request errored');
  expect(JSON.parse(local[0]!)).toMatchObject({ req: { method: 'GET', url: '/unsubscribe?token=[redacted]&list=all' }, res: { statusCode: 500 } });
});
