/**
 * Two replicas of everything (issue 18): the graph as separate OS processes, as
 * `npm run start:cluster` runs it, with a database per service. One cluster serves every case,
 * in an order that reuses its restarts; the figures go to stdout for the closing note.
 */
import { Agent as HttpAgent, createServer, request as httpRequest, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { Client } from 'pg';
import { PgBoss } from 'pg-boss';
import { request } from 'undici';
import { createLogger, loadServiceModules, type RunningService } from '@praxis/platform';
import { TEST_SERVICE_PASSWORD, testEnv } from '@praxis/platform/testing';
import { generateSigningKey, service as membershipService, type RunningMembership } from '@praxis/membership';
import { service as discussionService, type RunningDiscussion } from '@praxis/discussion';
import { service as eventsService, type RunningEvents } from '@praxis/events';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { DiscussionFactories } from '@praxis/discussion/testing';
import { EventsFactories } from '@praxis/events/testing';
import { startCluster, type Cluster } from '../../scripts/lib/cluster';
import { jobsDone, replicaOwningConnection, startHoldingSmtp, type HoldingSmtp } from '../../scripts/lib/cluster/testing';

jest.setTimeout(600_000);

const figures: Record<string, unknown> = {};
const note = (name: string, value: unknown) => {
  figures[name] = value;
  process.stdout.write(`[cluster] ${name}: ${JSON.stringify(value)}\n`);
};
const testStarted = performance.now();
/** Seconds since `since`, to a tenth, for the figures. */
const secondsSince = (since: number) => Number(((performance.now() - since) / 1000).toFixed(1));

let cluster: Cluster;
let smtp: HoldingSmtp;
let links: Server;
let linkUrl: string;
const linkHits = new Map<string, Set<string>>();
let dataDir: string;
let keysFile: string;
let oldKey: JWK;
let newKey: JWK;
const inProcess: RunningService[] = [];
let people: MembershipFactories;
let talk: DiscussionFactories;
let calendar: EventsFactories;
const agents = new Map<string, HttpAgent>();

/**
 * A client on its own loopback address, as a distinct machine would be. It drops a connection idle
 * for 2 s, before the proxy's 5 s keep-alive closes it: a request sent on a connection the server
 * is closing that moment fails with "socket hang up".
 */
const from = (address: string) => agents.get(address) ?? agents.set(address, new HttpAgent({ keepAlive: true, timeout: 2_000, localAddress: address })).get(address)!;

interface Answer<T> {
  status: number;
  instance?: string;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function gql<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}, options: { token?: string; address?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const payload = JSON.stringify({ query, variables });
  const { status, instance, text } = await new Promise<{ status: number; instance?: string; text: string }>((resolve, reject) => {
    const outgoing = httpRequest(
      `${url}/graphql`,
      {
        method: 'POST',
        agent: from(options.address ?? '127.0.0.1'),
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, instance: response.headers['x-praxis-instance'] as string | undefined, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
  let body: { data?: T; errors?: Answer<T>['errors'] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status, instance, ...body };
}

async function signIn(url: string, email: string, operationName = 'SignIn'): Promise<string> {
  const answer = await gql<{ signIn: { accessToken: string } }>(url, `mutation ${operationName}($input: SignInInput!) { signIn(input: $input) { accessToken } }`, { input: { email, password: TEST_PASSWORD } });
  if (!answer.data?.signIn) throw new Error(`sign-in failed (${answer.status}): ${JSON.stringify(answer.errors)}`);
  return answer.data.signIn.accessToken;
}

/**
 * An access token as membership signs it, with the key it signs with. The 300 registrants get
 * these rather than 300 sign-ins: signing in through the cluster is proven once above, and the
 * gateways still verify every token and ask membership about the account on every request.
 */
async function mint(memberId: string): Promise<string> {
  return new SignJWT({ scope: 'read write reports' })
    .setProtectedHeader({ alg: 'ES256', kid: oldKey.kid!, typ: 'at+jwt' })
    .setIssuer('praxis')
    .setAudience('praxis')
    .setSubject(memberId)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(await importJWK(oldKey, 'ES256'));
}

async function emailOf(member: { id: string }): Promise<string> {
  return (await people.domain.read.accounts([member.id]))[0]!.email;
}

async function sql<T>(database: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: cluster.databases.adminUrlOf(database) });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

const replicasOf = (service: string) => cluster.replicas[service]!;
const everyReplicaOf = (service: string) => [...cluster.retired.filter((replica) => replica.service === service), ...replicasOf(service)];
const writeKeys = (keys: JWK[]) => writeFileSync(keysFile, JSON.stringify(keys));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'praxis-cluster-'));
  keysFile = join(dataDir, 'signing-keys.json');
  [oldKey, newKey] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  writeKeys([oldKey]);
  mkdirSync(join(dataDir, 'files'));
  smtp = await startHoldingSmtp((recipient) => recipient.startsWith('held-'));
  links = createServer((incoming, outgoing) => {
    // Which process asked, while its connection is open.
    const asker = replicaOwningConnection(incoming.socket.remotePort!, everyReplicaOf('resources'));
    linkHits.set(incoming.url!, (linkHits.get(incoming.url!) ?? new Set()).add(asker?.name ?? 'unknown'));
    outgoing.writeHead(200, { 'content-type': 'text/html' }).end('<html>ok</html>');
  });
  await new Promise<void>((resolve) => links.listen(0, '127.0.0.1', resolve));
  linkUrl = `http://127.0.0.1:${(links.address() as { port: number }).port}`;

  const started = performance.now();
  note('before the cluster (s)', secondsSince(testStarted));
  cluster = await startCluster({
    adminUrl: testEnv.PRAXIS_TEST_ADMIN_URL,
    databasePrefix: 'praxis_cluster',
    fresh: true,
    servicePassword: TEST_SERVICE_PASSWORD,
    dataDir,
    pgDataDir: join(dataDir, 'unused'),
    pgPort: 0,
    ports: 'ephemeral',
    from: 'source',
    inherit: {},
    logLevel: 'debug',
    prettyLogs: false,
    logger: createLogger({ service: 'cluster-test', level: 'warn' }),
    env: {
      NODE_ENV: 'test',
      JOBS_POLL_SECONDS: '0.5',
      // pg-boss's shortest: a killed replica's job is taken again in seconds, not at its expiry.
      JOBS_HEARTBEAT_SECONDS: '10',
      EVENTLOG_POLL_MS: '100',
      PASSWORD_SCRYPT_LOG2N: '4',
      EMAIL_TRANSPORT: 'smtp',
      SMTP_URL: smtp.url,
      PUBLIC_APP_URL: 'http://app.test',
      AUTH_SIGNING_KEYS_FILE: keysFile,
      RESOURCES_LINK_CHECK_ALLOW_PRIVATE: 'true',
      RATE_LIMIT_IP_PER_MINUTE: '100000',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '6',
      // Twelve processes share two cores with the rest of the suite: a slow answer is not a failure here.
      SUBGRAPH_TIMEOUT_MS: '60000',
      INTERNAL_API_TIMEOUT_MS: '60000',
      ...Object.fromEntries(loadServiceModules().map((module) => [`${module.name.toUpperCase()}_DB_POOL_SIZE`, '4'])),
    },
  });
  note('cluster start (s)', secondsSince(started));
  note('replicas ready (s)', Number((cluster.readyMs / 1000).toFixed(1)));
  const inProcessStarted = performance.now();
  note('processes', Object.values(cluster.replicas).flat().length);

  // Factories write through the domain code, in this process, to the cluster's databases.
  const inProcessEnv = (service: string) => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    [`${service.toUpperCase()}_PORT`]: '0',
    [`${service.toUpperCase()}_DATABASE_URL`]: cluster.databases.serviceUrl(service),
    [`${service.toUpperCase()}_DB_POOL_SIZE`]: '4',
    [`${service.toUpperCase()}_WORKERS`]: 'false',
    [`${service.toUpperCase()}_MIGRATE_ON_START`]: 'false',
    // Starting, these create and update the queues as the replicas do, with the same settings.
    JOBS_HEARTBEAT_SECONDS: '10',
    EVENTLOG_DATABASE_URL: cluster.databases.eventlogUrl(service),
    MEMBERSHIP_INTERNAL_URL: cluster.proxies.membership!.url,
    AUTH_SIGNING_KEYS_FILE: keysFile,
    PASSWORD_SCRYPT_LOG2N: '4',
    EMAIL_TRANSPORT: 'smtp',
    SMTP_URL: smtp.url,
  });
  const [membership, discussion, events] = await Promise.all([
    membershipService.start(membershipService.configFrom(inProcessEnv('membership'))),
    discussionService.start(discussionService.configFrom(inProcessEnv('discussion'))),
    eventsService.start(eventsService.configFrom(inProcessEnv('events'))),
  ]);
  inProcess.push(membership, discussion, events);
  people = new MembershipFactories(membership as RunningMembership);
  talk = new DiscussionFactories(discussion as RunningDiscussion);
  calendar = new EventsFactories(events as RunningEvents);
  note('in-process services start (s)', secondsSince(inProcessStarted));
});

