import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { membership } from '@praxis/membership/testing';
import { HttpAccessSource, HttpMemberContacts, memberViewer, resourcesContracts, TestClock, type AccessSource, type Mailer, type ServiceRuntime } from '@praxis/platform';
import { countStatements, startSmtpCapture, startSubgraphTest, type SmtpCapture, type SubgraphTest } from '@praxis/platform/testing';
import { EmailJob } from '../notifications/delivery/email-job';
import { DeliveryLookups } from '../notifications/delivery/lookups';
import type { NotificationsConfig } from '../notifications/delivery/types';
import { UnsubscribeTokens } from '../notifications/delivery/unsubscribe';
import { notifications, publishEvents } from '../testing';

/**
 * The email queue delivers a fetched batch of jobs together. These tests work one batch by
 * hand: the emails are queued as the consumer queues them, but without jobs, so only the batch
 * under test sends them. A batch costs the same statements whatever its size, sends each email
 * once however often it is asked to, and never emails someone who may not read the community.
 */
let t: SubgraphTest<typeof notifications, [typeof membership]>;
let smtp: SmtpCapture;
let contacts: HttpMemberContacts;
let access: HttpAccessSource;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startSubgraphTest(notifications, { with: [membership], smtpUrl: smtp.url, clock: new TestClock() });
  contacts = new HttpMemberContacts(t.membership.url, t.running.runtime.auth, 'notifications');
  access = new HttpAccessSource(t.membership.url, t.running.runtime.auth, 'notifications');
});
afterAll(async () => {
  await contacts?.close();
  await access?.close();
  await t?.stop();
  await smtp?.close();
});

interface Harness {
  job: EmailJob;
  /** Addresses handed to the mailer, once per send. */
  sent: string[];
  statements(): number;
  permissionCalls(): number;
}

/** An email job over the service's database that counts its statements, asks membership over HTTP, and records what it sends. */
function harness(options: { refuse?: (address: string) => boolean } = {}): Harness {
  const { runtime } = t.running;
  let statements = 0;
  let permissionCalls = 0;
  const sent: string[] = [];
  let sends = 0;
  const db = { query: (sql: string, params?: unknown[]) => ((statements += 1), runtime.db.query(sql, params)) };
  // Jobs are not queued: the test hands the batch to `deliver` itself.
  const jobs = { sendMany: async () => undefined };
  const counted = Object.create(runtime, { db: { value: db }, jobs: { value: jobs } }) as ServiceRuntime;
  const counting = Object.create(access, {
    communities: { value: (...args: Parameters<AccessSource['communities']>) => ((permissionCalls += 1), access.communities(...args)) },
    membersCommunities: { value: (...args: Parameters<AccessSource['membersCommunities']>) => ((permissionCalls += 1), access.membersCommunities(...args)) },
  }) as AccessSource;
  const mailer: Mailer = {
    async send(_template, to) {
      // An SMTP server answers some messages later than others: outcomes come back spread over time.
      await sleep((sends++ % 8) * 4);
      if (options.refuse?.(to)) throw Object.assign(new Error('try again later'), { responseCode: 451 });
      sent.push(to);
    },
    close: () => undefined,
  };
  const config = { publicAppUrl: 'https://app.example.org', publicGraphUrl: 'https://graph.example.org', undeliverableAfter: 3 } as NotificationsConfig;
  const job = new EmailJob({ runtime: counted, config, contacts, access: counting }, mailer, new UnsubscribeTokens('a-test-secret-of-at-least-32-characters'), new DeliveryLookups(contacts, counting));
  return { job, sent, statements: () => statements, permissionCalls: () => permissionCalls };
}

/**
 * One review notification for each member, queued for email as the consumer queues it. The
 * members chose in-app only while the notifications were made, so the service itself sends
 * nothing; then they choose email again, which delivery reads when it sends.
 */
async function queued(job: EmailJob, members: { id: string }[], community: { id: string; networkId: string }): Promise<string[]> {
  const kinds = (channel: 'IN_APP' | 'EMAIL') => ({ channels: [{ kind: 'RESOURCE_REVIEWED' as const, channel }] });
  for (const member of members) await t.factories.preferences(member, kinds('IN_APP'));
  await publishEvents(
    resourcesContracts.ResourceReviewed,
    members.map((member, index) => ({
      resourceId: randomUUID(),
      networkId: community.networkId,
      communityId: community.id,
      contributorId: member.id,
      reviewerId: null,
      decision: 'APPROVED' as const,
      reason: null,
      title: `Resource ${index + 1}`,
    })),
  );
  await t.running.runtime.drainEvents();
  for (const member of members) await t.factories.preferences(member, kinds('EMAIL'));
  const rows: { id: string; recipient_id: string }[] = await t.running.runtime.db.query(
    `SELECT id, recipient_id FROM notifications WHERE recipient_id = ANY($1::uuid[]) AND kind = 'RESOURCE_REVIEWED'`,
    [members.map((member) => member.id)],
  );
  await t.running.runtime.transaction((manager) => job.enqueue(manager, rows.map((row) => ({ notificationId: row.id, recipientId: row.recipient_id }))));
  return rows.map((row) => row.id);
}

