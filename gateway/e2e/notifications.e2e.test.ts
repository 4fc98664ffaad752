import { DateTime } from 'luxon';
import { request } from 'undici';
import { freePort } from '@praxis/postgres';
import type { RunningDiscussion } from '@praxis/discussion';
import type { RunningEvents } from '@praxis/events';
import type { RunningMembership } from '@praxis/membership';
import type { RunningNotifications } from '@praxis/notifications';
import { DiscussionFactories } from '@praxis/discussion/testing';
import { EventsFactories } from '@praxis/events/testing';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { emailsSettled } from '@praxis/notifications/testing';
import type { CapturedMail } from '@praxis/platform/testing';
import { signIn, startStack, type Stack } from './harness';

/**
 * Notifications end to end: members act through the gateway (or the owning service's domain,
 * as its own tests do), the publishers' events reach notifications through the log, and the
 * emails arrive at a real SMTP server. "No email" is said after the email queue has settled.
 */
let stack: Stack;
let people: MembershipFactories;
let talk: DiscussionFactories;
let events: EventsFactories;
let notifications: RunningNotifications;

beforeAll(async () => {
  // Links in emails point at the gateway's public address, as `npm start` gives them.
  const port = await freePort();
  stack = await startStack({ gatewayEnv: { GATEWAY_PORT: String(port), RATE_LIMIT_IP_PER_MINUTE: '1000' }, serviceEnv: { PUBLIC_GRAPH_URL: `http://127.0.0.1:${port}` } });
  people = new MembershipFactories(stack.services.membership as RunningMembership);
  talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
  events = new EventsFactories(stack.services.events as RunningEvents);
  notifications = stack.services.notifications as RunningNotifications;
  // Five subgraphs and a gateway with a fixed port: on a busy machine this takes longer than a test's 30 s.
}, 120_000);
afterAll(() => stack?.stop());

/** Relays what every publisher wrote and lets notifications catch up; twice, because discussion resolves mentions in a consumer of its own first. */
async function settle(): Promise<void> {
  for (let round = 0; round < 2; round += 1) {
    for (const name of ['membership', 'discussion', 'events', 'resources']) await stack.services[name]!.runtime.drainEvents();
    await notifications.runtime.drainEvents();
  }
}

/** Everything announced has been turned into notifications and every queued email has gone out (or been skipped). */
async function quiet(): Promise<void> {
  await settle();
  await emailsSettled(notifications.runtime);
}

let sequence = 0;
type Person = Awaited<ReturnType<MembershipFactories['member']>> & { email: string };
/** A member of the community with an address of their own, so the test can find their mail. */
async function personIn(community: Parameters<MembershipFactories['memberOf']>[0], displayName?: string, role: 'MEMBER' | 'COORDINATOR' = 'MEMBER'): Promise<Person> {
  const email = `notified-${Date.now().toString(36)}-${(sequence += 1)}@example.org`;
  return Object.assign(await people.memberOf(community, role, { email, displayName }), { email });
}

const tokens = new Map<string, string>();
async function tokenOf(person: Person): Promise<string> {
  if (!tokens.has(person.id)) tokens.set(person.id, (await signIn(stack, person.email, TEST_PASSWORD)).accessToken);
  return tokens.get(person.id)!;
}

const mailTo = (person: Person) => stack.smtp.messages.filter((mail) => mail.to.includes(person.email));
const waitForMail = (person: Person, match: (mail: CapturedMail) => boolean = () => true) => stack.smtp.waitFor((mail) => mail.to.includes(person.email) && match(mail));

async function gql<T>(person: Person | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await stack.graphql<T>(query, variables, person ? { token: await tokenOf(person) } : {});
  expect(response.errors).toBeUndefined();
  return response.data!;
}

interface FeedItem {
  kind: string;
  text: string;
  actorName: string | null;
  target: { __typename: string; id?: string; title?: string } | null;
}
/** The member's feed as a front-end reads it, through the gateway. */
async function feedOf(person: Person): Promise<{ unreadCount: number; items: FeedItem[] }> {
  const data = await gql<{ me: { notifications: { unreadCount: number; edges: { node: FeedItem }[] } } }>(
    person,
    `{ me { notifications(first: 50) { unreadCount edges { node { kind text actorName target { __typename ... on DiscussionThread { id title } ... on Event { id } } } } } } }`,
  );
  return { unreadCount: data.me.notifications.unreadCount, items: data.me.notifications.edges.map((edge) => edge.node) };
}