afterAll(async () => {
  for (const running of inProcess.reverse()) await running.stop().catch(() => undefined);
  if (cluster) {
    for (const proxy of Object.values(cluster.proxies)) note(`requests per replica via the ${proxy.name} proxy`, { ...proxy.stats.byInstance, retried: proxy.stats.retried, unavailable: proxy.stats.unavailable });
    const stopped = performance.now();
    await cluster.stop();
    note('cluster stop (s)', secondsSince(stopped));
  }
  await smtp?.close();
  await new Promise((resolve) => links?.close(resolve));
  for (const agent of agents.values()) agent.destroy();
  rmSync(dataDir, { recursive: true, force: true });
  note('test wall time (s)', secondsSince(testStarted));
  process.stdout.write(`[cluster] figures: ${JSON.stringify(figures)}\n`);
});

test('migrations ran once, by one replica of each service, when all started at the same moment', async () => {
  const runs: Record<string, string[]> = {};
  for (const module of loadServiceModules()) {
    const rows = await sql<{ name: string }>(module.name, `SELECT name FROM ${module.schema}.migrations`);
    expect(rows).toHaveLength((module.migrations as unknown[]).length);
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
    runs[module.name] = replicasOf(module.name).filter((replica) => replica.logs().some((line) => line.msg === 'migrations applied')).map((replica) => replica.name);
    expect(runs[module.name]).toHaveLength(1);
  }
  note('migration runners', runs);
});

