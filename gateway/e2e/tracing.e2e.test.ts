/**
 * Traces across the graph (issue 19): one request through the gateway is one trace, with the
 * gateway's calls to each subgraph, their SQL, and their calls to membership's permission routes
 * in it. Auto-instrumentation patches modules as Node loads them, which it cannot do under jest,
 * so the gateway and the subgraphs run as separate processes with the tracing preload, as their
 * start scripts run them, and export over OTLP/HTTP (JSON) to a small receiver in this test. The
 * data is written beforehand by the in-process stack's factories, on the same database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { freePort } from '@praxis/postgres';
import { REPO_ROOT } from '@praxis/platform';
import { workerDatabase } from '@praxis/platform/testing';
import { generateSigningKey, type RunningMembership } from '@praxis/membership';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningDiscussion } from '@praxis/discussion';
import { DiscussionFactories } from '@praxis/discussion/testing';
import type { RunningEvents } from '@praxis/events';
import { EventsFactories } from '@praxis/events/testing';
import type { RunningResources } from '@praxis/resources';
import { ResourceFactories } from '@praxis/resources/testing';
import { startStack, type Stack } from './harness';
import { communityPageQuery } from '../../scripts/lib/community-page';

jest.setTimeout(180_000);

const PRELOAD = '@praxis/platform/tracing/register';
const SUBGRAPHS = ['membership', 'discussion', 'resources', 'events'] as const;

const COMMUNITY_PAGE = communityPageQuery({ by: 'id' });

/** One span as the receiver got it, with the service.name of the process that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  start: bigint;
  end: bigint;
  attributes: Record<string, string | number | boolean>;
}

const SERVER = 2;
const CLIENT = 3;

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; startTimeUnixNano: string | number; endTimeUnixNano: string | number; attributes?: OtlpAttribute[] }[] }[];
  }[];
}

const valueOf = (value: OtlpValue) => value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.doubleValue ?? value.boolValue ?? '';
const attributesOf = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((attribute) => [attribute.key, valueOf(attribute.value)]));

/** A collector's OTLP/HTTP traces endpoint, for the JSON encoding; it keeps every span it is sent. */
async function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; requests: number; server: Server }> {
  const received = { url: '', spans: [] as ReceivedSpan[], requests: 0, server: undefined as unknown as Server };
  received.server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      received.requests += 1;
      if (incoming.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest;
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              received.spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId || undefined,
                name: span.name,
                kind: span.kind,
                start: BigInt(span.startTimeUnixNano),
                end: BigInt(span.endTimeUnixNano),
                attributes: attributesOf(span.attributes),
              });
            }
          }
        }
      }
      outgoing.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => received.server.listen(0, '127.0.0.1', resolve));
  received.url = `http://127.0.0.1:${(received.server.address() as { port: number }).port}`;
  return received;
}

