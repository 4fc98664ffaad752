import { request } from 'undici';
import { ANONYMOUS, memberViewer } from '@praxis/platform';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources } from '../testing';

/**
 * Views, downloads, helpful marks and bookmarks: counted per day in the network's time zone,
 * without lost increments under concurrency, only by mutations or the download route, and
 * told to reports as activity events carrying member, community, network and time.
 */
let stack: SubgraphTest<typeof resources, [typeof membership]>;
type Community = Awaited<ReturnType<SubgraphTest<typeof resources, [typeof membership]>['factories']['people']['community']>>;
let community: Community;
let members: { id: string }[];

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
  const { factories } = stack;
  // Kiritimati is UTC+14: for ten hours a day its date differs from UTC's.
  const network = await factories.people.network({ timeZone: 'Pacific/Kiritimati' });
  community = await factories.people.community({ network });
  members = [];
  for (let i = 0; i < 6; i += 1) members.push(await factories.people.memberOf(community));
  await factories.sync();
});
afterAll(() => stack?.stop());

const f = () => stack.factories;
const counters = async (id: string) =>
  ((await stack.run('query ($id: ID!) { resource(id: $id) { viewCount downloadCount helpfulCount } }', { id }, memberViewer(community.coordinator.id))).data as { resource: Record<string, number> }).resource;
const activity = async (type: string, resourceId: string) => {
  await stack.running.runtime.relay.drain();
  const { rows } = await stack.running.runtime.eventlog.query(`SELECT payload, occurred_at FROM eventlog.events WHERE type = $1 AND payload->>'resourceId' = $2 ORDER BY seq`, [type, resourceId]);
  return rows as { payload: Record<string, unknown>; occurred_at: Date }[];
};

test('fifty concurrent views and downloads lose no increment, and land on the local day', async () => {
  const resource = await f().document(community);
  const views = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? ANONYMOUS : memberViewer(members[i % members.length]!.id)));
  const signed = await f().domain.files.signDownload(f().as(members[0]!), { resourceId: resource.id });
  await Promise.all([
    ...views.map((viewer) => stack.run('mutation ($id: ID!) { recordResourceView(input: { resourceId: $id }) { resource { id } } }', { id: resource.id }, viewer)),
    ...Array.from({ length: 50 }, async () => {
      const response = await request(signed.url);
      await response.body.dump();
      expect(response.statusCode).toBe(200);
    }),
  ]);
  expect(await counters(resource.id)).toEqual({ viewCount: 50, downloadCount: 50, helpfulCount: 0 });
  const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
  const stats = await stack.run('query ($id: ID!, $d: String!) { resource(id: $id) { dailyStats(from: $d, to: $d) { day views downloads } } }', { id: resource.id, d: localDay }, memberViewer(community.coordinator.id));
  expect(stats.data).toEqual({ resource: { dailyStats: [{ day: localDay, views: 50, downloads: 50 }] } });

  const viewed = await activity('resources.ResourceViewed', resource.id);
  // Anonymous views count, but only members' views are activity.
  expect(viewed).toHaveLength(40);
  expect(viewed[0]!.payload).toEqual({ resourceId: resource.id, memberId: expect.any(String), networkId: community.networkId, communityId: community.id, occurredAt: viewed[0]!.occurred_at.toISOString() });
  expect(await activity('resources.ResourceDownloaded', resource.id)).toHaveLength(50);
});

test('reading a resource counts nothing: only the explicit mutation does', async () => {
  const resource = await f().resource(community);
  for (let i = 0; i < 3; i += 1) {
    await stack.run('query ($id: ID!) { resource(id: $id) { title viewCount } }', { id: resource.id }, memberViewer(members[0]!.id));
  }
  expect(await counters(resource.id)).toMatchObject({ viewCount: 0 });
});

test('helpful marks count once per member, even when sent twice at once, and can be taken back', async () => {
  const resource = await f().resource(community);
  const mark = (member: { id: string }, helpful: boolean) => f().domain.engagement.setHelpful(f().as(member), { resourceId: resource.id, helpful });
  await Promise.all([mark(members[0]!, true), mark(members[0]!, true), mark(members[1]!, true), mark(members[2]!, true), mark(members[2]!, true)]);
  expect(await counters(resource.id)).toMatchObject({ helpfulCount: 3 });
  await mark(members[2]!, false);
  await mark(members[2]!, false);
  expect(await counters(resource.id)).toMatchObject({ helpfulCount: 2 });
  const mine = await stack.run('query ($id: ID!) { resource(id: $id) { viewerMarkedHelpfulAt viewerBookmarkedAt } }', { id: resource.id }, memberViewer(members[0]!.id));
  expect(mine.data).toEqual({ resource: { viewerMarkedHelpfulAt: expect.any(String), viewerBookmarkedAt: null } });
  const events = await activity('resources.ResourceMarkedHelpful', resource.id);
  expect(events.map((event) => [event.payload.memberId, event.payload.helpful])).toEqual(
    expect.arrayContaining([
      [members[0]!.id, true],
      [members[1]!.id, true],
      [members[2]!.id, true],
      [members[2]!.id, false],
    ]),
  );
  expect(events).toHaveLength(4);
});

test('bookmarks keep their time and order', async () => {
  const [first, second] = [await f().resource(community), await f().resource(community)];
  const as = f().as(members[3]!);
  await f().domain.engagement.setBookmarked(as, { resourceId: first.id, bookmarked: true });
  await f().domain.engagement.setBookmarked(as, { resourceId: second.id, bookmarked: true });
  await f().domain.engagement.setBookmarked(as, { resourceId: second.id, bookmarked: true });
  const result = await stack.run(
    'query ($id: ID!) { _entities(representations: [{ __typename: "Member", id: $id }]) { ... on Member { resourceBookmarks { edges { bookmarkedAt node { id viewerBookmarkedAt } } } } } }',
    { id: members[3]!.id },
    memberViewer(members[3]!.id),
  );
  const edges = (result.data as { _entities: { resourceBookmarks: { edges: { bookmarkedAt: string; node: { id: string; viewerBookmarkedAt: string } }[] } }[] })._entities[0]!.resourceBookmarks.edges;
  expect(edges.map((edge) => edge.node.id)).toEqual([second.id, first.id]);
  expect(edges[0]!.node.viewerBookmarkedAt).toBe(edges[0]!.bookmarkedAt);
  await f().domain.engagement.setBookmarked(as, { resourceId: first.id, bookmarked: false });
  expect(await f().domain.read.viewerMarks('resource_bookmarks', members[3]!.id, [first.id, second.id])).toEqual([null, expect.any(Date)]);
});

test('contributions are activity too, and daily figures are bounded', async () => {
  const resource = await f().resource(community, { by: members[4]! });
  const contributed = await activity('resources.ResourceContributed', resource.id);
  expect(contributed.map((event) => event.payload)).toEqual([
    { resourceId: resource.id, memberId: members[4]!.id, networkId: community.networkId, communityId: community.id, occurredAt: expect.any(String), kind: 'LINK' },
  ]);
  const tooLong = await stack.run('query ($id: ID!) { resource(id: $id) { dailyStats(from: "2024-01-01", to: "2026-01-01") { day } } }', { id: resource.id }, memberViewer(members[4]!.id));
  expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  const backwards = await stack.run('query ($id: ID!) { resource(id: $id) { dailyStats(from: "2026-02-01", to: "2026-01-01") { day } } }', { id: resource.id }, memberViewer(members[4]!.id));
  expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
});
