import { randomUUID } from 'node:crypto';
import { DiscussionFactories, discussion } from '@praxis/discussion/testing';
import { membership } from '@praxis/membership/testing';
import { eventsContracts, resourcesContracts, TestClock } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { NotificationEntity } from '../entities';
import { notifications } from '../testing';
import { publishEvents } from '../testing/factories';
import { feedOf } from './helpers';

/**
 * Each kind reaches its recipients and nobody else, from the real publishers where they run
 * here (membership, discussion) and from the log for events' and resources' announcements.
 */
let t: SubgraphTest<typeof notifications, [typeof membership, typeof discussion]>;
let talk: DiscussionFactories;
const clock = new TestClock();

beforeAll(async () => {
  t = await startSubgraphTest(notifications, { with: [membership, discussion], clock });
  talk = new DiscussionFactories(t.discussion);
});
afterAll(() => t?.stop());

const settle = async () => {
  // Discussion resolves mentions in a consumer of its own before it announces them.
  await t.factories.drain(t.membership, t.discussion);
  await t.factories.drain(t.membership, t.discussion);
};

const rowsOf = (member: { id: string }) => t.running.runtime.db.getRepository(NotificationEntity).find({ where: { recipientId: member.id }, order: { occurredAt: 'ASC' } });
const kinds = async (member: { id: string }) => (await rowsOf(member)).map((row) => row.kind);

async function discussionWorld() {
  const community = await t.people.community({ visibility: 'MEMBERS_ONLY' });
  const [starter, replier, follower, mentioned, forumFollower] = await Promise.all([1, 2, 3, 4, 5].map(() => t.people.memberOf(community)));
  const forum = await talk.forum(community);
  await talk.domain.engagement.followForum(talk.access(forumFollower!), forum.id, true);
  const thread = await talk.thread(forum, starter!, { title: 'Managing breathlessness' });
  await talk.domain.engagement.followThread(talk.access(follower!), thread.id, true);
  await settle();
  return { community, forum, thread, starter: starter!, replier: replier!, follower: follower!, mentioned: mentioned!, forumFollower: forumFollower! };
}

test('a reply tells the thread starter and its followers, not its author; a mention tells the mentioned member; a new thread the forum followers', async () => {
  const w = await discussionWorld();
  expect(await kinds(w.forumFollower)).toEqual(['NEW_THREAD']);
  await talk.reply(w.thread, w.replier, { body: `Over to you, @${w.mentioned.handle}.` });
  await settle();

  expect(await kinds(w.starter)).toEqual(['THREAD_REPLY']);
  expect(await kinds(w.follower)).toEqual(['THREAD_REPLY']);
  expect(await kinds(w.mentioned)).toEqual(['MENTION']);
  expect(await kinds(w.replier)).toEqual([]);

  const feed = await feedOf(t, w.follower);
  expect(feed.nodes[0]).toMatchObject({
    kind: 'THREAD_REPLY',
    text: `${w.replier.displayName} replied in “Managing breathlessness”`,
    actor: { id: w.replier.id },
    community: { id: w.community.id },
    target: { __typename: 'DiscussionThread', id: w.thread.id },
    read: false,
  });
  const [mention] = (await feedOf(t, w.mentioned)).nodes;
  expect(mention!.text).toBe(`${w.replier.displayName} mentioned you in “Managing breathlessness”`);
  // The forum follower's new-thread notice waits for the digest by default; the others are emailed at once.
  expect((await rowsOf(w.forumFollower))[0]!.channel).toBe('DIGEST');
  expect((await rowsOf(w.follower))[0]!.channel).toBe('EMAIL');
});

test('a follower or starter a reply mentions, or a forum follower a new thread mentions, is told once: of the mention', async () => {
  const w = await discussionWorld();
  await talk.reply(w.thread, w.replier, { body: `@${w.follower.handle} and @${w.starter.handle}, what do you think?` });
  await talk.thread(w.forum, w.replier, { title: 'Oxygen at home', body: `Asking @${w.forumFollower.handle} first.` });
  await settle();
  expect(await kinds(w.follower)).toEqual(['MENTION']);
  expect(await kinds(w.starter)).toEqual(['MENTION']);
  expect(await kinds(w.forumFollower)).toEqual(['NEW_THREAD', 'MENTION']);
});

