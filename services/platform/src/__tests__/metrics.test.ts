import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'graphql';
import { request } from 'undici';
import { z } from 'zod';
import { DomainError } from '../errors/domain-error';
import { html } from '../email/html';
import { createMailer, defineTemplate } from '../email/mailer';
import { defineEvent } from '../eventlog/envelope';
import { publish } from '../eventlog/outbox';
import { parseExposition, sampleValue, type MetricSample } from '../metrics/exposition';
import type { RequestBase } from '../server/plugins';
import type { ServiceRuntime } from '../server/runtime';
import { defineSubgraph } from '../server/subgraph';
import { startSmtpCapture, startSubgraphTest, subgraphTestConfig, testSubgraph, type SmtpCapture, type SubgraphTest } from '../testing';

/**
 * A small subgraph on the platform's own skeleton, started as every service is, on membership's
 * schema and role (its event tables and job schema are in the template), so the metrics and
 * readiness are those a real service serves.
 */
const ProbeRecorded = defineEvent('membership', 'probe.recorded', 1, z.object({ note: z.string() }));
const welcome = defineTemplate('probe-welcome', (p: { name: string }) => ({ subject: `Welcome ${p.name}`, text: `Welcome ${p.name}`, html: html`<p>Welcome ${p.name}</p>` }));
const YEAR_AGO = new Date(Date.now() - 365 * 86_400_000);
/** Three seconds: long enough to read readiness before it passes, short enough to wait out. */
const LAG_DEGRADED_MINUTES = 0.05;

let runtime: ServiceRuntime;
let smtp: SmtpCapture;
let releaseConsumer: () => void = () => undefined;
const consumerGate = new Promise<void>((resolve) => (releaseConsumer = resolve));
const applied: string[] = [];

const probeService = defineSubgraph<z.ZodObject, { runtime: ServiceRuntime['config'] }, null, RequestBase>({
  name: 'membership',
  port: 0,
  typeDefs: parse(`
    type Query { probe(id: ID!): Probe, missing: Probe }
    type Probe { id: ID! }
    type Mutation { record(note: String!): Boolean, enqueue(job: String!): Boolean }
  `),
  resolvers: {
    Query: {
      probe: (_: unknown, { id }: { id: string }) => ({ id }),
      missing: () => {
        throw new DomainError('NOT_FOUND', 'No such probe.');
      },
    },
    Mutation: {
      record: async (_: unknown, { note }: { note: string }) => {
        // Backdated, as the demo history is: lag is measured from when the log recorded it.
        await runtime.transaction((manager) => publish(manager, ProbeRecorded, { note }, { occurredAt: YEAR_AGO }));
        return true;
      },
      enqueue: async (_: unknown, { job }: { job: string }) => {
        await runtime.jobs.send(job, { name: 'Ann', to: job === 'probe.email' ? 'ann@example.org' : 'nobody@example.org' });
        return true;
      },
    },
  },
  entities: [],
  migrations: [],
  env: z.object({}),
  wire(started, _config, kit) {
    runtime = started;
    const mailer = createMailer({ transport: 'smtp', url: smtp.url, from: 'Praxis <no-reply@example.org>' }, started.logger);
    kit.onStop(() => mailer.close());
    for (const name of ['probe.email', 'probe.email-refused']) {
      started.jobs.register<{ name: string; to: string }>({ name, retryLimit: 0, handle: ({ name: who, to }) => mailer.send(welcome, to, { name: who }) });
    }
    started.jobs.register({ name: 'probe.fails', retryLimit: 0, handle: () => Promise.reject(new Error('the probe job always fails')) });
    return {
      domain: null,
      access: kit.membershipAccess(),
      consumers: [
        {
          name: 'probe-projection',
          events: [ProbeRecorded],
          handle: async (event) => {
            // Paused until the test lets it go, so its lag can be seen.
            await consumerGate;
            applied.push(event.id);
          },
        },
      ],
      context: (base) => base,
    };
  },
});

const probe = testSubgraph({
  name: 'membership',
  service: probeService,
  testConfig: ({ env }) => subgraphTestConfig(probeService, { CONSUMER_LAG_DEGRADED_MINUTES: String(LAG_DEGRADED_MINUTES), ...env }),
  factories: () => ({}),
});

let probeTest: SubgraphTest<typeof probe>;
let base: string;

