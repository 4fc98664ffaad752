import type { ForumEntity } from '../entities';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;
let open: Cast;
let forum: ForumEntity;
let otherForum: ForumEntity;
let publicForum: ForumEntity;
const ids: Record<string, string> = {};

type Hit = { rank: number; snippet: string; snippetHtml: string; post: { id: string }; thread: { title: string } };
const SEARCH = `query ($q: String!, $f: DiscussionSearchFilter, $first: Int, $after: String) { discussionSearch(query: $q, filter: $f, first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } nodes { rank snippet snippetHtml post { id } thread { title } } } }`;
const search = async (q: string, viewer?: { id: string }, f?: Record<string, unknown>, first = 50, after?: string) => {
  const result = await world.run<{ discussionSearch: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Hit[] } }>(SEARCH, { q, f, first, after }, viewer);
  if (result.errors) throw Object.assign(new Error(result.errors[0]!.message), { extensions: result.errors[0]!.extensions });
  return result.data!.discussionSearch;
};

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people);
  open = await newCast(world.people, { visibility: 'PUBLIC' });
  forum = await world.factories.forum(cast.community, { name: 'Case scenarios' });
  otherForum = await world.factories.forum(cast.community, { name: 'Webinar follow-up' });
  publicForum = await world.factories.forum(open.community, { name: 'Introductions' });
  const titled = await world.factories.thread(forum, cast.member, { title: 'Palliative sedation at home', body: 'A family asked about options overnight.', tags: ['palliative', 'home-care'] });
  ids.titled = (await world.factories.openingPost(titled)).id;
  ids.bodied = (await world.factories.reply(titled, cast.moderator, { body: 'In rural teams palliative sedation needs a clear plan and an on-call nurse.' })).id;
  const webinar = await world.factories.thread(otherForum, cast.moderator, { title: 'Questions after the webinar', body: 'Was palliative sedation covered in the recording?', tags: ['webinar'] });
  ids.webinar = (await world.factories.openingPost(webinar)).id;
  const publicThread = await world.factories.thread(publicForum, open.member, { title: 'Introducing myself', body: 'I volunteer in palliative care in a small town.' });
  ids.public = (await world.factories.openingPost(publicThread)).id;
  const hidden = await world.factories.reply(titled, cast.member, { body: 'palliative sedation spam that a moderator hid' });
  await world.running.domain.moderation.moderatePost(world.factories.access(cast.moderator), { postId: hidden.id, action: 'HIDE', reason: 'Spam' });
  ids.hidden = hidden.id;
  for (let i = 0; i < 7; i += 1) await world.factories.reply(webinar, cast.coordinator, { body: `Pagination filler ${i} about palliative sedation.` });
});
afterAll(() => world?.stop());

test('ranks title matches first, highlights matches, and leaves out hidden posts', async () => {
  const { nodes } = await search('palliative sedation', cast.member);
  expect(nodes[0]!.post.id).toBe(ids.titled);
  expect(nodes.map((hit) => hit.post.id)).toEqual(expect.arrayContaining([ids.bodied, ids.webinar]));
  expect(nodes.map((hit) => hit.post.id)).not.toContain(ids.hidden);
  for (let i = 1; i < nodes.length; i += 1) expect(nodes[i]!.rank).toBeLessThanOrEqual(nodes[i - 1]!.rank);
  const bodied = nodes.find((hit) => hit.post.id === ids.bodied)!;
  expect(bodied.snippetHtml).toContain('<mark>palliative</mark> <mark>sedation</mark>');
  expect(bodied.snippet).toContain('palliative sedation needs a clear plan');
  expect(bodied.thread.title).toBe('Palliative sedation at home');
});

test('only communities the viewer may read are searched', async () => {
  const asMember = (await search('palliative', cast.member)).nodes.map((hit) => hit.post.id);
  expect(asMember).toEqual(expect.arrayContaining([ids.titled, ids.public]));
  const asStranger = (await search('palliative', cast.nonMember)).nodes.map((hit) => hit.post.id);
  expect(asStranger).toEqual([ids.public]);
  expect((await search('palliative')).nodes.map((hit) => hit.post.id)).toEqual([ids.public]);
  expect((await search('palliative', cast.banned)).nodes.map((hit) => hit.post.id)).toEqual([ids.public]);
  expect((await search('palliative', cast.nonMember, { communityId: cast.community.id })).nodes).toEqual([]);
});

test('filters by community, forum, tag, author and date', async () => {
  const of = async (filter: Record<string, unknown>) => (await search('palliative', cast.member, filter)).nodes.map((hit) => hit.post.id).sort();
  expect(await of({ communityId: open.community.id })).toEqual([ids.public]);
  expect(await of({ forumId: forum.id })).toEqual([ids.titled, ids.bodied].sort());
  expect(await of({ tag: 'Home-Care' })).toEqual([ids.titled, ids.bodied].sort());
  expect(await of({ authorId: cast.moderator.id })).toEqual([ids.bodied, ids.webinar].sort());
  expect(await of({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
  expect((await of({ to: new Date(Date.now() + 60_000).toISOString(), forumId: forum.id })).length).toBe(2);
  expect(await of({ communityId: 'not-a-uuid' })).toEqual([]);
});

test('web-search syntax: phrases and excluded words', async () => {
  expect((await search('"clear plan"', cast.member)).nodes.map((hit) => hit.post.id)).toEqual([ids.bodied]);
  const without = (await search('palliative -webinar -recording -filler', cast.member)).nodes.map((hit) => hit.post.id);
  expect(without).not.toContain(ids.webinar);
  expect(without).toContain(ids.titled);
});

test('pages are stable keyset pages over (rank, id)', async () => {
  const all = (await search('palliative sedation', cast.member)).nodes.map((hit) => hit.post.id);
  expect(all.length).toBe(10);
  const seen: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await search('palliative sedation', cast.member, undefined, 3, after);
    seen.push(...page.nodes.map((hit) => hit.post.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor!;
  }
  expect(seen).toEqual(all);
});

test('bad input names the argument', async () => {
  await expect(search('   ', cast.member)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'query' } });
  await expect(search('x'.repeat(201), cast.member)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'query' } });
  await expect(search('palliative', cast.member, { tag: 'not a tag' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.tag' } });
  await expect(search('palliative', cast.member, { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.to' } });
  await expect(search('palliative', cast.member, undefined, 101)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
  expect((await search('the and of', cast.member)).nodes).toEqual([]);
});
