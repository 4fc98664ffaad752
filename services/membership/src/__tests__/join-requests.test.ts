import type { CommunityEntity, JoinRequestEntity, MemberEntity, NetworkEntity } from '../entities';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '../testing';

/**
 * A coordinator's join requests: filtered by the person who asked and by decision, ordered by
 * when they were made or decided, keyset-paginated; and declines in the membership history.
 */
let t: SubgraphTest<typeof membership>;
let community: CommunityEntity & { coordinator: MemberEntity; network: NetworkEntity & { admin: MemberEntity } };
const asked: Record<'approved' | 'declined' | 'withdrawn' | 'pending' | 'lateDecline' | 'again', MemberEntity> = {} as never;
const requests: JoinRequestEntity[] = [];
let declinedOnce: JoinRequestEntity;

beforeAll(async () => {
  t = await startSubgraphTest(membership);
  community = await t.factories.community({ joinPolicy: 'APPROVAL', visibility: 'MEMBERS_ONLY' });
  const { joining } = t.factories.domain;
  const coordinator = t.factories.viewer(community.coordinator);
  for (const name of ['approved', 'declined', 'withdrawn', 'pending', 'lateDecline', 'again'] as const) {
    asked[name] = await t.factories.member({ displayName: `Asker ${name}` });
    requests.push(await joining.requestToJoin(t.factories.viewer(asked[name]), { communityId: community.id, answers: [] }));
  }
  const byName = (name: keyof typeof asked) => requests.find((request) => request.memberId === asked[name].id)!;
  // Decided in a different order from the one they were made in.
  await joining.decline(coordinator, { id: byName('lateDecline').id, reason: 'Please ask again once you work in palliative care.' });
  await joining.approve(coordinator, byName('approved').id);
  await joining.withdraw(t.factories.viewer(asked.withdrawn), byName('withdrawn').id);
  await joining.decline(coordinator, { id: byName('declined').id, reason: 'This community is for clinicians.' });
  // Someone declined once and asking again has two requests, one pending.
  declinedOnce = await joining.decline(coordinator, { id: byName('again').id, reason: 'Tell us more about your work, please.' });
  requests.push(await joining.requestToJoin(t.factories.viewer(asked.again), { communityId: community.id, answers: [] }));
}, 60_000);
afterAll(() => t?.stop());

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  nodes: { id: string; status: string; member: { displayName: string }; createdAt: string; decidedAt: string | null }[];
}

const QUERY = `query ($id: ID!, $status: JoinRequestStatus, $member: ID, $orderBy: JoinRequestOrder, $first: Int, $after: String, $last: Int, $before: String) {
  community(id: $id) { joinRequests(status: $status, member: $member, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id status member { displayName } createdAt decidedAt } } } }`;

async function page(variables: Record<string, unknown>, viewer = t.factories.viewer(community.coordinator)): Promise<Page> {
  const result = await t.run<{ community: { joinRequests: Page } }>(QUERY, { id: community.id, ...variables }, viewer);
  expect(result.errors).toBeUndefined();
  return result.data!.community.joinRequests;
}

const names = (current: Page) => current.nodes.map((node) => node.member.displayName.replace('Asker ', ''));

test('without the new arguments the list is what it was: pending requests, oldest first', async () => {
  const result = await t.run<{ community: { joinRequests: Page } }>(
    `query ($id: ID!) { community(id: $id) { joinRequests { totalCount nodes { status member { displayName } } } } }`,
    { id: community.id },
    t.factories.viewer(community.coordinator),
  );
  expect(result.errors).toBeUndefined();
  expect(result.data!.community.joinRequests.nodes.map((node) => node.member.displayName)).toEqual(['Asker pending', 'Asker again']);
  expect(result.data!.community.joinRequests.totalCount).toBe(2);
});

test('every state, by when they were made, either way', async () => {
  const oldest = await page({ status: null });
  expect(names(oldest)).toEqual(['approved', 'declined', 'withdrawn', 'pending', 'lateDecline', 'again', 'again']);
  expect(oldest.totalCount).toBe(7);
  const newest = await page({ status: null, orderBy: 'NEWEST_FIRST' });
  expect(newest.nodes.map((node) => node.id)).toEqual(oldest.nodes.map((node) => node.id).reverse());
});

test('by decision time: undecided last going forward, first going back', async () => {
  const decided = await page({ status: null, orderBy: 'DECIDED_OLDEST_FIRST' });
  // Undecided requests keep the order they were made in.
  expect(names(decided)).toEqual(['lateDecline', 'approved', 'withdrawn', 'declined', 'again', 'pending', 'again']);
  expect(decided.nodes.slice(5).every((node) => node.decidedAt === null)).toBe(true);
  const latest = await page({ status: null, orderBy: 'DECIDED_NEWEST_FIRST' });
  expect(latest.nodes.map((node) => node.id)).toEqual(decided.nodes.map((node) => node.id).reverse());
});