async function members(community: Parameters<typeof t.people.memberOf>[0], count: number, prefix = 'member') {
  const made = [];
  for (let index = 0; index < count; index += 1) {
    const email = `${prefix}-${index}-${randomUUID().slice(0, 8)}@example.org`;
    made.push(Object.assign(await t.people.memberOf(community, 'MEMBER', { email }), { email }));
  }
  return made;
}

async function statuses(ids: string[]): Promise<Record<string, number>> {
  const rows: { status: string; n: number }[] = await t.running.runtime.db.query(
    'SELECT status, count(*)::int AS n FROM email_deliveries WHERE notification_id = ANY($1::uuid[]) GROUP BY status',
    [ids],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

test('a batch of 24 emails costs the statements and calls of a batch of 3: here one to read them and one to record what became of them; in membership one for contacts and one for permissions', async () => {
  const community = await t.people.community();
  const costs = [];
  for (const size of [3, 24]) {
    const h = harness();
    const ids = await queued(h.job, await members(community, size), community);
    const before = h.statements();
    const { statements } = await countStatements({ membership: t.membership.runtime.queries }, () => Promise.all(ids.map((id) => h.job.deliver(id))));
    costs.push({ here: h.statements() - before, membership: statements.membership, permissionCalls: h.permissionCalls() });
    expect(h.sent).toHaveLength(size);
    expect(await statuses(ids)).toEqual({ SENT: size });
  }
  expect(costs).toEqual([
    { here: 2, membership: 2, permissionCalls: 1 },
    { here: 2, membership: 2, permissionCalls: 1 },
  ]);
});

test('exactly once: a notification asked for twice in one batch, or again after its batch, is emailed once', async () => {
  const community = await t.people.community();
  const h = harness();
  const people = await members(community, 6);
  const ids = await queued(h.job, people, community);
  await Promise.all([...ids, ...ids].map((id) => h.job.deliver(id)));
  // A job retried, or the log replayed, after the batch went out.
  await Promise.all(ids.map((id) => h.job.deliver(id)));
  expect([...h.sent].sort()).toEqual(people.map((member) => member.email).sort());
  const attempts: { attempts: number }[] = await t.running.runtime.db.query('SELECT attempts FROM email_deliveries WHERE notification_id = ANY($1::uuid[])', [ids]);
  expect(attempts.map((row) => row.attempts)).toEqual(ids.map(() => 1));
});

test('never leak: in one batch, members who left or were removed get nothing, the others get theirs, all asked about in one call', async () => {
  const community = await t.people.community({ visibility: 'MEMBERS_ONLY' });
  const h = harness();
  const staying = await members(community, 4, 'staying');
  const [left, removed] = await members(community, 2, 'leaving');
  const ids = await queued(h.job, [...staying, left!, removed!], community);
  // After the emails were queued and before they go out: the check is made at delivery.
  await t.people.domain.roster.leave(memberViewer(left!.id), community.id);
  await t.people.domain.roster.remove(memberViewer(community.coordinator.id), { communityId: community.id, memberId: removed!.id, reason: 'Left the service' });

  await Promise.all(ids.map((id) => h.job.deliver(id)));
  expect([...h.sent].sort()).toEqual(staying.map((member) => member.email).sort());
  expect(h.permissionCalls()).toBe(1);
  const skipped: { recipient_id: string; skipped_reason: string }[] = await t.running.runtime.db.query(
    "SELECT recipient_id, skipped_reason FROM email_deliveries WHERE notification_id = ANY($1::uuid[]) AND status = 'SKIPPED' ORDER BY skipped_reason",
    [ids],
  );
  expect(skipped).toEqual(expect.arrayContaining([{ recipient_id: left!.id, skipped_reason: 'NO_ACCESS' }, { recipient_id: removed!.id, skipped_reason: 'NO_ACCESS' }]));
  expect(skipped).toHaveLength(2);
});

test('a transient refusal fails only its own job, for pg-boss to retry; the rest of the batch is sent and recorded', async () => {
  const community = await t.people.community();
  const h = harness({ refuse: (address) => address.startsWith('busy-') });
  const [busy] = await members(community, 1, 'busy');
  const others = await members(community, 3);
  const ids = await queued(h.job, [busy!, ...others], community);
  const [busyId] = (await t.running.runtime.db.query('SELECT id FROM notifications WHERE recipient_id = $1', [busy!.id])) as { id: string }[];

  const results = await Promise.allSettled(ids.map((id) => h.job.deliver(id)));
  expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
  expect(results[ids.indexOf(busyId!.id)]!.status).toBe('rejected');
  expect(await statuses(ids)).toEqual({ SENT: 3, QUEUED: 1 });
  const [retry] = (await t.running.runtime.db.query('SELECT attempts, last_error FROM email_deliveries WHERE notification_id = $1', [busyId!.id])) as { attempts: number; last_error: string }[];
  expect(retry).toEqual({ attempts: 1, last_error: 'SMTP_451' });
});
