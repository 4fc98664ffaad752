import { membership, TEST_PASSWORD } from '@praxis/membership/testing';
import { TestClock } from '@praxis/platform';
import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { NotificationEntity } from '../entities';
import { notifications } from '../testing';
import { feedOf } from './helpers';

let t: SubgraphTest<typeof notifications, [typeof membership]>;

beforeAll(async () => {
  t = await startSubgraphTest(notifications, { with: [membership], clock: new TestClock() });
});
afterAll(() => t?.stop());

const MARK = `mutation ($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { updated unreadCount } }`;
type Mark = { markNotificationsRead: { updated: number; unreadCount: number } };

async function memberWith(count: number, options: { inAppOnly?: boolean } = {}) {
  const community = await t.people.community({ visibility: 'MEMBERS_ONLY' });
  const member = await t.people.memberOf(community);
  await t.factories.drain(t.membership);
  if (options.inAppOnly) await t.factories.preferences(member, { channels: [{ kind: 'RESOURCE_REVIEWED', channel: 'IN_APP' }] });
  const rows = await t.factories.notifications(member, community, count, { reviewer: community.coordinator });
  return { community, member, rows };
}

test('the feed pages newest first through every notification, with the unread count on every page', async () => {
  const { member, rows } = await memberWith(25);
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await feedOf(t, member, { first: 10, after });
    expect(page.unreadCount).toBe(25);
    seen.push(...page.nodes.map((node) => node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(seen).toEqual(rows.map((row) => row.id));
  const unread = await feedOf(t, member, { unreadOnly: true, first: 100 });
  expect(unread.nodes).toHaveLength(25);
});

test('marking some read ignores ids that are not the viewer’s; marking all reads the rest', async () => {
  const { member, rows } = await memberWith(5);
  const other = await memberWith(1);
  const ids = [rows[0]!.id, rows[1]!.id, other.rows[0]!.id, 'not-an-id'];
  const some = await t.run<Mark>(MARK, { input: { ids } }, member);
  expect(some.errors).toBeUndefined();
  expect(some.data!.markNotificationsRead).toEqual({ updated: 2, unreadCount: 3 });
  expect((await feedOf(t, other.member)).unreadCount).toBe(1);
  const feed = await feedOf(t, member);
  expect(feed.nodes.filter((node) => node.read).map((node) => node.id).sort()).toEqual([rows[0]!.id, rows[1]!.id].sort());
  expect(feed.nodes.find((node) => node.read)!.readAt).not.toBeNull();

  const all = await t.run<Mark>(MARK, { input: { all: true } }, member);
  expect(all.data!.markNotificationsRead).toEqual({ updated: 3, unreadCount: 0 });
  const again = await t.run<Mark>(MARK, { input: { all: true } }, member);
  expect(again.data!.markNotificationsRead).toEqual({ updated: 0, unreadCount: 0 });
});

test.each([
  ['both ids and all', { ids: [], all: true }],
  ['neither', {}],
  ['more than 100 ids', { ids: Array.from({ length: 101 }, () => '00000000-0000-4000-8000-000000000000') }],
])('marking read with %s is BAD_USER_INPUT naming the field', async (_name, input) => {
  const { member } = await memberWith(1);
  const result = await t.run(MARK, { input }, member);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.ids' }] });
});

test('a member removed from a community no longer sees, or counts, what they were told from it', async () => {
  const { community, member } = await memberWith(2);
  const elsewhere = await t.people.community({ visibility: 'MEMBERS_ONLY' });
  await t.people.join(elsewhere, member);
  await t.factories.notifications(member, elsewhere, 1);
  expect((await feedOf(t, member)).unreadCount).toBe(3);
  await t.people.domain.roster.remove(t.people.viewer(community.coordinator), { communityId: community.id, memberId: member.id, reason: 'Left the service.' });
  const feed = await feedOf(t, member);
  expect(feed.unreadCount).toBe(1);
  expect(feed.nodes.map((node) => node.community?.id)).toEqual([elsewhere.id]);
});

test('an actor who deleted their account shows as "Former member", with no actor', async () => {
  const community = await t.people.community();
  const [member, reviewer] = [await t.people.memberOf(community), await t.people.memberOf(community, 'COORDINATOR')];
  await t.factories.notifications(member, community, 1, { reviewer, decision: 'APPROVED' });
  expect((await feedOf(t, member)).nodes[0]).toMatchObject({ actorName: reviewer.displayName, actor: { id: reviewer.id } });

  await t.people.domain.erasure.deleteAccount(t.people.viewer(reviewer), TEST_PASSWORD);
  // Names are asked when read: a deleted account is "Former member" at once, before notifications has heard.
  expect((await feedOf(t, member)).nodes[0]).toMatchObject({ actorName: 'Former member', actor: null });
  await t.factories.drain(t.membership);
  const [row] = await t.running.runtime.db.getRepository(NotificationEntity).findBy({ recipientId: member.id });
  expect(row!.actorId).toBeNull();
  expect((await feedOf(t, member)).nodes[0]).toMatchObject({ actorName: 'Former member', actor: null, text: '“Resource 1” was approved for the library' });
});

test('a deleted account loses its notifications and preferences', async () => {
  const { member } = await memberWith(3);
  await t.factories.preferences(member, { digestFrequency: 'OFF' });
  await t.people.domain.erasure.deleteAccount(t.people.viewer(member), TEST_PASSWORD);
  await t.factories.drain(t.membership);
  const left: { n: number; p: number }[] = await t.running.runtime.db.query(
    'SELECT (SELECT count(*) FROM notifications WHERE recipient_id = $1)::int AS n, (SELECT count(*) FROM preferences WHERE member_id = $1)::int AS p',
    [member.id],
  );
  expect(left[0]).toEqual({ n: 0, p: 0 });
});

test('a page of 50 costs the statements and membership calls of a page of 10', async () => {
  // In-app only, so no email jobs run alongside and their statements are not counted with the page's.
  const { member } = await memberWith(60, { inAppOnly: true });
  const counters = { notifications: t.running.runtime.queries, membership: t.membership.runtime.queries };
  const cost = async (first: number) => {
    const { result, statements } = await countStatements(counters, () => feedOf(t, member, { first }));
    expect(result.nodes).toHaveLength(first);
    return statements;
  };
  const ten = await cost(10);
  // The page and the unread count.
  expect(ten.notifications).toBe(2);
  expect(await cost(50)).toEqual(ten);
});
