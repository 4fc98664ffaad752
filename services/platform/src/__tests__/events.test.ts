import { Pool } from 'pg';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '../db/datasource';
import { EventConsumers, type ConsumerDefinition } from '../eventlog/consumer';
import { defineEvent, type EventEnvelope } from '../eventlog/envelope';
import { publish } from '../eventlog/outbox';
import { OutboxRelay } from '../eventlog/relay';
import { createLogger } from '../logging/logger';
import { resetDatabase, workerDatabase } from '../testing';

// The platform's event tables live in every service schema; membership's serves as the
// publisher here because its role and schema exist in every test database.
const SERVICE = { schema: 'membership', jobSchema: 'membership_jobs' };
const Noted = defineEvent('membership', 'test.Noted', 1, z.object({ n: z.number().int() }));
const logger = createLogger({ service: 'events-test', level: 'silent' });

let dataSource: DataSource;
let eventlog: Pool;
let relay: OutboxRelay;

beforeAll(async () => {
  await resetDatabase([SERVICE]);
  const url = (await workerDatabase()).urlFor('membership');
  dataSource = createServiceDataSource({ url, schema: 'membership', entities: [], migrations: [], applicationName: 'events-test', poolSize: 25 }).dataSource;
  await dataSource.initialize();
  eventlog = new Pool({ connectionString: url, max: 4 });
  relay = new OutboxRelay({ publisher: 'membership', dataSource, eventlog, logger });
});
afterAll(async () => {
  await relay.stop();
  await eventlog.end();
  await dataSource.destroy();
});
beforeEach(() => resetDatabase([SERVICE]));

const note = (n: number) => dataSource.transaction((manager) => publish(manager, Noted, { n }));
const logged = async () => (await eventlog.query<{ seq: string; payload: { n: number } }>(`SELECT seq, payload FROM eventlog.events WHERE type = 'test.Noted' ORDER BY seq`)).rows;

function collector(name: string, seen: EventEnvelope[], fail?: (event: EventEnvelope) => boolean): ConsumerDefinition {
  return {
    name,
    events: [Noted],
    async handle(event) {
      if (fail?.(event)) throw new Error('handler failed');
      seen.push(event);
    },
  };
}