test('both replicas of every service serve, each naming itself', async () => {
  const seen: Record<string, string[]> = {};
  for (const [name, proxy] of Object.entries(cluster.proxies)) {
    const ids = new Set<string>();
    for (let index = 0; index < 4; index++) {
      const response = await request(`${proxy.url}/health/live`);
      await response.body.dump();
      ids.add(String(response.headers['x-praxis-instance']));
    }
    seen[name] = [...ids];
    expect(ids).toEqual(new Set(replicasOf(name).map((replica) => replica.instance)));
    expect([...ids].every((id) => id.startsWith(`${name}-`))).toBe(true);
  }
  // Through the outer proxy, every gateway answers GraphQL, and every subgraph's pair serves the gateways.
  const gateways = new Set<string>();
  for (let index = 0; index < 8; index++) {
    const answer = await gql(cluster.url, '{ __typename }');
    expect(answer.status).toBe(200);
    gateways.add(answer.instance!);
  }
  expect(gateways.size).toBe(2);
  note('instances seen', seen);
});

let community: Awaited<ReturnType<MembershipFactories['community']>>;
let tokens: string[] = [];
let firstTokenUse = 0;

test('tokens signed by either membership replica work through either gateway', async () => {
  community = await people.community({ name: 'Cluster CoP' });
  const member = await people.memberOf(community);
  const email = await emailOf(member);
  const signers = new Map<string, string>();
  for (let index = 0; signers.size < 2 && index < 10; index++) {
    const token = await signIn(cluster.url, email, `ClusterSignIn${index}`);
    const signer = replicasOf('membership').find((replica) => replica.logs().some((line) => String(line.operationName).startsWith(`ClusterSignIn${index}__`)));
    if (signer && !signers.has(signer.name)) signers.set(signer.name, token);
  }
  expect(signers.size).toBe(2);
  firstTokenUse = Date.now();
  for (const [signer, token] of signers) {
    for (const gateway of replicasOf('gateway')) {
      const answer = await gql<{ me: { memberId: string } }>(gateway.url, '{ me { memberId } }', {}, { token });
      expect({ signer, gateway: gateway.name, id: answer.data?.me?.memberId }).toEqual({ signer, gateway: gateway.name, id: member.id });
    }
  }
  note('tokens checked', [...signers.keys()].map((signer) => `${signer} → both gateways`));
});

