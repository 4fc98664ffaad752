import { hostileInput, startSubgraphTest, type SubgraphTest, type Result } from '@praxis/platform/testing';
import type { ForumEntity, ThreadEntity } from '../entities';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { discussion } from '../testing';

/** Hostile input is BAD_USER_INPUT on the argument that carried it, never an internal error. */
let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;
let forum: ForumEntity;
let thread: ThreadEntity;

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people, { visibility: 'PUBLIC' });
  forum = await world.factories.forum(cast.community, { name: 'Case scenarios' });
  thread = await world.factories.thread(forum, cast.member, { title: 'Sedation at home', body: 'A family asked about palliative options overnight.' });
  await world.factories.thread(forum, cast.member, { title: 'Second thread', body: 'More palliative care.' });
  await world.factories.reply(thread, cast.moderator, { body: 'A palliative plan and an on-call nurse.' });
});
afterAll(() => world?.stop());

const { NUL, ID, cursor, HOSTILE_CURSORS } = hostileInput;

async function countPosts(): Promise<number> {
  const [{ count }] = (await world.running.runtime.db.query('SELECT count(*)::int AS count FROM posts')) as [{ count: number }];
  return count;
}

describe('a NUL character', () => {
  test.each([
    ["a new thread's body", 'mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id } } }', () => ({ input: { forumId: forum.id, title: 'Title', body: NUL } }), 'input.body'],
    ["a new thread's title and tags", 'mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id } } }', () => ({ input: { forumId: forum.id, title: NUL, body: 'Body', tags: ['ok', NUL] } }), 'input.title'],
    ["a reply's body", 'mutation ($input: ReplyToDiscussionThreadInput!) { replyToDiscussionThread(input: $input) { post { id } } }', () => ({ input: { threadId: thread.id, body: NUL } }), 'input.body'],
    ["an edited post's body", 'mutation ($input: EditDiscussionPostInput!) { editDiscussionPost(input: $input) { post { id } } }', () => ({ input: { postId: thread.id, body: NUL } }), 'input.body'],
    ['a search', 'query ($q: String!) { discussionSearch(query: $q) { nodes { rank } } }', () => ({ q: NUL }), 'query'],
    ["a search's tag filter", 'query ($f: DiscussionSearchFilter) { discussionSearch(query: "palliative", filter: $f) { nodes { rank } } }', () => ({ f: { tag: NUL } }), 'filter.tag'],
  ])('in %s is BAD_USER_INPUT naming it, and writes nothing', async (_label, query, variables, field) => {
    const before = await countPosts();
    const result = await world.run(query, variables(), cast.member);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await countPosts()).toBe(before);
  });

  test('every argument that carries one is listed', async () => {
    const result = await world.run(
      'mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id } } }',
      { input: { forumId: forum.id, title: NUL, body: NUL, tags: ['ok', NUL] } },
      cast.member,
    );
    expect((result.errors?.[0]?.extensions?.fields as { field: string }[]).map((problem) => problem.field).sort()).toEqual(['input.body', 'input.tags.1', 'input.title']);
  });
});

describe.each(HOSTILE_CURSORS)('a cursor with %s', (_label, hostile) => {
  const community = (selection: string) => `query ($c: String, $r: [_Any!]!) { _entities(representations: $r) { ... on Community { ${selection} } } }`;
  test.each([
    ["a forum's threads by activity", 'query ($c: String, $id: ID!) { discussionForum(id: $id) { threads(first: 5, after: $c, orderBy: ACTIVITY) { nodes { id } } } }', 'after'],
    ["a forum's newest threads", 'query ($c: String, $id: ID!) { discussionForum(id: $id) { threads(first: 5, after: $c, orderBy: NEWEST) { nodes { id } } } }', 'after'],
    ["a forum's threads, backward", 'query ($c: String, $id: ID!) { discussionForum(id: $id) { threads(last: 5, before: $c) { nodes { id } } } }', 'before'],
    ["a community's recent threads", community('recentDiscussionThreads(first: 5, after: $c) { nodes { id } }'), 'after'],
    ["a thread's replies", 'query ($c: String, $t: ID!) { discussionThread(id: $t) { replies(first: 5, after: $c) { nodes { id } } } }', 'after'],
    ['search results', 'query ($c: String) { discussionSearch(query: "palliative", first: 5, after: $c) { nodes { rank } } }', 'after'],
  ])('on %s is BAD_USER_INPUT naming the argument', async (_list, query, field) => {
    const result = await world.run(query, { c: hostile, id: forum.id, t: thread.id, r: [{ __typename: 'Community', id: cast.community.id }] }, cast.member);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

test('a crafted cursor of the right length for threads by activity is refused too', async () => {
  for (const values of [['true', "' OR 1=1 --", 'x'], ['maybe', '2026-01-01 00:00:00+00', ID], ['false', '2026-01-01 00:00:00+00', "' OR 1=1 --"]]) {
    const result = await world.run('query ($c: String, $id: ID!) { discussionForum(id: $id) { threads(first: 5, after: $c, orderBy: ACTIVITY) { nodes { id } } } }', { c: cursor(values), id: forum.id }, cast.member);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  }
});

test('the cursors search gives out still page through it', async () => {
  const query = 'query ($c: String) { discussionSearch(query: "palliative", first: 1, after: $c) { nodes { post { id } } pageInfo { endCursor hasNextPage } } }';
  type Page = { discussionSearch: { nodes: { post: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
  const seen: string[] = [];
  let after: string | null = null;
  do {
    const result: Result<Page> = await world.run<Page>(query, { c: after }, cast.member);
    expect(result.errors).toBeUndefined();
    seen.push(...result.data!.discussionSearch.nodes.map((node) => node.post.id));
    after = result.data!.discussionSearch.pageInfo.hasNextPage ? result.data!.discussionSearch.pageInfo.endCursor : null;
  } while (after);
  expect(seen.length).toBe(3);
  expect(new Set(seen).size).toBe(3);
});