async function discussionWorld(options: { visibility?: 'PUBLIC' | 'MEMBERS_ONLY'; title?: string } = {}) {
  const community = await people.community({ visibility: options.visibility ?? 'PUBLIC', name: `Palliative Care CoP ${(sequence += 1)}` });
  const starter = await personIn(community, 'Priya Starter');
  const forum = await talk.forum(community);
  const thread = await talk.thread(forum, starter, { title: options.title ?? 'Managing breathlessness at home' });
  return { community, starter, forum, thread };
}

const REPLY = `mutation ($input: ReplyToDiscussionThreadInput!) { replyToDiscussionThread(input: $input) { post { id } } }`;
const reply = (person: Person, threadId: string, body: string) => gql(person, REPLY, { input: { threadId, body } });
const followThread = (person: Person, threadId: string) => gql(person, `mutation ($id: ID!) { followDiscussionThread(input: { threadId: $id }) { thread { id } } }`, { id: threadId });

test('1. a mention produces an email and an in-app item', async () => {
  const w = await discussionWorld({ title: 'Syringe driver tips' });
  const author = await personIn(w.community, 'Alex Chen');
  const named = await personIn(w.community, 'Noor Haddad');
  await settle();
  await reply(author, w.thread.id, `Could you share your checklist, @${named.handle}?`);
  await settle();

  const mail = await waitForMail(named);
  expect(mail.subject).toBe(`Alex Chen mentioned you in ${w.community.name}`);
  expect(mail.text).toContain(`Alex Chen mentioned you in “Syringe driver tips” in ${w.community.name}.`);
  expect(mail.text).toContain(`/discussions/threads/${w.thread.id}`);
  expect(mail.html).toContain('Alex Chen mentioned you');
  // Never the post's body.
  expect(mail.text).not.toContain('checklist');

  const feed = await feedOf(named);
  expect(feed.unreadCount).toBe(1);
  expect(feed.items).toEqual([
    { kind: 'MENTION', text: 'Alex Chen mentioned you in “Syringe driver tips”', actorName: 'Alex Chen', target: { __typename: 'DiscussionThread', id: w.thread.id, title: 'Syringe driver tips' } },
  ]);
  await quiet();
  expect(mailTo(author)).toEqual([]);
});

test('2. a reply in a followed thread notifies the followers and the starter, not its author', async () => {
  const w = await discussionWorld({ title: 'Night-time agitation' });
  const follower = await personIn(w.community, 'Sam Follower');
  const replier = await personIn(w.community, 'Rae Replier');
  const bystander = await personIn(w.community, 'Bo Bystander');
  await followThread(follower, w.thread.id);
  // The replier follows too: their own reply must still not come back to them.
  await followThread(replier, w.thread.id);
  await settle();
  await reply(replier, w.thread.id, 'We use a low light and a familiar voice.');
  await settle();

  for (const person of [follower, w.starter]) {
    const mail = await waitForMail(person);
    expect(mail.subject).toBe(`New reply in “Night-time agitation” in ${w.community.name}`);
    expect(mail.text).toContain('Rae Replier replied in “Night-time agitation”');
    expect((await feedOf(person)).items).toEqual([expect.objectContaining({ kind: 'THREAD_REPLY', actorName: 'Rae Replier', target: { __typename: 'DiscussionThread', id: w.thread.id, title: 'Night-time agitation' } })]);
  }
  await quiet();
  expect(mailTo(replier)).toEqual([]);
  expect(mailTo(bystander)).toEqual([]);
  expect((await feedOf(replier)).items).toEqual([]);
  expect((await feedOf(bystander)).items).toEqual([]);
  expect(mailTo(follower)).toHaveLength(1);
});

test('3. registering, being waitlisted, a cancellation and then a promotion send the promotion email', async () => {
  const community = await people.community({ name: `Allied Health Assistants ${(sequence += 1)}` });
  const first = await personIn(community);
  const waiting = await personIn(community);
  const event = await events.event(community, { title: 'Wound care workshop', capacity: 1 });
  await settle();
  const REGISTER = `mutation ($id: ID!) { registerForEvent(input: { eventId: $id }) { registrations { status } } }`;
  expect(await gql(first, REGISTER, { id: event.id })).toEqual({ registerForEvent: { registrations: [{ status: 'REGISTERED' }] } });
  expect(await gql(waiting, REGISTER, { id: event.id })).toEqual({ registerForEvent: { registrations: [{ status: 'WAITLISTED' }] } });
  await quiet();
  expect(mailTo(waiting)).toEqual([]);

  await gql(first, `mutation ($id: ID!) { cancelEventRegistration(input: { eventId: $id }) { registrations { status } } }`, { id: event.id });
  await settle();
  const mail = await waitForMail(waiting);
  expect(mail.subject).toBe(`A place opened up: you are registered for “Wound care workshop” in ${community.name}`);
  expect(mail.text).toContain('you moved off the waitlist');
  expect(mail.text).toContain(`/events/${event.id}`);
  expect((await feedOf(waiting)).items).toEqual([expect.objectContaining({ kind: 'WAITLIST_PROMOTED', target: { __typename: 'Event', id: event.id } })]);
  await quiet();
  expect(mailTo(waiting)).toHaveLength(1);
  expect(mailTo(first)).toEqual([]);
});