test('rate limits are shared by the gateways and tell clients apart through the proxies, not by what a client claims', async () => {
  const bad = { token: 'prx_not-a-real-token-000000000000' };
  const statuses: { status: number; instance?: string }[] = [];
  // Client A (127.0.0.3) uses up its failed authentications across both gateways.
  for (let index = 0; index < 8; index++) {
    const answer = await gql(cluster.url, '{ __typename }', {}, { ...bad, address: '127.0.0.3' });
    statuses.push({ status: answer.status, instance: answer.instance });
  }
  expect(statuses.slice(0, 6).map((entry) => entry.status)).toEqual([401, 401, 401, 401, 401, 401]);
  expect(statuses.slice(6).map((entry) => entry.status)).toEqual([429, 429]);
  expect(new Set(statuses.slice(6).map((entry) => entry.instance)).size).toBe(2);
  // Client B (127.0.0.4) is its own address, even when it claims to be A.
  expect((await gql(cluster.url, '{ __typename }', {}, { ...bad, address: '127.0.0.4' })).status).toBe(401);
  expect((await gql(cluster.url, '{ __typename }', {}, { ...bad, address: '127.0.0.4', headers: { 'x-forwarded-for': '127.0.0.3' } })).status).toBe(401);
  // Straight to a gateway, a client's own X-Forwarded-For is not believed either way.
  const direct = await gql(replicasOf('gateway')[0]!.url, '{ __typename }', {}, { ...bad, address: '127.0.0.3', headers: { 'x-forwarded-for': '127.0.0.9' } });
  expect(direct.status).toBe(429);
  const spoofed = await gql(replicasOf('gateway')[1]!.url, '{ __typename }', {}, { ...bad, address: '127.0.0.5', headers: { 'x-forwarded-for': '127.0.0.3' } });
  expect(spoofed.status).toBe(401);
  note('auth-failure budget of 6 per address', { clientA: statuses.map((entry) => entry.status), clientB: 401, spoofedHeaderStraightToGateway: spoofed.status });
});

let heldJob: Promise<{ killed: string; takenOverBy: string; deliveredAfterSeconds: number }>;