test('an event published in a transaction that rolls back is never delivered', async () => {
  await expect(
    dataSource.transaction(async (manager) => {
      await publish(manager, Noted, { n: 1 });
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  await note(2);
  await relay.drain();
  const seen: EventEnvelope[] = [];
  const consumers = new EventConsumers({ dataSource, eventlog, consumers: [collector('rollback', seen)], logger });
  await consumers.drain();
  expect(seen.map((event) => (event.payload as { n: number }).n)).toEqual([2]);
  expect((await logged()).map((row) => row.payload.n)).toEqual([2]);
});

test('concurrent publishers get a gap-free sequence, each event once', async () => {
  await Promise.all(Array.from({ length: 40 }, (_, i) => note(i)));
  await Promise.all([relay.drain(), relay.drain(), relay.drain()]);
  const rows = await logged();
  expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  expect(new Set(rows.map((row) => row.payload.n)).size).toBe(40);
});

test('a consumer that starts late replays everything, then only what is new', async () => {
  for (let n = 1; n <= 5; n += 1) await note(n);
  await relay.drain();
  const seen: EventEnvelope[] = [];
  const late = new EventConsumers({ dataSource, eventlog, consumers: [collector('late', seen)], logger });
  await late.drain();
  expect(seen.map((event) => (event.payload as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
  expect(seen.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);

  await note(6);
  await relay.drain();
  const again = new EventConsumers({ dataSource, eventlog, consumers: [collector('late', seen)], logger });
  await again.drain();
  expect(seen.map((event) => (event.payload as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6]);
});

test('a failing handler does not advance the position: delivery is at least once', async () => {
  for (let n = 1; n <= 3; n += 1) await note(n);
  await relay.drain();
  const seen: EventEnvelope[] = [];
  let failures = 1;
  const flaky = collector('flaky', seen, (event) => (event.payload as { n: number }).n === 2 && failures-- > 0);
  const consumers = new EventConsumers({ dataSource, eventlog, consumers: [flaky], logger });
  await expect(consumers.drain()).rejects.toThrow('handler failed');
  // The batch rolled back as a whole, so the retry sees event 1 again; handlers are idempotent.
  await consumers.drain();
  expect(seen.map((event) => (event.payload as { n: number }).n)).toEqual([1, 1, 2, 3]);
  const positions = await dataSource.query(`SELECT seq FROM event_positions WHERE consumer = 'flaky'`);
  expect(positions).toEqual([{ seq: '3' }]);
});

test('a consumer moves past events of types it does not handle, so they never count as lag, but not past one it has yet to handle', async () => {
  const Other = defineEvent('membership', 'test.Other', 1, z.object({ n: z.number().int() }));
  await note(1);
  await dataSource.transaction((manager) => publish(manager, Other, { n: 2 }));
  await dataSource.transaction((manager) => publish(manager, Other, { n: 3 }));
  await relay.drain();
  const seen: EventEnvelope[] = [];
  const consumers = new EventConsumers({ dataSource, eventlog, consumers: [collector('trailing', seen)], logger, batchSize: 1 });
  await consumers.drain();
  expect(seen.map((event) => event.seq)).toEqual([1]);
  // Seq 1 filled a batch of one, so the first pass stopped there; the next saw nothing left to handle up to the head.
  expect(await dataSource.query(`SELECT seq FROM event_positions WHERE consumer = 'trailing'`)).toEqual([{ seq: '3' }]);

  await note(4);
  await relay.drain();
  await consumers.drain();
  expect(seen.map((event) => event.seq)).toEqual([1, 4]);
});

test('a consumer is woken by NOTIFY without waiting for its poll', async () => {
  const seen: EventEnvelope[] = [];
  const consumers = new EventConsumers({ dataSource, eventlog, consumers: [collector('live', seen)], logger, pollMs: 60_000 });
  await consumers.start();
  try {
    await note(42);
    await relay.drain();
    const deadline = Date.now() + 5000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.map((event) => (event.payload as { n: number }).n)).toEqual([42]);
  } finally {
    await consumers.stop();
  }
});

test('a NOTIFY wakes only the consumers of the publisher it names, and they read only its part of the log', async () => {
  const Posted = defineEvent('discussion', 'test.Posted', 1, z.object({ n: z.number().int() }));
  const mine: EventEnvelope[] = [];
  const theirs: EventEnvelope[] = [];
  const listening = new Pool({ connectionString: (await workerDatabase()).urlFor('membership'), max: 4 });
  const reads: string[] = [];
  const query = listening.query.bind(listening) as (...args: unknown[]) => Promise<unknown>;
  // Every read of the log names its publisher first.
  jest.spyOn(listening, 'query').mockImplementation(((...args: unknown[]) => {
    if (Array.isArray(args[1]) && typeof args[1][0] === 'string') reads.push(args[1][0]);
    return query(...args);
  }) as never);
  const consumers = new EventConsumers({
    dataSource,
    eventlog: listening,
    consumers: [collector('of-membership', mine), { name: 'of-discussion', events: [Noted, Posted], handle: async (event) => void theirs.push(event) }],
    logger,
    pollMs: 60_000,
  });
  await consumers.start();
  try {
    // The first pass at start reads every publisher of every consumer.
    const deadline = Date.now() + 5000;
    while (reads.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    reads.length = 0;

    await note(7);
    await relay.drain();
    while (mine.length + theirs.length < 2 && Date.now() < deadline + 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([mine.length, theirs.length]).toEqual([1, 1]);
    // Each consumer reads membership's part until it comes back empty; nobody reads discussion's.
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.filter((publisher) => publisher !== 'membership')).toEqual([]);
  } finally {
    await consumers.stop();
    await listening.end();
  }
});

test('the poll reads the log only for a consumer behind its head, and finds a position moved back without a NOTIFY', async () => {
  const seen: EventEnvelope[] = [];
  const polled = new Pool({ connectionString: (await workerDatabase()).urlFor('membership'), max: 4 });
  const logReads: number[] = [];
  const query = polled.query.bind(polled) as (...args: unknown[]) => Promise<unknown>;
  jest.spyOn(polled, 'query').mockImplementation(((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('LATERAL')) logReads.push(Date.now());
    return query(...args);
  }) as never);
  const consumers = new EventConsumers({ dataSource, eventlog: polled, consumers: [collector('polled', seen), collector('polled-too', [])], logger, pollMs: 50 });
  const waitFor = async (check: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  await note(1);
  await relay.drain();
  await consumers.start();
  try {
    await waitFor(() => seen.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Caught up: a second of polls (about twenty) reads the log for nobody.
    logReads.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(logReads).toEqual([]);

    // `ops replay` moves a position back and sends nothing; the next poll sees the consumer behind.
    await dataSource.query(`UPDATE event_positions SET seq = 0 WHERE consumer = 'polled'`);
    await waitFor(() => seen.length === 2);
    expect(seen.map((event) => event.seq)).toEqual([1, 1]);
  } finally {
    await consumers.stop();
    await polled.end();
  }
});

test('a drain never runs a consumer beside a pass that a NOTIFY woke: each event is applied once, one batch at a time', async () => {
  const seen: number[] = [];
  let inFlight = 0;
  let most = 0;
  const slow: ConsumerDefinition = {
    name: 'one-at-a-time',
    events: [Noted],
    async handle(event) {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 300));
      seen.push(event.seq);
      inFlight -= 1;
    },
  };
  const consumers = new EventConsumers({ dataSource, eventlog, consumers: [slow], logger, pollMs: 60_000 });
  await consumers.start();
  try {
    await note(1);
    await relay.drain();
    const deadline = Date.now() + 5000;
    while (inFlight === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    // A drain asked for while the woken pass applies seq 1, and seq 2 relayed before that pass ends.
    const drained = consumers.drain();
    await note(2);
    await relay.drain();
    await drained;
    while (seen.length < 2 && Date.now() < deadline + 5000) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect({ seen, most }).toEqual({ seen: [1, 2], most: 1 });
  } finally {
    await consumers.stop();
  }
});

test('a service cannot append events under another publisher name', async () => {
  await expect(
    eventlog.query(`INSERT INTO eventlog.events (publisher, seq, id, type, version, occurred_at, payload) VALUES ('discussion', 1, gen_random_uuid(), 'forged', 1, now(), '{}')`),
  ).rejects.toThrow(/row-level security/);
});

test('a consumer with a batch handler gets a batch of events in log order, in one call', async () => {
  for (let n = 1; n <= 7; n += 1) await note(n);
  await relay.drain();
  const calls: number[][] = [];
  const batched: ConsumerDefinition = {
    name: 'batched',
    events: [Noted],
    handle: async () => {
      throw new Error('per-event handling must not be used when a batch handler exists');
    },
    handleBatch: async (events) => void calls.push(events.map((event) => (event.payload as { n: number }).n)),
  };
  await new EventConsumers({ dataSource, eventlog, consumers: [batched], logger }).drain();
  expect(calls).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
});

test('after stop, a lost connection of the released listener is the pool’s to handle, not a crash', async () => {
  const url = (await workerDatabase()).urlFor('membership');
  const own = new Pool({ connectionString: url, max: 2, application_name: 'listener-after-stop' });
  const poolErrors: Error[] = [];
  own.on('error', (error) => poolErrors.push(error));
  const crashes: Error[] = [];
  const onCrash = (error: Error) => crashes.push(error);
  process.on('uncaughtException', onCrash);
  try {
    const consumers = new EventConsumers({ dataSource, eventlog: own, consumers: [collector('stopping', [])], logger, pollMs: 60_000 });
    await consumers.start();
    await consumers.stop();
    // The listener now idles in the pool; the server ends its session, as when PostgreSQL stops.
    await dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'listener-after-stop'`);
    const deadline = Date.now() + 5000;
    while (poolErrors.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(poolErrors.length).toBeGreaterThanOrEqual(1);
    expect(crashes).toEqual([]);
  } finally {
    process.off('uncaughtException', onCrash);
    await own.end();
  }
});
