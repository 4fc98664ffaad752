import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { membership } from '@praxis/membership/testing';
import { discussionContracts, TestClock, type EventDefinition, type EventPayload } from '@praxis/platform';
import { startSmtpCapture, startSubgraphTest, workerDatabase, type SmtpCapture, type SubgraphTest } from '@praxis/platform/testing';
import { emailsSettled } from '../notifications/delivery';
import { notifications } from '../testing';

/**
 * Moderated content is never emailed about: a reply in a thread whose opening post was hidden,
 * or a reply removed, is skipped when its email goes out, while the author is told of the
 * moderation itself, with the reason.
 */
let t: SubgraphTest<typeof notifications, [typeof membership]>;
let smtp: SmtpCapture;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startSubgraphTest(notifications, { with: [membership], smtpUrl: smtp.url, clock: new TestClock() });
});
afterAll(async () => {
  await t?.stop();
  await smtp?.close();
});

type Published = { [D in EventDefinition as D['type']]: [D, EventPayload<D>] }[EventDefinition['type']];

/** Discussion's events appended in one transaction, as its relay would, so the consumer reads them in one batch. */
async function publishTogether(events: [EventDefinition, unknown][]): Promise<void> {
  const client = new Client({ connectionString: (await workerDatabase()).adminUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['praxis:relay:discussion']);
    for (const [definition, payload] of events) {
      await client.query(
        `INSERT INTO eventlog.events (publisher, seq, id, type, version, occurred_at, payload)
         SELECT $1, coalesce((SELECT max(seq) FROM eventlog.events WHERE publisher = $1), 0) + 1, gen_random_uuid(), $2, $3, now(), $4`,
        [definition.publisher, definition.type, definition.version, JSON.stringify(definition.schema.parse(payload))],
      );
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

async function deliveriesOf(memberId: string): Promise<{ kind: string; status: string; skipped_reason: string | null }[]> {
  return t.running.runtime.db.query(
    'SELECT n.kind, d.status, d.skipped_reason FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.recipient_id = $1 ORDER BY n.kind',
    [memberId],
  );
}

test('a reply is not emailed once its thread was hidden or the reply removed; the author is told of the moderation with its reason', async () => {
  const community = await t.people.community({ name: 'Falls Prevention' });
  const [starterEmail, followerEmail] = ['starter', 'follower'].map((name) => `${name}-${randomUUID().slice(0, 8)}@example.org`) as [string, string];
  const starter = await t.people.memberOf(community, 'MEMBER', { email: starterEmail });
  const follower = await t.people.memberOf(community, 'MEMBER', { email: followerEmail });
  const replier = await t.people.memberOf(community);
  const where = { communityId: community.id, networkId: community.networkId };
  const forumId = randomUUID();
  const [hiddenThread, otherThread] = [randomUUID(), randomUUID()];
  const [openingPost, otherOpening, reply, removedReply] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

  await publishTogether([
    [discussionContracts.ThreadPosted, { ...where, memberId: starter.id, threadId: hiddenThread, postId: openingPost, forumId, kind: 'DISCUSSION', title: 'Night-time falls', subject: null }],
    [discussionContracts.ThreadPosted, { ...where, memberId: replier.id, threadId: otherThread, postId: otherOpening, forumId, kind: 'DISCUSSION', title: 'Hip protectors', subject: null }],
    [discussionContracts.FollowChanged, { ...where, memberId: follower.id, target: 'THREAD', targetId: otherThread, following: true }],
  ] satisfies Published[]);
  await t.factories.drain();
  await publishTogether([
    [discussionContracts.ReplyPosted, { ...where, memberId: replier.id, threadId: hiddenThread, postId: reply, forumId, replyToPostId: null, title: 'Night-time falls' }],
    [discussionContracts.ReplyPosted, { ...where, memberId: starter.id, threadId: otherThread, postId: removedReply, forumId, replyToPostId: null, title: 'Hip protectors' }],
    [discussionContracts.PostModerated, { ...where, postId: openingPost, threadId: hiddenThread, authorId: starter.id, moderatorId: community.coordinator.id, action: 'HIDDEN', reason: 'Shares a resident’s details', openingPost: true }],
    [discussionContracts.PostModerated, { ...where, postId: removedReply, threadId: otherThread, authorId: starter.id, moderatorId: community.coordinator.id, action: 'REMOVED', reason: 'Advertising', openingPost: false }],
  ] satisfies Published[]);
  await t.factories.drain();
  await emailsSettled(t.running.runtime);

  // The starter is told of the reply in their now hidden thread by no email, and of both moderations by two.
  expect(await deliveriesOf(starter.id)).toEqual([
    { kind: 'POST_MODERATED', status: 'SENT', skipped_reason: null },
    { kind: 'POST_MODERATED', status: 'SENT', skipped_reason: null },
    { kind: 'THREAD_REPLY', status: 'SKIPPED', skipped_reason: 'MODERATED' },
  ]);
  expect(await deliveriesOf(follower.id)).toEqual([{ kind: 'THREAD_REPLY', status: 'SKIPPED', skipped_reason: 'MODERATED' }]);
  const told = smtp.messages.filter((mail) => mail.to.includes(starterEmail)).map((mail) => [mail.subject, /Reason: .*/.exec(mail.text)?.[0]]);
  expect(told.sort()).toEqual([
    ['Your post was hidden by a moderator in Falls Prevention', 'Reason: Shares a resident’s details'],
    ['Your post was removed by a moderator in Falls Prevention', 'Reason: Advertising'],
  ]);
  expect(smtp.messages.filter((mail) => mail.to.includes(followerEmail))).toEqual([]);
});