test('each email is sent by exactly one replica, and a replica killed mid-send does not lose its email', async () => {
  const count = 30;
  const signUps = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      gql(cluster.url, 'mutation ($input: SignUpInput!) { signUp(input: $input) { ok } }', {
        input: { email: `cluster-${index}@example.test`, password: TEST_PASSWORD, handle: `cluster${index}`, displayName: `Cluster ${index}`, participantType: 'PRACTITIONER' },
      }),
    ),
  );
  expect(signUps.every((answer) => answer.status === 200 && !answer.errors)).toBe(true);
  await until('every email', async () => Array.from({ length: count }, (_, index) => `cluster-${index}@example.test`).every((address) => smtp.delivered.has(address)));
  await sleep(1000);
  expect(Array.from({ length: count }, (_, index) => smtp.delivered.get(`cluster-${index}@example.test`))).toEqual(Array(count).fill(1));
  const done = jobsDone(replicasOf('membership'), 'membership.send-email');
  expect([...done.values()].every((names) => names.length === 1)).toBe(true);
  const perReplica: Record<string, number> = {};
  for (const [name] of done.values()) perReplica[name!] = (perReplica[name!] ?? 0) + 1;
  note('email jobs per replica', perReplica);

  // An email whose SMTP answer never comes: the replica sending it is killed.
  await gql(cluster.url, 'mutation ($input: SignUpInput!) { signUp(input: $input) { ok } }', {
    input: { email: 'held-1@example.test', password: TEST_PASSWORD, handle: 'held1', displayName: 'Held', participantType: 'PRACTITIONER' },
  });
  const port = await smtp.held;
  const sender = replicaOwningConnection(port, replicasOf('membership'));
  expect(sender).toBeDefined();
  await sender!.kill();
  const killedAt = performance.now();
  const [job] = await sql<{ id: string }>('membership', `SELECT id FROM membership_jobs.job WHERE name = 'membership.send-email' AND state = 'active' AND data->>'to' = 'held-1@example.test'`);
  expect(job).toBeDefined();
  smtp.release();
  // Nothing dates the attempt back: the dead process's heartbeat stops, and within about 15 s
  // (JOBS_HEARTBEAT_SECONDS and half again) a supervisor fails the attempt and the email's retry
  // delay (15 to 30 s) later another process sends it. Its expiry alone would take 300 s.
  const finishersOf = () => everyReplicaOf('membership').filter((replica) => replica.logs().some((line) => line.msg === 'job done' && line.jobId === job!.id));
  // The server counts the message before its sender hears back and logs the job done.
  heldJob = until('the held email, sent and its job done', async () => smtp.delivered.has('held-1@example.test') && finishersOf().length > 0, 120_000).then(() => {
    const finishers = finishersOf();
    if (finishers.length !== 1 || finishers[0] === sender) throw new Error(`the held email was finished by ${finishers.map((replica) => replica.instance).join(', ')}`);
    return { killed: `${sender!.name} (${sender!.instance})`, takenOverBy: `${finishers[0]!.name} (${finishers[0]!.instance})`, deliveredAfterSeconds: secondsSince(killedAt) };
  });
  heldJob.catch(() => undefined);
  // Restarted with the next signing key published (rotation, step one), for a later case.
  writeKeys([oldKey, newKey]);
  await cluster.restart(sender!);
});

