import { Client } from 'pg';
import { PgBoss } from 'pg-boss';
import { discussionContracts } from '@praxis/platform';
import { startSubgraphTest, workerDatabase, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '@praxis/membership/testing';
import { publishForeignEvent } from '@praxis/discussion/testing';
import { runOps } from '../ops/index';
import { openTarget, parseOpsSettings, readStatus, type OpsService, type Status } from '../ops/index';

/**
 * `npm run ops` against the test database, with membership really started: its member-activity
 * consumer applies discussion's events until it is stopped, then falls behind.
 */

let t: SubgraphTest<typeof membership>;
let adminUrl: string;
let perService: Record<string, string>;
const services: OpsService[] = [{ name: membership.service.name, schema: membership.service.schema, jobSchema: membership.service.jobSchema }];
let community: { id: string; network: { id: string } };
let memberId: string;

async function admin<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function posted(at: Date) {
  return publishForeignEvent(
    discussionContracts.ThreadPosted,
    { memberId, communityId: community.id, networkId: community.network.id, threadId: crypto.randomUUID(), postId: crypto.randomUUID(), forumId: crypto.randomUUID(), kind: 'DISCUSSION', subject: null },
    at,
  );
}

async function status(env: Record<string, string>): Promise<Status> {
  const target = await openTarget(parseOpsSettings(env, services), services);
  try {
    return await readStatus(target);
  } finally {
    await target.close();
  }
}

const activityOf = (value: Status) => value.consumers.find((row) => row.consumer === 'member-activity' && row.publisher === 'discussion');

beforeAll(async () => {
  const db = await workerDatabase();
  adminUrl = db.adminUrl;
  perService = { MEMBERSHIP_DATABASE_URL: db.urlFor('membership'), EVENTLOG_DATABASE_URL: db.urlFor('membership') };
  t = await startSubgraphTest(membership);
  community = await t.factories.community();
  memberId = (await t.factories.memberOf(community as never)).id;
  await posted(new Date());
  await t.running.runtime.drainEvents();
  // The consumers and job workers stop; the log goes on.
  await t.running.runtime.stopBackground();
});
afterAll(() => t?.stop());

test('status shows a stopped consumer falling behind, by when events entered the log', async () => {
  const before = activityOf(await status({ DATABASE_URL: adminUrl }));
  expect(before).toMatchObject({ service: 'membership', position: 1, head: 1, behind: 0, lagSeconds: 0 });
  // Backdated a year, as seeded history is: lag counts from recorded_at, so it is seconds, not a year.
  for (let i = 0; i < 3; i += 1) await posted(new Date(Date.now() - 365 * 86_400_000));
  await new Promise((resolve) => setTimeout(resolve, 1100));
  for (const env of [{ DATABASE_URL: adminUrl }, perService]) {
    const after = activityOf(await status(env));
    expect(after).toMatchObject({ position: 1, head: 4, behind: 3 });
    expect(after!.lagSeconds).toBeGreaterThanOrEqual(1);
    expect(after!.lagSeconds).toBeLessThan(120);
  }
  const text = await runOps({ command: ['status'] }, services, { DATABASE_URL: adminUrl });
  expect(text).toMatch(/membership\s+member-activity\s+discussion\s+1\s+4\s+3\s+\d+ s/);
  process.stdout.write(`\n$ npm run ops -- status\n${text}`);
});

test('replay resets the positions, empties a projection that needs it, and refuses to skip ahead', async () => {
  expect(Number((await admin<{ n: string }>('SELECT count(*) AS n FROM membership.member_activity'))[0]!.n)).toBe(1);
  await expect(runOps({ command: ['replay', 'membership:member-activity'], from: '9' }, services, perService)).rejects.toThrow(/goes back, not forward/);
  await expect(runOps({ command: ['replay', 'membership:member-activity'], from: '1' }, services, perService)).rejects.toThrow(/--from 0/);
  await expect(runOps({ command: ['replay', 'membership:no-such-consumer'], from: '0' }, services, perService)).rejects.toThrow(/its consumers: .*member-activity/);
  const output = await runOps({ command: ['replay', 'membership:member-activity'], from: '0' }, services, perService);
  expect(output).toContain('discussion: 1 → 0');
  expect(activityOf(await status(perService))).toMatchObject({ position: 0, head: 4, behind: 4 });
  expect(await admin('SELECT 1 FROM membership.member_activity')).toEqual([]);
  // An idempotent consumer replays without a hook: its position alone goes back.
  const attributes = (await status(perService)).consumers.find((row) => row.consumer === 'report-member-attributes')!;
  await runOps({ command: ['replay', 'membership:report-member-attributes'], from: `membership=${attributes.position - 1}` }, services, perService);
  expect((await status(perService)).consumers.find((row) => row.consumer === 'report-member-attributes')!.position).toBe(attributes.position - 1);
});

test('retry puts a failed job back in its queue, by id or all at once', async () => {
  const [{ name: queue } = { name: '' }] = await admin<{ name: string }>(`SELECT name FROM membership_jobs.queue WHERE name = 'membership.send-email'`);
  const boss = new PgBoss({ connectionString: adminUrl, schema: 'membership_jobs', supervise: false, schedule: false, createSchema: false, migrate: false });
  await boss.start();
  const fail = async (message: string) => {
    const id = (await boss.send(queue, { probe: true }, { retryLimit: 0 }))!;
    await boss.fail(queue, id, { message });
    return id;
  };
  try {
    const first = await fail('SMTP refused mail for jane.citizen@health.example.org: mailbox full');
    const listed = await status({ DATABASE_URL: adminUrl });
    expect(listed.failed).toEqual([expect.objectContaining({ id: first, queue, error: 'SMTP refused mail for [email]: mailbox full' })]);
    expect(listed.queues.find((row) => row.queue === queue)!.states.failed).toBe(1);

    await expect(runOps({ command: ['retry', first] }, services, perService)).resolves.toContain(first);
    expect(await admin('SELECT state::text AS state FROM membership_jobs.job WHERE id = $1', [first])).toEqual([{ state: 'retry' }]);
    await expect(runOps({ command: ['retry', first] }, services, perService)).rejects.toThrow(/is retry; only failed jobs/);

    const second = await fail('again');
    const third = await fail('and again');
    await expect(runOps({ command: ['retry'], failed: true, service: 'nope' }, services, perService)).rejects.toThrow(/no service "nope"/);
    const output = await runOps({ command: ['retry'], failed: true, service: 'membership' }, services, { DATABASE_URL: adminUrl });
    expect(output).toContain('Retrying 2 jobs');
    expect(await admin(`SELECT state::text AS state FROM membership_jobs.job WHERE id = ANY($1::uuid[])`, [[second, third]])).toEqual([{ state: 'retry' }, { state: 'retry' }]);
  } finally {
    await boss.stop({ graceful: false, timeout: 1000 });
  }
});

test('settings are checked before any database is touched, naming the variable', async () => {
  await expect(runOps({ command: ['status'] }, services, { DATABASE_URL: 'mysql://nope' })).rejects.toThrow(/DATABASE_URL/);
  await expect(runOps({ command: ['status'] }, [...services, { name: 'events', schema: 'events', jobSchema: 'events_jobs' }], { MEMBERSHIP_DATABASE_URL: perService.MEMBERSHIP_DATABASE_URL! })).rejects.toThrow(/EVENTS_DATABASE_URL/);
  await expect(runOps({ command: ['status'] }, services, { MEMBERSHIP_DATABASE_URL: perService.MEMBERSHIP_DATABASE_URL! })).rejects.toThrow(/EVENTLOG_DATABASE_URL/);
  await expect(runOps({ command: ['replay', 'membership'] }, services, { DATABASE_URL: adminUrl })).rejects.toThrow(/<service>:<consumer>/);
});