test('4. a reminder job sends an email with the join link', async () => {
  const community = await people.community({ name: `Hospice Educators ${(sequence += 1)}` });
  const registrant = await personIn(community);
  const event = await events.event(community, { title: 'Grief literacy webinar', joinUrl: 'https://meet.example.org/grief-literacy', timeZone: 'Australia/Melbourne' });
  await events.register(event, registrant);
  await quiet();

  // The events service queued its reminders when the event was scheduled; run the day-before one now, as the queue would then.
  const jobs = await stack.services.events!.runtime.jobs.find<{ eventId: string; kind: 'DAY_BEFORE' | 'HOUR_BEFORE'; startsAt: string }>('events.reminder');
  const dayBefore = jobs.find((job) => job.data.eventId === event.id && job.data.kind === 'DAY_BEFORE');
  expect(dayBefore).toBeDefined();
  expect(await (stack.services.events as RunningEvents).domain.reminders.deliver(dayBefore!.data)).toEqual([registrant.id]);
  await settle();

  const mail = await waitForMail(registrant);
  expect(mail.subject).toBe(`Reminder: “Grief literacy webinar” starts tomorrow in ${community.name}`);
  expect(mail.text).toContain('Join online: https://meet.example.org/grief-literacy');
  expect(mail.text).toContain('(Australia/Melbourne)');
  expect(mail.html).toContain('https://meet.example.org/grief-literacy');
  expect((await feedOf(registrant)).items).toEqual([expect.objectContaining({ kind: 'EVENT_REMINDER', target: { __typename: 'Event', id: event.id } })]);
  // Running the same reminder again reminds nobody twice.
  expect(await (stack.services.events as RunningEvents).domain.reminders.deliver(dayBefore!.data)).toEqual([]);
  await quiet();
  expect(mailTo(registrant)).toHaveLength(1);
});