test('each event is consumed once per consumer: activity counts are exact after a burst over both replicas, with a restart in the middle', async () => {
  const burst = await people.community({ name: 'Burst CoP' });
  const forum = await talk.forum(burst);
  const writers = await Promise.all(Array.from({ length: 6 }, () => people.memberOf(burst)));
  const writerTokens = await Promise.all(writers.map(async (writer) => signIn(cluster.url, await emailOf(writer))));
  const threads: string[] = [];
  const threadCount = 12;
  const replyCount = 48;
  for (let index = 0; index < threadCount; index++) {
    const answer = await gql<{ startDiscussionThread: { thread: { id: string } } }>(cluster.url, 'mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id } } }', { input: { forumId: forum.id, title: `Thread ${index}`, body: 'Body' } }, { token: writerTokens[index % writerTokens.length] });
    expect(answer.errors).toBeUndefined();
    threads.push(answer.data!.startDiscussionThread.thread.id);
  }
  // The consumer restarted mid-burst: the replica of membership not restarted yet.
  const consumer = replicasOf('membership').find((replica) => !cluster.retired.some((old) => old.name === replica.name))!;
  const replies = Array.from({ length: replyCount }, (_, index) =>
    gql(cluster.url, 'mutation ($input: ReplyToDiscussionThreadInput!) { replyToDiscussionThread(input: $input) { post { id } } }', { input: { threadId: threads[index % threadCount], body: `Reply ${index}` } }, { token: writerTokens[index % writerTokens.length] }),
  );
  const restart = sleep(300).then(() => cluster.restart(consumer));
  const answers = await Promise.all(replies);
  const failed = answers.filter((answer) => answer.status !== 200 || answer.errors);
  if (failed.length > 0) {
    const why = everyReplicaOf('discussion').flatMap((replica) => replica.logs().filter((line) => Number(line.level) >= 50).map((line) => ({ replica: replica.name, ...line })));
    process.stdout.write(`[cluster] failed writes: ${failed.length}; errors logged: ${JSON.stringify(why.slice(0, 5))}\n`);
  }
  expect(failed).toEqual([]);
  const counts = await until('the activity projection', async () => {
    const [row] = await sql<{ threads: string; replies: string; activities: string; distinct: string }>(
      'membership',
      `SELECT (SELECT coalesce(sum(threads), 0) FROM membership.community_member_activity WHERE community_id = $1) AS threads,
              (SELECT coalesce(sum(replies), 0) FROM membership.community_member_activity WHERE community_id = $1) AS replies,
              (SELECT count(*) FROM membership.member_activity WHERE community_id = $1) AS activities,
              (SELECT count(DISTINCT event_id) FROM membership.member_activity WHERE community_id = $1) AS distinct`,
      [burst.id],
    );
    return Number(row!.threads) === threadCount && Number(row!.replies) >= replyCount ? row : undefined;
  });
  await restart;
  await sleep(1500);
  const [settled] = await sql<{ threads: string; replies: string }>('membership', 'SELECT sum(threads) AS threads, sum(replies) AS replies FROM membership.community_member_activity WHERE community_id = $1', [burst.id]);
  expect({ threads: Number(settled!.threads), replies: Number(settled!.replies), activities: Number(counts.activities), distinct: Number(counts.distinct) }).toEqual({ threads: threadCount, replies: replyCount, activities: threadCount + replyCount, distinct: threadCount + replyCount });
  note('activity burst', { threads: threadCount, replies: replyCount, projected: Number(counts.activities), consumerRestarted: consumer.name });
});

let event: { id: string; startsAt: Date };

