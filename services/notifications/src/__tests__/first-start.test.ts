import { DiscussionFactories, discussion } from '@praxis/discussion/testing';
import { membership } from '@praxis/membership/testing';
import { TestClock } from '@praxis/platform';
import { resetDatabase, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { NotificationEntity } from '../entities';
import type { RunningNotifications } from '../index';
import { notifications, notificationsTestConfig } from '../testing';
import { NotificationsFactories } from '../testing/factories';

/**
 * On its first deployment notifications starts notifying at the log's end: what happened before
 * it ever ran only builds its projections. Here discussion and membership run first, with
 * history; then notifications starts for the first time.
 */
let t: SubgraphTest<typeof discussion, [typeof membership]>;
let running: RunningNotifications | undefined;

beforeAll(async () => {
  await resetDatabase([notifications.service]);
  t = await startSubgraphTest(discussion, { with: [membership] });
});
afterAll(async () => {
  await running?.stop();
  await t?.stop();
});

test('events before the first start never notify; the projections they built make later ones reach the right people', async () => {
  const talk = new DiscussionFactories(t.running);
  const community = await t.people.community();
  const [starter, follower, replier] = [await t.people.memberOf(community), await t.people.memberOf(community), await t.people.memberOf(community)];
  const forum = await talk.forum(community);
  const thread = await talk.thread(forum, starter, { title: 'Before' });
  await talk.domain.engagement.followThread(talk.access(follower), thread.id, true);
  await talk.reply(thread, replier, { body: `Early word, @${follower.handle}` });
  await t.membership.runtime.drainEvents();
  await t.running.runtime.drainEvents();
  await t.running.runtime.drainEvents();

  running = (await notifications.service.start(await notificationsTestConfig({ env: { MEMBERSHIP_INTERNAL_URL: t.membership.url } }), { clock: new TestClock() })) as RunningNotifications;
  const factories = new NotificationsFactories(running);
  await factories.drain();
  const all = () => running!.runtime.db.getRepository(NotificationEntity).find();
  expect(await all()).toEqual([]);

  await talk.reply(thread, replier);
  await factories.drain(t.running);
  expect((await all()).map((row) => row.recipientId).sort()).toEqual([starter.id, follower.id].sort());

  // A restart keeps the marks it took: nothing from before is announced after all.
  await running.stop();
  running = (await notifications.service.start(await notificationsTestConfig({ env: { MEMBERSHIP_INTERNAL_URL: t.membership.url } }))) as RunningNotifications;
  await new NotificationsFactories(running).replay();
  expect(await all()).toHaveLength(2);
});