test('filters by decision and by the person who asked, together', async () => {
  expect(names(await page({ status: 'DECLINED', orderBy: 'DECIDED_NEWEST_FIRST' }))).toEqual(['again', 'declined', 'lateDecline']);
  const theirs = await page({ status: null, member: asked.again.id });
  expect(theirs.nodes.map((node) => node.status)).toEqual(['DECLINED', 'PENDING']);
  expect(theirs.totalCount).toBe(2);
  expect((await page({ status: 'DECLINED', member: asked.again.id })).nodes.map((node) => node.id)).toEqual([declinedOnce.id]);
  expect((await page({ status: null, member: community.coordinator.id })).totalCount).toBe(0);
  // An id that names nobody finds nothing, rather than failing the statement.
  expect((await page({ status: null, member: 'not-a-uuid' })).nodes).toEqual([]);
});

test.each(['OLDEST_FIRST', 'NEWEST_FIRST', 'DECIDED_OLDEST_FIRST', 'DECIDED_NEWEST_FIRST'])('pages of two in %s cover the list once, forward and back', async (orderBy) => {
  const whole = (await page({ status: null, orderBy })).nodes.map((node) => node.id);
  const forward: string[] = [];
  let after: string | null = null;
  for (;;) {
    const current: Page = await page({ status: null, orderBy, first: 2, after });
    forward.push(...current.nodes.map((node) => node.id));
    if (!current.pageInfo.hasNextPage) break;
    after = current.pageInfo.endCursor;
  }
  expect(forward).toEqual(whole);
  const backward: string[] = [];
  let before: string | null = null;
  for (;;) {
    const current: Page = await page({ status: null, orderBy, last: 2, before });
    backward.unshift(...current.nodes.map((node) => node.id));
    if (!current.pageInfo.hasPreviousPage) break;
    before = current.pageInfo.startCursor;
  }
  expect(backward).toEqual(whole);
});

test("an undecided request's cursor pages on; a cursor that is not one is BAD_USER_INPUT", async () => {
  const decided = await page({ status: null, orderBy: 'DECIDED_OLDEST_FIRST', first: 6 });
  // The sixth is undecided: its cursor holds infinity, which is a timestamp, so it still pages.
  expect((await page({ status: null, orderBy: 'DECIDED_OLDEST_FIRST', first: 5, after: decided.pageInfo.endCursor })).nodes).toHaveLength(1);
  const result = await t.run(QUERY, { id: community.id, status: null, first: 2, after: Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url') }, t.factories.viewer(community.coordinator));
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
});

test('declines are in the membership history, with who decided, when and why', async () => {
  const result = await t.run<{ community: { membershipHistory: { nodes: { id: string; change: string; member: { displayName: string }; actor: { id: string } | null; role: string | null; reason: string | null; occurredAt: string }[] } } }>(
    `query ($id: ID!) { community(id: $id) { membershipHistory(first: 20) { nodes { id change member { displayName } actor { id } role reason occurredAt } } } }`,
    { id: community.id },
    t.factories.viewer(community.coordinator),
  );
  expect(result.errors).toBeUndefined();
  const nodes = result.data!.community.membershipHistory.nodes;
  const declines = nodes.filter((node) => node.change === 'JOIN_REQUEST_DECLINED');
  expect(declines.map((node) => [node.member.displayName, node.actor?.id, node.role, node.reason])).toEqual([
    ['Asker again', community.coordinator.id, null, 'Tell us more about your work, please.'],
    ['Asker declined', community.coordinator.id, null, 'This community is for clinicians.'],
    ['Asker lateDecline', community.coordinator.id, null, 'Please ask again once you work in palliative care.'],
  ]);
  expect(declines[0]!.id).toBe(declinedOnce.id);
  expect(declines[0]!.occurredAt).toBe(declinedOnce.decidedAt!.toISOString());
  // In time order with the rest of the record: the approval's join sits between two declines.
  const order = nodes.map((node) => `${node.change}:${node.member.displayName}`);
  expect(order.indexOf('JOIN_REQUEST_DECLINED:Asker declined')).toBeLessThan(order.indexOf('JOINED:Asker approved'));
  expect(order.indexOf('JOINED:Asker approved')).toBeLessThan(order.indexOf('JOIN_REQUEST_DECLINED:Asker lateDecline'));
  expect(nodes.map((node) => node.occurredAt)).toEqual([...nodes.map((node) => node.occurredAt)].sort().reverse());
});