test("5. a weekly digest goes out at the member's hour in their time zone, once", async () => {
  const w = await discussionWorld();
  const reader = await personIn(w.community, 'Dana Digest');
  const poster = await personIn(w.community, 'Kit Poster');
  // Two days ahead at 09:00 in Melbourne: the member's chosen weekday and hour.
  const slot = DateTime.now().setZone('Australia/Melbourne').plus({ days: 2 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const updated = await gql<{ updateNotificationPreferences: { preferences: Record<string, unknown> } }>(
    reader,
    `mutation ($input: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { preferences { digestFrequency digestWeekday digestHour timeZone } } }`,
    { input: { digestFrequency: 'WEEKLY', digestWeekday: slot.weekday, digestHour: 9, timeZone: 'Australia/Melbourne' } },
  );
  expect(updated.updateNotificationPreferences.preferences).toEqual({ digestFrequency: 'WEEKLY', digestWeekday: slot.weekday, digestHour: 9, timeZone: 'Australia/Melbourne' });
  await gql(reader, `mutation ($id: ID!) { followDiscussionForum(input: { forumId: $id }) { forum { id } } }`, { id: w.forum.id });
  await settle();
  // A new thread in a followed forum waits for the digest by default.
  await talk.thread(w.forum, poster, { title: 'Caring for carers' });
  await quiet();
  expect(mailTo(reader)).toEqual([]);
  expect((await feedOf(reader)).items).toEqual([expect.objectContaining({ kind: 'NEW_THREAD', actorName: 'Kit Poster' })]);

  const digests = notifications.domain.delivery;
  await digests.runDueDigests(slot.minus({ hours: 1 }).toJSDate());
  await quiet();
  expect(mailTo(reader)).toEqual([]);

  expect(await digests.runDueDigests(slot.toJSDate())).toBeGreaterThanOrEqual(1);
  const mail = await waitForMail(reader);
  expect(mail.subject).toBe('Your weekly Praxis digest');
  expect(mail.text).toContain('Kit Poster started “Caring for carers” in a forum you follow');
  expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

  // The same hour again, and later that week: sent once.
  expect(await digests.runDueDigests(slot.toJSDate())).toBe(0);
  await digests.runDueDigests(slot.plus({ hours: 5 }).toJSDate());
  await quiet();
  expect(mailTo(reader)).toHaveLength(1);
});

test('6. one-click unsubscribe through the gateway stops further emails of that kind, not the in-app item', async () => {
  const w = await discussionWorld({ title: 'Pressure care' });
  const author = await personIn(w.community, 'Alex Chen');
  const named = await personIn(w.community, 'Noor Haddad');
  await settle();
  await reply(author, w.thread.id, `Thoughts, @${named.handle}?`);
  await settle();
  const mail = await waitForMail(named);

  const link = /^<(.+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1];
  expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  expect(link?.startsWith(`${stack.gatewayUrl}/notifications/unsubscribe?token=`)).toBe(true);
  // What a mail client does on the user's one click (RFC 8058): POST, no cookies, no sign-in.
  const posted = await request(link!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(posted.statusCode).toBe(200);
  expect(await posted.body.text()).toContain('Unsubscribed');

  await reply(author, w.thread.id, `And once more, @${named.handle}.`);
  await quiet();
  expect(mailTo(named)).toHaveLength(1);
  const feed = await feedOf(named);
  expect(feed.items.map((item) => item.kind)).toEqual(['MENTION', 'MENTION']);
  expect(feed.unreadCount).toBe(2);
  const prefs = await gql<{ notificationPreferences: { channels: { kind: string; channel: string }[] } }>(named, '{ notificationPreferences { channels { kind channel } } }');
  expect(Object.fromEntries(prefs.notificationPreferences.channels.map((setting) => [setting.kind, setting.channel]))).toMatchObject({ MENTION: 'IN_APP', THREAD_REPLY: 'EMAIL' });
});

test('7. replaying the log sends no duplicates, and tells nobody of what happened before they followed', async () => {
  const w = await discussionWorld();
  const follower = await personIn(w.community);
  const named = await personIn(w.community);
  const late = await personIn(w.community);
  await followThread(follower, w.thread.id);
  await settle();
  await reply(w.starter, w.thread.id, `Welcome, @${named.handle}.`);
  await settle();
  await waitForMail(follower);
  await waitForMail(named);
  // Following after the reply: a rebuilt projection knows of the follow when the reply is replayed.
  await followThread(late, w.thread.id);
  await quiet();

  const db = notifications.runtime.db;
  const count = async () => ((await db.query('SELECT count(*)::int AS n FROM notifications')) as { n: number }[])[0]!.n;
  const snapshot = async () => ({ emails: stack.smtp.messages.length, items: await count(), follower: (await feedOf(follower)).items.length, late: (await feedOf(late)).items.length });
  const before = await snapshot();
  expect(before).toMatchObject({ follower: 1, late: 0 });

  // Rewind notifications' own positions to the log's start, as a rebuilt consumer would read it.
  const rewound: unknown[] = await db.query(`UPDATE event_positions SET seq = 0 WHERE consumer = 'notifications' RETURNING publisher`);
  expect(rewound.length).toBeGreaterThan(0);
  await notifications.runtime.drainEvents();
  await quiet();
  const positions: { seq: string }[] = await db.query(`SELECT seq::text AS seq FROM event_positions WHERE consumer = 'notifications'`);
  expect(positions.every((row) => Number(row.seq) > 0)).toBe(true);

  expect(await snapshot()).toEqual(before);
  expect(mailTo(late)).toEqual([]);
});

test('8. a member removed from a community is not notified of a later reply there, by email or in-app', async () => {
  const w = await discussionWorld({ visibility: 'MEMBERS_ONLY', title: 'Advance care planning' });
  const staying = await personIn(w.community, 'Sam Staying');
  const leaving = await personIn(w.community, 'Lee Leaving');
  const replier = await personIn(w.community, 'Rae Replier');
  await followThread(staying, w.thread.id);
  await followThread(leaving, w.thread.id);
  await settle();
  // While a member, they are told.
  await reply(replier, w.thread.id, 'A first reply.');
  await settle();
  await waitForMail(leaving);
  await waitForMail(staying);

  const coordinator = Object.assign(w.community.coordinator, { email: (await people.domain.read.accounts([w.community.coordinator.id]))[0]!.email });
  await gql(coordinator, `mutation ($input: ExcludeMemberInput!) { removeMember(input: $input) { membership { status } } }`, {
    input: { communityId: w.community.id, memberId: leaving.id, reason: 'Left the service.' },
  });
  await settle();

  await reply(replier, w.thread.id, 'A second reply, after the removal.');
  await settle();
  await waitForMail(staying, (mail) => mail !== mailTo(staying)[0]);
  await quiet();
  expect(mailTo(staying)).toHaveLength(2);
  expect(mailTo(leaving)).toHaveLength(1);
  // Nothing from that community is left in their feed, the later reply least of all.
  expect(await feedOf(leaving)).toEqual({ unreadCount: 0, items: [] });
});
