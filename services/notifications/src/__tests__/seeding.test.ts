import { membership } from '@praxis/membership/testing';
import { SeedingClock, type SeedContext } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { NotificationEntity } from '../entities';
import { service } from '../index';
import { notifications } from '../testing';

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