test("a mention of an unknown handle, or of the post's own author, tells nobody", async () => {
  const w = await discussionWorld();
  await talk.reply(w.thread, w.replier, { body: `Thanks @nobody_here and @${w.replier.handle}` });
  await settle();
  expect(await kinds(w.replier)).toEqual([]);
});

test('only the new, emailed notifications get an email job: one delivery row each, queued', async () => {
  const w = await discussionWorld();
  await talk.reply(w.thread, w.replier);
  await settle();
  const deliveries: { recipient_id: string; status: string }[] = await t.running.runtime.db.query('SELECT recipient_id, status FROM email_deliveries WHERE recipient_id = ANY($1::uuid[])', [
    [w.starter.id, w.follower.id, w.forumFollower.id],
  ]);
  expect(deliveries.map((row) => row.recipient_id).sort()).toEqual([w.starter.id, w.follower.id].sort());
});

test('a moderator hiding a post tells its author, with the reason', async () => {
  const w = await discussionWorld();
  const reply = await talk.reply(w.thread, w.replier);
  await settle();
  await talk.domain.moderation.moderatePost(talk.access(w.community.coordinator), { postId: reply.id, action: 'HIDE', reason: 'Please keep it kind.' });
  await settle();
  expect(await kinds(w.replier)).toEqual(['POST_MODERATED']);
  const [item] = (await feedOf(t, w.replier)).nodes;
  expect(item!.text).toBe('A moderator hid your post in “Managing breathlessness”: Please keep it kind.');
  // Followers' notices of the hidden reply leave their feeds.
  expect((await feedOf(t, w.follower)).nodes).toEqual([]);
});

test("a join request tells the community's coordinators; the decision, with its reason, tells the applicant", async () => {
  const community = await t.people.community({ visibility: 'MEMBERS_ONLY', joinPolicy: 'APPROVAL' });
  const second = await t.people.memberOf(community, 'COORDINATOR');
  const moderator = await t.people.memberOf(community, 'MODERATOR');
  const applicant = await t.people.member();
  await t.factories.drain(t.membership);
  const request = await t.people.domain.joining.requestToJoin(t.people.viewer(applicant), { communityId: community.id, answers: [] });
  await t.factories.drain(t.membership);
  expect(await kinds(community.coordinator)).toEqual(['JOIN_REQUEST_PENDING']);
  expect(await kinds(second)).toEqual(['JOIN_REQUEST_PENDING']);
  expect(await kinds(moderator)).toEqual([]);
  expect((await feedOf(t, second)).nodes[0]!.text).toBe(`${applicant.displayName} asked to join ${community.name}`);

  await t.people.domain.joining.decline(t.people.viewer(community.coordinator), { id: request.id, reason: 'This community is for clinicians.' });
  await t.factories.drain(t.membership);
  expect(await kinds(applicant)).toEqual(['JOIN_REQUEST_DECIDED']);
  // Told although a declined applicant may not read the members-only community.
  expect((await feedOf(t, applicant)).nodes[0]!.text).toBe(`Your request to join ${community.name} was declined: This community is for clinicians.`);
});