test('300 registrations for 50 places over both gateways and both events replicas: 50 places and an ordered waitlist', async () => {
  const phase = { started: performance.now(), members: 0, registrations: 0 };
  const members = await people.membersOf(community, 300);
  phase.members = secondsSince(phase.started);
  event = await calendar.event(community, { title: 'Fifty places', capacity: 50 });
  tokens = await Promise.all(members.map((member) => mint(member.id)));
  const registering = performance.now();
  const before = { ...cluster.proxies.events!.stats.byInstance };
  type Registered = { registerForEvent: { registrations: { status: string; waitlistPosition: number | null }[] } };
  const answers: Answer<Registered>[] = [];
  const queue = [...tokens];
  // Thirty at a time, as many as the two gateways' connections to events carry at once.
  await Promise.all(
    Array.from({ length: 30 }, async () => {
      for (let token = queue.shift(); token; token = queue.shift()) {
        answers.push(await gql<Registered>(cluster.url, 'mutation ($id: ID!) { registerForEvent(input: { eventId: $id }) { registrations { status waitlistPosition } } }', { id: event.id }, { token }));
      }
    }),
  );
  phase.registrations = secondsSince(registering);
  expect(answers.filter((answer) => answer.status !== 200 || answer.errors)).toEqual([]);
  const results = answers.map((answer) => answer.data!.registerForEvent.registrations[0]!);
  expect(results.filter((result) => result.status === 'REGISTERED')).toHaveLength(50);
  const positions = results.filter((result) => result.status === 'WAITLISTED').map((result) => result.waitlistPosition!);
  expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, index) => index + 1));
  const rows = await sql<{ status: string; n: string }>('events', 'SELECT status, count(*) AS n FROM events.event_registrations WHERE event_id = $1 GROUP BY status ORDER BY status', [event.id]);
  expect(rows.map((row) => [row.status, Number(row.n)])).toEqual([['REGISTERED', 50], ['WAITLISTED', 250]]);
  const gatewaysUsed = new Set(answers.map((answer) => answer.instance));
  const byEventsReplica = Object.fromEntries(Object.entries(cluster.proxies.events!.stats.byInstance).map(([id, n]) => [id, n - (before[id] ?? 0)]));
  expect(gatewaysUsed.size).toBe(2);
  expect(Object.values(byEventsReplica).filter((n) => n > 0)).toHaveLength(2);
  note('registrations', { registered: 50, waitlisted: 250, gateways: gatewaysUsed.size, eventsRequestsPerReplica: byEventsReplica, membersMadeSeconds: phase.members, registeringSeconds: phase.registrations });
});

test('a reminder and a link check each run on exactly one replica', async () => {
  const coordinator = await signIn(cluster.url, await emailOf(community.coordinator));
  const created = await Promise.all(
    [1, 2, 3].map((index) =>
      gql<{ createResource: { resource: { id: string } } }>(cluster.url, 'mutation ($input: CreateResourceInput!) { createResource(input: $input) { resource { id } } }', { input: { communityId: community.id, title: `Link ${index}`, kind: 'LINK', audience: 'EVERYONE', url: `${linkUrl}/guide-${index}` } }, { token: coordinator }),
    ),
  );
  expect(created.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined]);
  const boss = async (service: string) => {
    const queue = new PgBoss({ connectionString: cluster.databases.serviceUrl(service), schema: `${service}_jobs`, supervise: false, schedule: false, migrate: false, createSchema: false });
    queue.on('error', () => undefined);
    await queue.start();
    return queue;
  };
  const [events, resources] = await Promise.all([boss('events'), boss('resources')]);
  try {
    const reminderId = await events.send('events.reminder', { eventId: event.id, kind: 'HOUR_BEFORE', startsAt: event.startsAt.toISOString() });
    const checkId = await resources.send('resources.check-links', {});
    await until('both jobs', async () => jobsDone(everyReplicaOf('events'), 'events.reminder').has(reminderId!) && jobsDone(everyReplicaOf('resources'), 'resources.check-links').has(checkId!));
    await sleep(1000);
    const reminderBy = jobsDone(everyReplicaOf('events'), 'events.reminder').get(reminderId!)!;
    const checkBy = jobsDone(everyReplicaOf('resources'), 'resources.check-links').get(checkId!)!;
    expect(reminderBy).toHaveLength(1);
    expect(checkBy).toHaveLength(1);
    const [sent] = await sql<{ n: string }>('events', 'SELECT count(*) AS n FROM events.event_reminders_sent WHERE event_id = $1', [event.id]);
    expect(Number(sent!.n)).toBe(50);
    const announced = everyReplicaOf('events').filter((replica) => replica.logs().some((line) => line.msg === 'event reminder due' && line.eventId === event.id));
    expect(announced.map((replica) => replica.name)).toEqual(reminderBy);
    for (const index of [1, 2, 3]) expect(linkHits.get(`/guide-${index}`)?.size).toBe(1);
    note('jobs', { reminder: reminderBy[0], remindersRecorded: 50, linkCheck: checkBy[0], linksProbedBy: Object.fromEntries([...linkHits].map(([path, askers]) => [path, [...askers]])) });
  } finally {
    await Promise.all([events.stop({ graceful: false }), resources.stop({ graceful: false })]);
  }
});