interface Spawned {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** A process as its workspace's start script runs it: its sources through tsx, with the tracing preload. */
function spawnProcess(name: string, directory: string, port: number, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--conditions=praxis-source', '--import', 'tsx', '--import', PRELOAD, join(REPO_ROOT, directory, 'src/main.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function waitReady(running: Spawned, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (running.child.exitCode !== null) throw new Error(`${running.name} exited before it was ready:\n${running.output()}`);
    const status = await request(`${running.url}/health/ready`).then(
      async (response) => (await response.body.dump(), response.statusCode),
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${running.name} was not ready within ${timeoutMs} ms:\n${running.output()}`);
    await sleep(100);
  }
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: T; errors?: unknown[] }> {
  const response = await request(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.body.json()) as { data?: T; errors?: unknown[] };
}

/** The trace as text: one span a line, indented under its parent, with its process, start offset and duration. */
function renderTrace(spans: ReceivedSpan[]): string {
  const byParent = new Map<string | undefined, ReceivedSpan[]>();
  const ids = new Set(spans.map((span) => span.spanId));
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    byParent.set(parent, [...(byParent.get(parent) ?? []), span]);
  }
  const origin = spans.reduce((min, span) => (span.start < min ? span.start : min), spans[0]!.start);
  const ms = (nanos: bigint) => (Number(nanos) / 1e6).toFixed(1);
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const span of (byParent.get(parent) ?? []).sort((a, b) => (a.start < b.start ? -1 : 1))) {
      const statement = span.attributes['db.query.text'] ?? span.attributes['db.statement'];
      const detail = statement ? `  ${String(statement).replace(/\s+/g, ' ').slice(0, 70)}` : '';
      lines.push(`${`+${ms(span.start - origin)}`.padStart(8)} ms ${ms(span.end - span.start).padStart(7)} ms  ${'  '.repeat(depth)}${span.name} [${span.service}]${detail}`);
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

const isSql = (span: ReceivedSpan) => span.attributes['db.system.name'] === 'postgresql' || span.attributes['db.system'] === 'postgresql';
const pathOf = (span: ReceivedSpan) => String(span.attributes['url.path'] ?? span.attributes['http.target'] ?? '').split('?')[0];

let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let processes: Spawned[] = [];
let gateway: Spawned;
let dataDir: string;
let communityId: string;
let memberEmail: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'praxis-tracing-'));
  [receiver, stack] = await Promise.all([startReceiver(), startStack()]);

  // The processes, all started at once; they only serve (the in-process stack works the queues).
  const db = await workerDatabase();
  const ports = Object.fromEntries(await Promise.all([...SUBGRAPHS, 'gateway'].map(async (name) => [name, await freePort()] as const))) as Record<string, number>;
  const membershipUrl = `http://127.0.0.1:${ports.membership}`;
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // Batches go out within a fifth of a second instead of five, so the test need not wait.
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  const common = { NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', MEMBERSHIP_INTERNAL_URL: membershipUrl, ...tracing };
  const own: Record<string, Record<string, string>> = {
    membership: {
      AUTH_SIGNING_KEYS: JSON.stringify([await generateSigningKey()]),
      PASSWORD_SCRYPT_LOG2N: '4',
      PUBLIC_APP_URL: 'http://app.test',
      AUDIT_SPOOL_DIR: join(dataDir, 'audit'),
      EMAIL_TRANSPORT: 'file',
      EMAIL_DIR: join(dataDir, 'mail'),
    },
    resources: { RESOURCES_DATA_DIR: join(dataDir, 'files') },
  };
  processes = SUBGRAPHS.map((name) => {
    const prefix = name.toUpperCase();
    return spawnProcess(name, `services/${name}`, ports[name]!, {
      ...common,
      [`${prefix}_PORT`]: String(ports[name]),
      [`${prefix}_DATABASE_URL`]: db.urlFor(name),
      [`${prefix}_DB_POOL_SIZE`]: '4',
      [`${prefix}_WORKERS`]: 'false',
      [`${prefix}_MIGRATE_ON_START`]: 'false',
      ...own[name],
    });
  });
  gateway = spawnProcess('gateway', 'gateway', ports.gateway!, {
    ...common,
    GATEWAY_PORT: String(ports.gateway),
    SUBGRAPH_URLS: SUBGRAPHS.map((name) => `${name}=http://127.0.0.1:${ports[name]}/graphql`).join(','),
  });
  processes.push(gateway);
  // The data, through the domain, by the in-process stack on this worker's database, while the
  // processes start.
  const seed = async () => {
    const people = new MembershipFactories(stack.services.membership as RunningMembership);
    const talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
    const calendar = new EventsFactories(stack.services.events as RunningEvents);
    const library = new ResourceFactories(stack.services.resources as RunningResources, stack.services.membership as RunningMembership);
    const community = await people.community({ name: 'Palliative Care Practice', visibility: 'MEMBERS_ONLY' });
    const member = await people.memberOf(community, 'MEMBER', { displayName: 'Tess Traced' });
    await library.sync();
    const forum = await talk.forum(community, { name: 'Case discussions' });
    await talk.thread(forum, member, { title: 'Syringe driver handover' });
    await calendar.event(community, { title: 'Advance care planning webinar' });
    await library.resource(community, { input: { title: 'Symptom management toolkit', kind: 'TOOLKIT' } });
    for (const running of Object.values(stack.services)) await running.runtime.drainEvents();
    communityId = community.id;
    memberEmail = (await people.domain.read.accounts([member.id]))[0]!.email;
  };
  const started = performance.now();
  await Promise.all([seed(), ...processes.map((running) => waitReady(running))]);
  process.stdout.write(`[tracing] ${processes.length} processes ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
});

afterAll(async () => {
  await Promise.all(processes.map((running) => running.stop()));
  await stack?.stop();
  await new Promise((resolve) => receiver?.server.close(resolve));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('one community-page request is one trace: the gateway, each subgraph it called with their SQL, and membership’s permission routes', async () => {
  const signIn = await gql<{ signIn: { accessToken: string } }>(gateway.url, `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`, { input: { email: memberEmail, password: TEST_PASSWORD } });
  const token = signIn.data?.signIn.accessToken;
  expect(token).toBeDefined();

  const page = await gql<{ community: { discussionForums: { nodes: unknown[] }; upcomingEvents: { nodes: unknown[] }; library: { totalCount: number } } }>(gateway.url, COMMUNITY_PAGE, { id: communityId }, token);
  expect(page.errors).toBeUndefined();
  expect(page.data!.community.discussionForums.nodes).toHaveLength(1);
  expect(page.data!.community.upcomingEvents.nodes).toHaveLength(1);
  expect(page.data!.community.library.totalCount).toBe(1);

  // The request's trace is the one whose GraphQL operation is CommunityPage at the gateway.
  const traceOfPage = () => receiver.spans.find((span) => span.service === 'gateway' && span.attributes['graphql.operation.name'] === 'CommunityPage')?.traceId;
  const spansOf = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);
  // Each process sends its spans in its own batches: wait until every span's parent has come in
  // and nothing more has for a second.
  const dangling = (spans: ReceivedSpan[]) => {
    const ids = new Set(spans.map((span) => span.spanId));
    return spans.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId)).length;
  };
  const deadline = Date.now() + 20_000;
  let traceId: string | undefined;
  let seen = -1;
  for (;;) {
    traceId = traceOfPage();
    const count = traceId ? spansOf(traceId).length : 0;
    if ((traceId && count === seen && dangling(spansOf(traceId)) === 1) || Date.now() > deadline) break;
    seen = count;
    await sleep(1000);
  }
  expect(traceId).toBeDefined();
  const spans = spansOf(traceId!);
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    return parent ? [parent, ...ancestors(parent)] : [];
  };
  process.stdout.write(`[tracing] the community page, trace ${traceId} (${spans.length} spans):\n${renderTrace(spans)}\n`);

  // One root: the gateway's server span for POST /graphql; every other span descends from it.
  const roots = spans.filter((span) => !span.parentSpanId || !byId.has(span.parentSpanId));
  expect(roots.map((span) => [span.service, span.kind, span.name])).toEqual([['gateway', SERVER, 'POST /graphql']]);

  // Each subgraph the page needs answered a call the gateway made in this trace, with its SQL under it.
  for (const name of ['membership', 'discussion', 'resources', 'events']) {
    const served = spans.filter((span) => span.service === name && span.kind === SERVER && pathOf(span) === '/graphql');
    expect({ name, called: served.length > 0 }).toEqual({ name, called: true });
    for (const span of served) expect(byId.get(span.parentSpanId!)).toMatchObject({ service: 'gateway', kind: CLIENT });
    const sql = spans.filter((span) => span.service === name && isSql(span) && ancestors(span).some((ancestor) => served.includes(ancestor)));
    expect({ name, sql: sql.length > 0 }).toEqual({ name, sql: true });
  }
  // Every statement runs inside a request its own process served (GraphQL or an internal route).
  for (const statement of spans.filter(isSql)) expect(ancestors(statement).find((span) => span.kind === SERVER)?.service).toBe(statement.service);

  // Membership's permission route, asked by the other subgraphs, is in the same trace.
  const access = spans.filter((span) => span.service === 'membership' && span.kind === SERVER && pathOf(span) === '/internal/access');
  expect(access.length).toBeGreaterThan(0);
  for (const span of access) {
    const caller = byId.get(span.parentSpanId!)!;
    expect(caller.kind).toBe(CLIENT);
    expect(['discussion', 'resources', 'events']).toContain(caller.service);
  }
  // Statements carry their text, never their parameters.
  expect(spans.filter(isSql).every((span) => !('db.statement.parameters' in span.attributes) && !('db.query.parameter' in span.attributes))).toBe(true);
});

test('with no OTEL_* settings the preload starts nothing and loads no SDK', () => {
  const probe = `const api = globalThis[Symbol.for('opentelemetry.js.api.1')];
    const loaded = Object.keys(require.cache).filter((path) => path.includes('@opentelemetry/'));
    process.stdout.write(JSON.stringify({ registered: Object.keys(api ?? {}).filter((key) => key !== 'version'), loaded: loaded.length }));`;
  const run = (env: Record<string, string>) => {
    const result = spawnSync(process.execPath, ['--conditions=praxis-source', '--import', 'tsx', '--import', PRELOAD, '-e', probe], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout) as { registered: string[]; loaded: number };
  };
  expect(run({})).toEqual({ registered: [], loaded: 0 });
  expect(run({ OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'gateway' })).toEqual({ registered: [], loaded: 0 });
  // The probe sees a started SDK: the tracer provider and propagator registered, the SDK loaded.
  const on = run({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
  expect(on.registered).toEqual(expect.arrayContaining(['trace', 'propagation']));
  expect(on.loaded).toBeGreaterThan(0);
});