beforeAll(async () => {
  smtp = await startSmtpCapture({ reject: (address) => address.startsWith('nobody@') });
  probeTest = await startSubgraphTest(probe);
  base = probeTest.running.url;
});

afterAll(async () => {
  releaseConsumer();
  await probeTest?.stop();
  await smtp?.close();
});

async function graphql(body: { query: string; variables?: Record<string, unknown>; operationName?: string }) {
  const response = await request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' }, body: JSON.stringify(body) });
  return (await response.body.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] };
}

async function scrape(): Promise<MetricSample[]> {
  const response = await request(`${base}/metrics`);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return parseExposition(await response.body.text());
}

async function readiness() {
  const response = await request(`${base}/health/ready`);
  return { status: response.statusCode, body: (await response.body.json()) as { status: string; degraded?: string[]; consumers?: Record<string, { events: number; seconds: number }>; queues?: Record<string, unknown> } };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

test('each operation is counted by name, its errors by code, with its time, and no id reaches a label', async () => {
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  expect((await graphql({ query: 'query ProbeById($id: ID!) { probe(id: $id) { id } }', variables: { id: ids[0] } })).errors).toBeUndefined();
  expect((await graphql({ query: 'query ProbeById($id: ID!) { probe(id: $id) { id } }', variables: { id: ids[1] } })).errors).toBeUndefined();
  expect((await graphql({ query: `{ probe(id: "${ids[2]}") { id } }` })).errors).toBeUndefined();
  expect((await graphql({ query: 'query MissingProbe { missing { id } }' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  // A client may put anything in a name; an id-like one is not a label.
  await graphql({ query: `query Probe_${ids[0]!.replace(/-/g, '_')} { probe(id: "1") { id } }` });
  expect((await graphql({ query: '{ nope }' })).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

  const samples = await scrape();
  const own = samples.filter((sample) => sample.name.startsWith('praxis_'));
  expect(own.every((sample) => sample.labels.service === 'membership')).toBe(true);
  expect(sampleValue(samples, 'praxis_graphql_requests_total', { operation: 'ProbeById', type: 'query' })).toBe(2);
  expect(sampleValue(samples, 'praxis_graphql_requests_total', { operation: 'anonymous', type: 'query' })).toBe(1);
  expect(sampleValue(samples, 'praxis_graphql_requests_total', { operation: 'other' })).toBe(1);
  expect(sampleValue(samples, 'praxis_graphql_errors_total', { operation: 'MissingProbe', code: 'NOT_FOUND' })).toBe(1);
  expect(sampleValue(samples, 'praxis_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
  expect(sampleValue(samples, 'praxis_graphql_errors_total', { operation: 'ProbeById' })).toBeUndefined();
  expect(sampleValue(samples, 'praxis_graphql_request_duration_seconds_count', { operation: 'ProbeById' })).toBe(2);
  expect(sampleValue(samples, 'praxis_graphql_request_duration_seconds_bucket', { operation: 'ProbeById', le: '+Inf' })).toBe(2);

  const values = own.flatMap((sample) => Object.values(sample.labels));
  for (const id of ids) expect(values.some((value) => value.includes(id) || value.includes(id.replace(/-/g, '_')))).toBe(false);
  expect(values.filter((value) => /[0-9a-f]{8}[-_][0-9a-f]{4}/i.test(value))).toEqual([]);
  // The process's own metrics are there too, once.
  // A gauge read at scrape time: the CPU counters count only since the previous scrape of any port, which may be none.
  expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
});

test('the database pools report connections in use, idle and waiting, and statement time', async () => {
  const samples = await scrape();
  for (const pool of ['main', 'eventlog']) {
    expect(sampleValue(samples, 'praxis_db_pool_connections', { pool, state: 'in_use' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'praxis_db_pool_connections', { pool, state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'praxis_db_pool_waiting', { pool })).toBe(0);
  }
  expect(sampleValue(samples, 'praxis_db_pool_connections', { pool: 'main' })).toBeGreaterThan(0);
  expect(sampleValue(samples, 'praxis_db_statement_duration_seconds_count', { pool: 'main' })).toBeGreaterThan(0);
  expect(sampleValue(samples, 'praxis_db_statement_duration_seconds_count', { pool: 'eventlog' })).toBeGreaterThan(0);
});

test('a failing job is counted, queues report their depth, and emails are counted as sent or failed by template', async () => {
  await graphql({ query: 'mutation { enqueue(job: "probe.fails") }' });
  await graphql({ query: 'mutation { enqueue(job: "probe.email") }' });
  await graphql({ query: 'mutation { enqueue(job: "probe.email-refused") }' });
  const samples = await until(scrape, (now) => (sampleValue(now, 'praxis_job_failures_total', { queue: 'probe.fails' }) ?? 0) >= 1 && (sampleValue(now, 'praxis_emails_failed_total') ?? 0) >= 1 && (sampleValue(now, 'praxis_emails_sent_total') ?? 0) >= 1);
  expect(sampleValue(samples, 'praxis_job_failures_total', { queue: 'probe.fails' })).toBe(1);
  expect(sampleValue(samples, 'praxis_job_failures_total', { queue: 'probe.email-refused' })).toBe(1);
  expect(sampleValue(samples, 'praxis_job_failures_total', { queue: 'probe.email' })).toBeUndefined();
  expect(sampleValue(samples, 'praxis_emails_sent_total', { template: 'probe-welcome' })).toBe(1);
  expect(sampleValue(samples, 'praxis_emails_failed_total', { template: 'probe-welcome' })).toBe(1);
  const settled = await until(scrape, (now) => sampleValue(now, 'praxis_job_queue_jobs', { queue: 'probe.fails', state: 'failed' }) === 1);
  expect(sampleValue(settled, 'praxis_job_queue_jobs', { queue: 'probe.fails', state: 'failed' })).toBe(1);
  expect(sampleValue(settled, 'praxis_job_queue_jobs', { queue: 'probe.email', state: 'completed' })).toBe(1);
  expect(sampleValue(settled, 'praxis_job_queue_jobs', { queue: 'probe.email', state: 'created' })).toBe(0);
  expect(sampleValue(settled, 'praxis_job_queue_oldest_waiting_seconds', { queue: 'probe.email' })).toBe(0);
});

test('a paused consumer shows its lag in events and seconds by recorded_at, and readiness turns degraded but stays 200', async () => {
  const before = await readiness();
  expect(before).toMatchObject({ status: 200, body: { status: 'ready', consumers: { 'probe-projection': { events: 0, seconds: 0 } } } });

  await graphql({ query: 'mutation { record(note: "one") }' });
  await graphql({ query: 'mutation { record(note: "two") }' });
  const lagging = await until(scrape, (now) => sampleValue(now, 'praxis_eventlog_consumer_lag_events', { consumer: 'probe-projection' }) === 2);
  expect(sampleValue(lagging, 'praxis_eventlog_consumer_lag_events', { consumer: 'probe-projection', publisher: 'membership' })).toBe(2);
  // The events happened a year ago but entered the log just now: that is no lag to speak of.
  const seconds = sampleValue(lagging, 'praxis_eventlog_consumer_lag_seconds', { consumer: 'probe-projection', publisher: 'membership' })!;
  expect(seconds).toBeGreaterThanOrEqual(0);
  expect(seconds).toBeLessThan(LAG_DEGRADED_MINUTES * 60);
  const fresh = await readiness();
  expect(fresh).toMatchObject({ status: 200, body: { status: 'ready', consumers: { 'probe-projection': { events: 2 } } } });

  const degraded = await until(readiness, (now) => now.body.status === 'degraded');
  expect(degraded.status).toBe(200);
  expect(degraded.body).toMatchObject({ status: 'degraded', consumers: { 'probe-projection': { events: 2 } } });
  expect(degraded.body.degraded).toEqual([expect.stringMatching(/^consumer probe-projection is \d+ s behind the event log$/)]);
  expect(degraded.body.queues).toHaveProperty(['probe.email']);
  expect(applied).toEqual([]);

  releaseConsumer();
  const caughtUp = await until(readiness, (now) => now.body.status === 'ready');
  expect(caughtUp).toMatchObject({ status: 200, body: { status: 'ready', consumers: { 'probe-projection': { events: 0, seconds: 0 } } } });
  expect(applied).toHaveLength(2);
  expect(sampleValue(await scrape(), 'praxis_eventlog_consumer_lag_seconds', { consumer: 'probe-projection' })).toBe(0);
});
