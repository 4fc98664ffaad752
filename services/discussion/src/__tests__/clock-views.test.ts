import { membership, newCast, type Cast } from '@praxis/membership/testing';
import { TestClock } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

// The day a thread view counts on follows the service's clock in the network's time zone, so
// it lines up with report buckets and with the library's views.
let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;
const clock = new TestClock();

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership], clock });
  cast = await newCast(world.people);
});
afterAll(() => world?.stop());

test("a view counts on the clock's day in the network's zone, once a day", async () => {
  const forum = await world.factories.forum(cast.community);
  const thread = await world.factories.thread(forum, cast.moderator);
  const { engagement } = world.running.domain;
  const days = async () =>
    (await world.running.runtime.db.query(`SELECT day::text AS day FROM thread_views WHERE thread_id = $1 ORDER BY day`, [thread.id])).map((row: { day: string }) => row.day);

  // 20:00 UTC on 1 June 2031 is 04:00 on 2 June in Perth, the factories' network zone.
  clock.set('2031-06-01T20:00:00Z');
  expect((await engagement.recordView(world.factories.access(cast.member), thread.id)).counted).toBe(true);
  clock.advance({ hours: 12 });
  expect((await engagement.recordView(world.factories.access(cast.member), thread.id)).counted).toBe(false);
  clock.advance({ hours: 8 });
  expect((await engagement.recordView(world.factories.access(cast.member), thread.id)).counted).toBe(true);
  expect(await days()).toEqual(['2031-06-02', '2031-06-03']);
});
