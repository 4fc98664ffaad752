import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { membership } from '@praxis/membership/testing';
import { TestClock } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources } from '../testing';

// When a link is due for checking again, and the day a view or a helpful mark counts on, follow
// the service's clock, so a test moves time instead of backdating rows.
let t: SubgraphTest<typeof resources, [typeof membership]>;
let server: Server;
let base: string;
const hits = new Map<string, number>();
const clock = new TestClock();

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.set(request.url!, (hits.get(request.url!) ?? 0) + 1);
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startSubgraphTest(resources, { with: [membership], clock });
});
afterAll(async () => {
  await t?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => clock.set(new Date()));

test('a checked link is due again once its interval has passed on the clock', async () => {
  const community = await t.factories.people.community();
  await t.factories.resource(community, { input: { url: `${base}/guide` } });
  const checks = () => hits.get('/guide') ?? 0;

  await t.factories.domain.links.checkDue();
  expect(checks()).toBe(1);
  clock.advance({ hours: 23 });
  await t.factories.domain.links.checkDue();
  expect(checks()).toBe(1);
  clock.advance({ hours: 2 });
  await t.factories.domain.links.checkDue();
  expect(checks()).toBe(2);
});

test("a view and a helpful mark count on the clock's day in the network's time zone", async () => {
  const community = await t.factories.people.community();
  const member = await t.factories.people.memberOf(community);
  const resource = await t.factories.resource(community, { input: { url: `${base}/article` } });
  // 20:00 on 1 June in Perth, the factories' network zone; still 1 June in UTC.
  clock.set('2031-06-01T12:00:00Z');
  await t.factories.domain.engagement.recordView(t.factories.as(member), { resourceId: resource.id });
  await t.factories.domain.engagement.setHelpful(t.factories.as(member), { resourceId: resource.id, helpful: true });
  const db = t.running.runtime.db;
  const days: { day: string; views: number }[] = await db.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, views FROM resource_daily_stats WHERE resource_id = $1`, [resource.id]);
  expect(days).toEqual([{ day: '2031-06-01', views: 1 }]);
  const marks: { marked_at: Date }[] = await db.query(`SELECT marked_at FROM resource_helpful_marks WHERE resource_id = $1`, [resource.id]);
  expect(marks).toEqual([{ marked_at: new Date('2031-06-01T12:00:00Z') }]);
});
