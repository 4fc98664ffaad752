import { randomUUID } from 'node:crypto';
import { membership } from '@praxis/membership/testing';
import { resourcesContracts, SeedingClock, type SeedContext } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { NotificationEntity } from '../entities';
import { service, type RunningNotifications } from '../index';
import { notifications, notificationsTestConfig } from '../testing';
import { NotificationsFactories, publishEvents } from '../testing/factories';

/**
 * The demo seed writes 18 months of history and then today's conversations, all through the
 * domain. None of it notifies: history is backdated, and what a seed writes in the present is
 * demo data too, up to the end notifications' seed hook marks (it runs after every other service's).
 */
const clock = new SeedingClock();
let t: SubgraphTest<typeof notifications, [typeof membership]>;

beforeAll(async () => {
  t = await startSubgraphTest(notifications, { with: [membership], clock });
});
afterAll(() => t?.stop());

test("what a seed writes in the present notifies nobody; what happens after the seed's end does", async () => {
  const community = await t.people.community();
  const member = await t.people.memberOf(community);
  await t.factories.drain(t.membership);
  const count = () => t.running.runtime.db.getRepository(NotificationEntity).countBy({ recipientId: member.id });

  // A seed begins: history first, on the pinned clock, then today's data.
  clock.at(new Date(Date.now() - 400 * 86_400_000));
  clock.release();
  await t.factories.notifications(member, community, 2);
  expect(await count()).toBe(0);

  await service.seed!.demo(t.running, { clock } as unknown as SeedContext);
  await t.factories.notifications(member, community, 1);
  expect(await count()).toBe(1);
});

test('a seed run by itself (`npm run seed`) is not announced by the next start, which knows nothing of it but the marks', async () => {
  const community = await t.people.community();
  const member = await t.people.memberOf(community);
  await t.factories.drain(t.membership);
  // `npm run seed` runs no consumers: the next process to start reads what it wrote.
  await t.running.runtime.stopBackground();
  // Today's demo data, in the log when the seed hook runs.
  const seeded = { resourceId: randomUUID(), networkId: community.networkId, communityId: community.id, contributorId: member.id, reviewerId: null, decision: 'APPROVED' as const, reason: null, title: 'Seeded' };
  await publishEvents(resourcesContracts.ResourceReviewed, [seeded]);
  await service.seed!.demo(t.running, { clock } as unknown as SeedContext);

  const next = (await notifications.service.start(await notificationsTestConfig({ env: { MEMBERSHIP_INTERNAL_URL: t.membership.url } }))) as RunningNotifications;
  try {
    await new NotificationsFactories(next).replay();
    const count = () => next.runtime.db.getRepository(NotificationEntity).countBy({ recipientId: member.id });
    expect(await count()).toBe(0);
    await publishEvents(resourcesContracts.ResourceReviewed, [{ ...seeded, resourceId: randomUUID(), title: 'After the seed' }]);
    await next.runtime.drainEvents();
    expect(await count()).toBe(1);
  } finally {
    await next.stop();
  }
});
