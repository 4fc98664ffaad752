import { createLogger, loadServiceModules, readSubgraphs, SeedingClock, type RunningService, type SeedContext } from '@praxis/platform';
import { resetDatabase, startSmtpCapture, type SmtpCapture } from '@praxis/platform/testing';

/**
 * The demo seed as `npm start` runs it: every service in-process, sharing one seeding clock, with
 * 18 months of history written through the domain. The one test that seeds the whole demo.
 */
const modules = loadServiceModules();
const clock = new SeedingClock();
const services: Record<string, RunningService> = {};
let smtp: SmtpCapture;

beforeAll(async () => {
  await resetDatabase(modules);
  smtp = await startSmtpCapture();
  const env: Record<string, string> = {};
  for (const entry of readSubgraphs()) {
    const module = modules.find((candidate) => candidate.name === entry.name)!;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const testing = require(`${entry.package}/testing`) as { testConfig(options: { smtpUrl?: string; env?: Record<string, string> }): Promise<unknown> };
    services[entry.name] = await module.start(await testing.testConfig({ smtpUrl: smtp.url, env }), { clock });
    if (entry.name === 'membership') env.MEMBERSHIP_INTERNAL_URL = services[entry.name]!.url;
  }
}, 60_000);

afterAll(async () => {
  for (const running of Object.values(services).reverse()) await running.stop();
  await smtp?.close();
});

async function seedDemo(): Promise<void> {
  const context: SeedContext = {
    manifest: { networks: {}, communities: {}, members: {}, communityMembers: {} },
    logger: createLogger({ service: 'seed-test', level: 'silent' }),
    progress: { start: () => undefined, increment: () => undefined, stop: () => undefined },
    randomSeed: 20260522,
    clock,
  };
  for (const module of modules) await module.seed?.demo(services[module.name]!, context);
  // Twice round: membership's projections read what the services after it published.
  for (let round = 0; round < 2; round += 1) for (const running of Object.values(services)) await running.runtime.drainEvents();
}

const query = async <T>(service: string, sql: string, params: unknown[] = []): Promise<T[]> => (await services[service]!.runtime.db.query(sql, params)) as T[];
const count = async (service: string, sql: string, params: unknown[] = []): Promise<number> => Number((await query<{ n: string }>(service, sql, params))[0]!.n);

test('writes 18 months of honest history for the demo networks, sends no email, and seeds once', async () => {
  await seedDemo();
  expect(clock.replaying).toBe(false);

  // HPCO's activity is spread over the quarters, not piled into the current one.
  const [hpco] = await query<{ id: string }>('membership', `SELECT id FROM networks WHERE slug = 'hpco'`);
  const quarters = await query<{ quarter: string; n: string }>(
    'membership',
    `SELECT to_char(date_trunc('quarter', occurred_at AT TIME ZONE 'America/Toronto'), 'YYYY-"Q"Q') AS quarter, count(*) AS n
     FROM member_activity WHERE network_id = $1 AND occurred_at > now() - interval '18 months' GROUP BY 1 ORDER BY 1`,
    [hpco!.id],
  );
  const lastSix = quarters.slice(-6);
  expect(lastSix.filter((row) => Number(row.n) > 0).length).toBeGreaterThanOrEqual(5);

  // Join requests were decided over time, some declined with a reason, a few wait now.
  expect(await count('membership', `SELECT count(*) AS n FROM join_requests WHERE status = 'DECLINED' AND decline_reason IS NOT NULL AND decided_at < now() - interval '7 days'`)).toBeGreaterThanOrEqual(3);
  expect(await count('membership', `SELECT count(*) AS n FROM join_requests WHERE status = 'APPROVED' AND decided_at > created_at`)).toBeGreaterThan(20);
  expect(await count('membership', `SELECT count(*) AS n FROM memberships WHERE status = 'LEFT'`)).toBeGreaterThan(0);
  expect(await count('membership', `SELECT count(*) AS n FROM join_requests WHERE status = 'PENDING'`)).toBeGreaterThan(0);

  // Past meetings and webinars with attendance, some with a waitlist.
  expect(await count('events', `SELECT count(DISTINCT e.id) AS n FROM events e JOIN event_attendance a ON a.event_id = e.id WHERE e.starts_at < now() - interval '300 days'`)).toBeGreaterThan(5);
  expect(await count('events', `SELECT count(*) AS n FROM event_registrations WHERE status = 'WAITLISTED'`)).toBeGreaterThan(0);

  // The log carries the time things happened, over the whole history.
  const span = (await query<{ oldest: Date; recent: string }>('membership', `SELECT min(occurred_at) AS oldest, count(*) FILTER (WHERE occurred_at > now() - interval '30 days') AS recent FROM eventlog.events`))[0]!;
  expect(Date.now() - new Date(span.oldest).getTime()).toBeGreaterThan(500 * 86_400_000);
  expect(await count('membership', `SELECT count(*) AS n FROM eventlog.events WHERE occurred_at < now() - interval '180 days' AND publisher IN ('discussion', 'events', 'resources')`)).toBeGreaterThan(100);

  // Conversations, contributions and registrations are dated when they happened, not when seeded.
  expect(await count('discussion', `SELECT count(*) AS n FROM posts WHERE created_at < now() - interval '180 days'`)).toBeGreaterThan(50);
  expect(await count('resources', `SELECT count(*) AS n FROM resources WHERE created_at < now() - interval '180 days'`)).toBeGreaterThan(10);
  expect(await count('events', `SELECT count(*) AS n FROM event_registrations WHERE registered_at < now() - interval '180 days'`)).toBeGreaterThan(50);

  // Nothing about the past was mailed, nor queued to be.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(smtp.messages).toEqual([]);
  expect(await count('membership', `SELECT count(*) AS n FROM membership_jobs.job WHERE name = 'membership.send-email'`)).toBe(0);

  // Seeding again changes nothing.
  const before = await snapshot();
  await seedDemo();
  expect(await snapshot()).toEqual(before);
}, 240_000);

async function snapshot(): Promise<Record<string, number>> {
  return {
    events: await count('membership', 'SELECT count(*) AS n FROM eventlog.events'),
    members: await count('membership', 'SELECT count(*) AS n FROM members'),
    requests: await count('membership', 'SELECT count(*) AS n FROM join_requests'),
    posts: await count('discussion', 'SELECT count(*) AS n FROM posts'),
    resources: await count('resources', 'SELECT count(*) AS n FROM resources'),
    meetings: await count('events', 'SELECT count(*) AS n FROM events'),
  };
}