test('events: a cancellation tells every registrant, a promotion, a certificate and a reminder tell their member', async () => {
  const community = await t.people.community();
  const [held, waiting] = [await t.people.memberOf(community), await t.people.memberOf(community)];
  const eventId = randomUUID();
  const base = { eventId, communityId: community.id, networkId: community.networkId };
  const startsAt = new Date(Date.now() + 86_400_000).toISOString();
  const endsAt = new Date(Date.now() + 90_000_000).toISOString();
  const activity = { ...base, seriesId: null, eventStartsAt: startsAt };
  await publishEvents(eventsContracts.EventChanged, [{ ...base, change: 'CREATED', startsAt, endsAt, title: 'Quarterly case review' }]);
  await publishEvents(eventsContracts.EventRegistered, [
    { ...activity, memberId: held.id, status: 'REGISTERED', viaSeries: false },
    { ...activity, memberId: waiting.id, status: 'WAITLISTED', viaSeries: false },
  ]);
  await publishEvents(eventsContracts.EventWaitlistPromoted, [{ ...activity, memberId: waiting.id }]);
  await publishEvents(eventsContracts.EventReminderDue, [
    { ...base, kind: 'DAY_BEFORE', title: 'Quarterly case review', startsAt, endsAt, timeZone: 'Australia/Perth', joinUrl: 'https://meet.example.org/q', location: null, memberIds: [held.id, waiting.id] },
  ]);
  await publishEvents(eventsContracts.EventAttendanceMarked, [{ ...activity, memberId: held.id, attended: true, cpdHours: 1, markedBy: community.coordinator.id }]);
  await publishEvents(eventsContracts.EventChanged, [{ ...base, change: 'CANCELLED', startsAt, endsAt, title: 'Quarterly case review' }]);
  await t.factories.drain(t.membership);

  expect((await kinds(held)).sort()).toEqual(['CERTIFICATE_READY', 'EVENT_CHANGED', 'EVENT_REMINDER']);
  expect((await kinds(waiting)).sort()).toEqual(['EVENT_CHANGED', 'EVENT_REMINDER', 'WAITLIST_PROMOTED']);
  const texts = (await feedOf(t, waiting)).nodes.map((node) => node.text).sort();
  expect(texts).toEqual([
    'You have a place at “Quarterly case review”: you moved off the waitlist',
    '“Quarterly case review” starts tomorrow',
    '“Quarterly case review” you registered for was cancelled',
  ]);
  const reminder = (await rowsOf(held)).find((row) => row.kind === 'EVENT_REMINDER')!;
  expect(reminder.data).toMatchObject({ joinUrl: 'https://meet.example.org/q', reminderKind: 'DAY_BEFORE', timeZone: 'Australia/Perth' });
});

test('a review tells the contributor, with the reason; not the reviewer', async () => {
  const community = await t.people.community();
  const contributor = await t.people.memberOf(community);
  await t.factories.notifications(contributor, community, 1, { decision: 'REJECTED', reviewer: community.coordinator });
  const [item] = (await feedOf(t, contributor)).nodes;
  expect(item).toMatchObject({ kind: 'RESOURCE_REVIEWED', text: '“Resource 1” was not approved: Out of scope for this library.', actorName: community.coordinator.displayName });
  expect(item!.target!.__typename).toBe('Resource');
  expect(await kinds(community.coordinator)).toEqual([]);
});

test('replaying the whole log creates no notification and no email twice', async () => {
  const w = await discussionWorld();
  await talk.reply(w.thread, w.replier, { body: `And @${w.mentioned.handle}` });
  await settle();
  const count = async () =>
    (
      await t.running.runtime.db.query(
        "SELECT (SELECT count(*) FROM notifications)::int AS n, (SELECT count(*) FROM email_deliveries)::int AS d, (SELECT count(*) FROM notifications_jobs.job WHERE name = 'notifications.email')::int AS jobs",
      )
    )[0];
  const before = await count();
  expect(before.n).toBeGreaterThan(0);
  expect(before.jobs).toBe(before.d);
  await t.factories.replay();
  expect(await count()).toEqual(before);
});

