/**
 * `npm run bench:notifications`: one reply in a thread with 2,000 followers (issue 17), through
 * the services as `npm start` runs them (default poll intervals, workers on), with every email
 * going to a real SMTP server in-process. Prints, from the moment the reply is committed: when all
 * 2,000 in-app notifications are written, when their emails are queued, when the first and last
 * email reach the SMTP server (and the rate), and the process's RSS and heap sampled every 250 ms.
 * Figures are printed, never asserted.
 *
 *   npm run seed -- --scale && npm run bench:notifications      on the scale data (its 10,000-member community)
 *   npm run bench:notifications -- --generated                  a fresh database with a generated community of 2,001
 *   npm run bench:notifications -- --cpu-profile <file>         also records a CPU profile from the reply to the last email
 *
 * The scale mode uses PRAXIS_DATA_DIR's PostgreSQL like `npm start` (stop it first); the generated
 * mode a temporary one. Followers, the thread and the reply are made through discussion's domain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@praxis/postgres';
import { mapBounded, type RunningService } from '@praxis/platform';
import { startSmtpCapture } from '@praxis/platform/testing';

const FOLLOWERS = 2_000;
const SAMPLE_MS = 250;
const TITLE = 'Bench: a thread two thousand people follow';
const generated = process.argv.includes('--generated');
const profileFile = process.argv.includes('--cpu-profile') ? process.argv[process.argv.indexOf('--cpu-profile') + 1] : undefined;
const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

interface Sample {
  at: number;
  rss: number;
  heap: number;
}

async function main(): Promise<void> {
  const smtp = await startSmtpCapture();
  const temporary = generated ? mkdtempSync(join(tmpdir(), 'praxis-bench-notifications-')) : undefined;
  // Read once, when the stack's settings are first imported: every service mails the capture.
  Object.assign(process.env, { EMAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' });
  if (temporary) Object.assign(process.env, { PRAXIS_DATA_DIR: temporary, PRAXIS_PG_PORT: String(await freePort()) });
  const { bootDatabase, startServices, stackLogger } = await import('../lib/stack.js');
  const logger = stackLogger();
  const database = await bootDatabase(logger);
  try {
    const services = await startServices(database, { ports: 'ephemeral' });
    try {
      await run(Object.fromEntries(services.running.map((service: RunningService) => [service.name, service])));
    } finally {
      await services.stop();
    }
  } finally {
    await database.stop();
    await smtp.close();
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }

  async function run(running: Record<string, RunningService>): Promise<void> {
    const { DiscussionFactories } = await import('@praxis/discussion/testing');
    type Running<T extends abstract new (...args: never[]) => unknown> = ConstructorParameters<T>[0];
    const talk = new DiscussionFactories(running.discussion as unknown as Running<typeof DiscussionFactories>);
    const notifications = running.notifications!;
    const drainAll = async () => {
      for (const service of Object.values(running)) await service.runtime.drainEvents();
    };

    let started = performance.now();
    const world = generated ? await generatedCommunity(running) : await scaleCommunity(running);
    const [starter, replier] = [world.members[0]!, world.members[FOLLOWERS]!];
    const thread = await talk.thread(world.forum as Parameters<typeof talk.thread>[0], starter, { title: TITLE });
    const followers = world.members.slice(0, FOLLOWERS);
    await mapBounded(followers, 8, (memberId) => talk.domain.engagement.followThread(talk.access(memberId), thread.id, true));
    // Notifications' projections (members, follows) must have caught up before the reply is timed.
    await drainAll();
    await drainAll();
    const follows = (await notifications.runtime.db.query('SELECT count(*)::int AS n FROM thread_follows WHERE thread_id = $1', [thread.id])) as { n: number }[];
    say(`${world.label}; thread with ${follows[0]!.n.toLocaleString('en')} followers ready in ${seconds(performance.now() - started)}`);

    const samples: Sample[] = [];
    const sample = () => {
      const usage = process.memoryUsage();
      samples.push({ at: performance.now(), rss: usage.rss, heap: usage.heapUsed });
    };
    const sampler = setInterval(sample, SAMPLE_MS);
    sample();
    await sleep(2_000);

    const count = async (sql: string) => ((await notifications.runtime.db.query(sql, [thread.id])) as { n: number }[])[0]!.n;
    const written = () => count("SELECT count(*)::int AS n FROM notifications WHERE target_id = $1 AND kind = 'THREAD_REPLY'");
    const queued = () => count("SELECT count(*)::int AS n FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.target_id = $1 AND n.kind = 'THREAD_REPLY'");
    const sent = () => count("SELECT count(*)::int AS n FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.target_id = $1 AND d.status = 'SENT'");
    // Counted as they arrive: filtering every captured message on each 20 ms poll took 4% of the process's CPU.
    let counted = 0;
    let matching = 0;
    const mails = () => {
      for (; counted < smtp.messages.length; counted += 1) if (smtp.messages[counted]!.subject.includes(TITLE)) matching += 1;
      return matching;
    };

    const mailsBefore = smtp.messages.length;
    const connectionsBefore = smtp.connections();
    const statementsBefore = await statementCounts(running);
    const loadBefore = loadavg()[0]!;
    const profiler = profileFile ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    started = performance.now();
    await talk.reply(thread, replier, { body: 'One reply, two thousand people told.' });
    const replied = performance.now() - started;
    const marks: Record<string, number> = {};
    let firstMail: number | undefined;
    const deadline = started + 600_000;
    while (!marks.delivered && performance.now() < deadline) {
      const now = performance.now() - started;
      if (firstMail === undefined && mails() > 0) firstMail = now;
      if (!marks.written && (await written()) >= FOLLOWERS) marks.written = now;
      if (!marks.queued && (await queued()) >= FOLLOWERS) marks.queued = now;
      if (!marks.delivered && mails() >= FOLLOWERS) marks.delivered = now;
      await sleep(20);
    }
    const lastMail = marks.delivered;
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(profileFile!, JSON.stringify(profile));
      profiler.disconnect();
    }
    while ((await sent()) < FOLLOWERS && performance.now() < deadline) await sleep(50);
    marks.recorded = performance.now() - started;
    const statements = await statementCounts(running);
    const loadAfter = loadavg()[0]!;
    const attempts = (await notifications.runtime.db.query(
      `SELECT d.status, d.attempts, coalesce(d.last_error, '') AS error, count(*)::int AS n FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE n.target_id = $1 AND n.kind = 'THREAD_REPLY' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [thread.id],
    )) as { status: string; attempts: number; error: string; n: number }[];
    await sleep(2_000);
    clearInterval(sampler);
    sample();

    if (!lastMail || firstMail === undefined) throw new Error(`only ${mails()} of ${FOLLOWERS} emails arrived within 10 minutes (${await written()} written, ${await queued()} queued)`);
    const recipients = new Set(smtp.messages.filter((mail) => mail.subject.includes(TITLE)).flatMap((mail) => mail.to)).size;
    const before = samples.filter((entry) => entry.at < started);
    const during = samples.filter((entry) => entry.at >= started);
    const stat = (key: 'rss' | 'heap') => ({
      before: Math.max(...before.map((entry) => entry[key])),
      peak: Math.max(...during.map((entry) => entry[key])),
      end: during[during.length - 1]![key],
    });
    const rss = stat('rss');
    const heap = stat('heap');
    const rows: [string, string][] = [
      ['reply committed', seconds(replied)],
      [`${FOLLOWERS.toLocaleString('en')} in-app notifications written`, seconds(marks.written!)],
      [`${FOLLOWERS.toLocaleString('en')} emails queued`, seconds(marks.queued!)],
      ['first email at the SMTP server', seconds(firstMail)],
      [`last email at the SMTP server (${recipients.toLocaleString('en')} recipients)`, seconds(lastMail)],
      ['every delivery recorded SENT', seconds(marks.recorded)],
      ['other emails at the SMTP server meanwhile', String(smtp.messages.length - mailsBefore - recipients)],
      ['delivery rate, queued to last email', `${(FOLLOWERS / ((lastMail - marks.queued!) / 1000)).toFixed(0)} emails/s`],
      ['delivery rate, first to last email', `${(FOLLOWERS / ((lastMail - firstMail) / 1000)).toFixed(0)} emails/s over ${smtp.connections() - connectionsBefore} SMTP connections (${smtp.connections()} since the SMTP server started)`],
      ['deliveries by status, attempts and last error', attempts.map((row) => `${row.status}×${row.attempts}${row.error ? ` ${row.error}` : ''}: ${row.n}`).join(', ')],
      ...Object.entries(statements).map(([pool, count]): [string, string] => [`SQL statements, ${pool}`, `${count - (statementsBefore[pool] ?? 0)}`]),
      ['load average (1 min): before / after', `${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`],
      ['RSS: before / peak / end', `${mb(rss.before)} / ${mb(rss.peak)} / ${mb(rss.end)}`],
      ['heap used: before / peak / end', `${mb(heap.before)} / ${mb(heap.peak)} / ${mb(heap.end)}`],
    ];
    say(`\nOne reply, ${FOLLOWERS.toLocaleString('en')} followers (times from the reply; memory every ${SAMPLE_MS} ms, ${samples.length} samples, whole stack in this process):`);
    for (const [label, value] of rows) say(`  ${label.padEnd(58)} ${value}`);
    say(`\n  RSS over time (MB, every ${SAMPLE_MS * 4} ms): ${samples.filter((_, index) => index % 4 === 0).map((entry) => Math.round(entry.rss / 1048576)).join(' ')}`);
  }
}

/** Statements sent on each service's watched pools so far (pg-boss's own pool is not watched). */
async function statementCounts(running: Record<string, RunningService>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of ['notifications', 'membership']) {
    const metric = await running[name]!.runtime.metrics.statementDuration.get();
    for (const value of metric.values) {
      if (value.metricName?.endsWith('_count')) counts[`${name} ${String(value.labels.pool)}`] = value.value;
    }
  }
  return counts;
}