test('SIGTERM to one replica of each service and one gateway during load loses no request', async () => {
  let stop = false;
  let sent = 0;
  const failures: { status: number; errors?: unknown }[] = [];
  const token = tokens[0]!;
  const query = `query ($id: ID!) { me { memberId } community(id: $id) { name memberCount upcomingEvents(first: 5) { nodes { title registeredCount } } } }`;
  // Six lanes while the replicas stop; two through the restarts, which keeps requests flowing
  // through every proxy without taking the CPU the restarting processes need.
  let lanesOpen = 6;
  const lane = async (_: unknown, index: number) => {
    while (!stop) {
      if (index >= lanesOpen) {
        await sleep(100);
        continue;
      }
      sent++;
      const answer = await gql(cluster.url, query, { id: community.id }, { token }).catch((error: unknown) => ({ status: 0, errors: [{ message: String(error) }] }) as Answer<unknown>);
      if (answer.status !== 200 || answer.errors) failures.push({ status: answer.status, errors: answer.errors });
    }
  };
  const lanes = Array.from({ length: 6 }, lane);
  await sleep(1500);
  const victims = Object.values(cluster.replicas).map((list) => list[0]!);
  const started = performance.now();
  const codes = await Promise.all(victims.map((victim) => victim.stop()));
  const drainedMs = Math.round(performance.now() - started);
  const duringStop = { requests: sent, failed: failures.length };
  // Back in service under the same load, the proxies sending nothing to a replica until it is
  // ready; membership now signs with the new key (rotation, step two), one replica after the other.
  writeKeys([newKey, oldKey]);
  lanesOpen = 2;
  const restarting = performance.now();
  await Promise.all(victims.map((victim) => cluster.restart(victim)));
  // Only once its partner is back and warm: membership's pair is never both away.
  await cluster.restart(replicasOf('membership')[1]!);
  const restartedSeconds = secondsSince(restarting);
  stop = true;
  await Promise.all(lanes);
  expect(codes.every((code) => code === 0)).toBe(true);
  note('drain', { duringStop, withRestarts: { requests: sent, failed: failures.length }, stopped: victims.map((victim) => victim.name), slowestStopMs: drainedMs, restartedSeconds, retriedByProxies: Object.fromEntries(Object.entries(cluster.proxies).map(([name, proxy]) => [name, proxy.stats.retried])) });
  expect(failures).toEqual([]);
});

test('after key rotation, a token signed with the new key works through both gateways', async () => {
  // The gateways' key sets refresh at most every 30 s on an unknown key id.
  if (Date.now() - firstTokenUse < 31_000) await sleep(31_000 - (Date.now() - firstTokenUse));
  const member = await people.memberOf(community);
  const token = await signIn(cluster.url, await emailOf(member));
  expect(decodeProtectedHeader(token).kid).toBe(newKey.kid);
  for (const gateway of replicasOf('gateway')) {
    const answer = await gql<{ me: { memberId: string } }>(gateway.url, '{ me { memberId } }', {}, { token });
    expect(answer.data?.me?.memberId).toBe(member.id);
  }
  const [old] = tokens;
  const answer = await gql<{ me: { memberId: string } }>(cluster.url, '{ me { memberId } }', {}, { token: old });
  expect(answer.data?.me?.memberId).toBeDefined();
  note('rotation', { newKid: newKey.kid, acceptedBy: replicasOf('gateway').map((gateway) => gateway.name), oldTokenStillValid: true });
});

test('the email held by the killed replica was sent once, by another process, long before its expiry', async () => {
  const result = await heldJob;
  await sleep(1000);
  expect(smtp.delivered.get('held-1@example.test')).toBe(1);
  note('killed mid-job', result);
});