test('backdated events (recorded long after they happened, as the demo history is) never notify, but still teach the projections', async () => {
  const community = await t.people.community();
  const member = await t.people.memberOf(community);
  const eventId = randomUUID();
  const base = { eventId, communityId: community.id, networkId: community.networkId };
  const startsAt = new Date(Date.now() + 86_400_000).toISOString();
  const endsAt = new Date(Date.now() + 90_000_000).toISOString();
  const past = new Date(Date.now() - 3_600_000);
  await publishEvents(eventsContracts.EventChanged, [{ ...base, change: 'CREATED', startsAt, endsAt, title: 'Old news' }], past);
  await publishEvents(eventsContracts.EventRegistered, [{ ...base, seriesId: null, eventStartsAt: startsAt, memberId: member.id, status: 'REGISTERED', viaSeries: false }], past);
  await publishEvents(resourcesContracts.ResourceReviewed, [{ resourceId: randomUUID(), networkId: community.networkId, communityId: community.id, contributorId: member.id, reviewerId: null, decision: 'APPROVED', reason: null, title: 'Old' }], past);
  await t.factories.drain(t.membership);
  expect(await kinds(member)).toEqual([]);

  // The registration recorded from history still makes them a registrant of a cancellation now.
  await publishEvents(eventsContracts.EventChanged, [{ ...base, change: 'CANCELLED', startsAt, endsAt, title: 'Old news' }]);
  await t.factories.drain(t.membership);
  expect(await kinds(member)).toEqual(['EVENT_CHANGED']);
});

test("a notification's thread resolves, in discussion, only for viewers who may read it", async () => {
  const w = await discussionWorld();
  const outsider = await t.people.member();
  const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on DiscussionThread { id title } } }`;
  const ask = (viewer: { id: string }) => t.discussion.server.execute(query, { r: [{ __typename: 'DiscussionThread', id: w.thread.id }] }, t.people.viewer(viewer.id));
  expect((await ask(w.follower)).data).toEqual({ _entities: [{ id: w.thread.id, title: 'Managing breathlessness' }] });
  expect((await ask(outsider)).data).toEqual({ _entities: [null] });
});

test('a coordinator who stepped down no longer sees pending join requests in the feed', async () => {
  const community = await t.people.community({ visibility: 'MEMBERS_ONLY', joinPolicy: 'APPROVAL' });
  const helper = await t.people.memberOf(community, 'COORDINATOR');
  const applicant = await t.people.member();
  await t.factories.drain(t.membership);
  await t.people.domain.joining.requestToJoin(t.people.viewer(applicant), { communityId: community.id, answers: [] });
  await t.factories.drain(t.membership);
  expect((await feedOf(t, helper)).nodes.map((node) => node.kind)).toEqual(['JOIN_REQUEST_PENDING']);
  await t.people.domain.roster.changeRole(t.people.viewer(community.coordinator), { communityId: community.id, memberId: helper.id, role: 'MEMBER' });
  const feed = await feedOf(t, helper);
  expect(feed.nodes).toEqual([]);
  expect(feed.unreadCount).toBe(0);
});

test('a replay tells nobody of old events, not even someone who started following since', async () => {
  const w = await discussionWorld();
  await talk.reply(w.thread, w.replier);
  await settle();
  const late = await t.people.memberOf(w.community);
  await talk.domain.engagement.followThread(talk.access(late), w.thread.id, true);
  await settle();
  await t.factories.replay();
  expect(await kinds(late)).toEqual([]);
});

test('a member removed from a community, even a public one, is told nothing more from it until they join again', async () => {
  const community = await t.people.community({ visibility: 'PUBLIC' });
  const [starter, removed, replier] = [await t.people.memberOf(community), await t.people.memberOf(community), await t.people.memberOf(community)];
  const forum = await talk.forum(community);
  const thread = await talk.thread(forum, starter, { title: 'Open to all' });
  await talk.domain.engagement.followThread(talk.access(removed), thread.id, true);
  await settle();
  await t.people.domain.roster.remove(t.people.viewer(community.coordinator), { communityId: community.id, memberId: removed.id, reason: 'Spam.' });
  // The log orders each publisher's events, not two publishers' against each other.
  await settle();
  await talk.reply(thread, replier);
  await settle();
  expect(await kinds(starter)).toEqual(['THREAD_REPLY']);
  expect(await kinds(removed)).toEqual([]);

  await t.people.join(community, removed);
  await settle();
  await talk.reply(thread, replier);
  await settle();
  expect(await kinds(removed)).toEqual(['THREAD_REPLY']);
});