interface World {
  label: string;
  forum: { id: string };
  /** Active members: the first 2,000 follow, the next one replies. */
  members: string[];
}

/** The scale data's 10,000-member community, from `npm run seed -- --scale`. */
async function scaleCommunity(running: Record<string, RunningService>): Promise<World> {
  const membership = running.membership!.runtime.db;
  const [community] = (await membership.query("SELECT id FROM communities WHERE slug = 'scale-community'")) as { id: string }[];
  if (!community) throw new Error('no scale data: run `npm run seed -- --scale` first, or use `npm run bench:notifications -- --generated`');
  const members = ((await membership.query(
    "SELECT member_id FROM memberships WHERE community_id = $1 AND status = 'ACTIVE' AND role = 'MEMBER' ORDER BY joined_at, member_id LIMIT $2",
    [community.id, FOLLOWERS + 1],
  )) as { member_id: string }[]).map((row) => row.member_id);
  const [forum] = (await running.discussion!.runtime.db.query("SELECT id FROM forums WHERE community_id = $1 AND kind = 'FORUM' AND archived_at IS NULL ORDER BY position LIMIT 1", [community.id])) as { id: string }[];
  if (!forum || members.length <= FOLLOWERS) throw new Error('the scale community has no forum or too few members');
  // On a first start over the scale data, notifications builds its projections from the whole log.
  const started = performance.now();
  await running.notifications!.runtime.drainEvents();
  return { label: `Scale community (notifications caught up with the log in ${seconds(performance.now() - started)})`, forum, members };
}

/** A fresh network with one community of 2,001 verified members, made through membership's domain. */
async function generatedCommunity(running: Record<string, RunningService>): Promise<World> {
  const { MembershipFactories } = await import('@praxis/membership/testing');
  const { DiscussionFactories } = await import('@praxis/discussion/testing');
  type Running<T extends abstract new (...args: never[]) => unknown> = ConstructorParameters<T>[0];
  const people = new MembershipFactories(running.membership as unknown as Running<typeof MembershipFactories>);
  const talk = new DiscussionFactories(running.discussion as unknown as Running<typeof DiscussionFactories>);
  const community = await people.community({ name: 'Generated community of practice' });
  const members = await mapBounded(
    Array.from({ length: FOLLOWERS + 1 }, (_, n) => n),
    8,
    async () => (await people.memberOf(community)).id,
  );
  await running.membership!.runtime.drainEvents();
  const forum = await talk.forum(community);
  return { label: `Generated community of ${members.length.toLocaleString('en')}`, forum, members };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
