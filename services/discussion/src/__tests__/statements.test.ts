import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { ForumEntity, ThreadEntity } from '../entities';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { discussion } from '../testing';

/**
 * SQL statement counts do not grow with page or batch size: a page of 100 costs what a page of
 * 10 does, and so does a deep page. Counted on both services, since permission checks are
 * membership's statements.
 */
let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;
let forum: ForumEntity;
let threads: ThreadEntity[];
const figures: Record<string, number[]> = {};

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people);
  forum = await world.factories.forum(cast.community, { name: 'Webinar follow-up' });
  threads = [];
  for (let i = 0; i < 110; i += 1) {
    threads.push(await world.factories.thread(forum, i % 2 ? cast.member : cast.moderator, { title: `Question ${i} about countword`, body: `Body ${i} with countword and @someone_${i % 7}, for @${cast.coordinator.handle}`, tags: ['webinar'] }));
  }
  const first = threads[0]!;
  for (let i = 0; i < 110; i += 1) await world.factories.reply(first, i % 2 ? cast.member : cast.coordinator, { body: `Reply ${i} with countword for @${cast.moderator.handle} and @${cast.member.handle}` });
  const { engagement, moderation } = world.running.domain;
  for (const thread of threads.slice(0, 20)) {
    await engagement.recordView(world.factories.access(cast.member), thread.id);
    await engagement.react(world.factories.access(cast.moderator), (await world.factories.openingPost(thread)).id, 'LIKE');
    await engagement.followThread(world.factories.access(cast.member), thread.id, true);
  }
  for (const thread of threads) await moderation.report(world.factories.access(cast.member), { threadId: thread.id, reason: 'Please check' });
  // Resolves the mentions to members.
  await world.running.runtime.drainEvents();
  await world.running.runtime.drainEvents();
  // Some 400 domain writes one after another: about 20 s here, past jest's 30 s default on a busy machine.
}, 120_000);
afterAll(async () => {
  process.stdout.write(`\nStatements per operation (page or batch of 10 vs 100):\n${Object.entries(figures).map(([name, [ten, hundred]]) => `  ${name}: ${ten} vs ${hundred}`).join('\n')}\n`);
  await world?.stop();
});

async function statementsFor(query: string, variables: Record<string, unknown>, viewer: { id: string }): Promise<number> {
  const { result, total } = await countStatements({ discussion: world.running.runtime.queries, membership: world.membership.runtime.queries }, () => world.run(query, variables, viewer));
  expect(result.errors).toBeUndefined();
  return total;
}

async function compare(name: string, query: string, variables: (size: number) => Record<string, unknown>, viewer: { id: string }): Promise<void> {
  const ten = await statementsFor(query, variables(10), viewer);
  const hundred = await statementsFor(query, variables(100), viewer);
  figures[name] = [ten, hundred];
  expect(hundred).toBe(ten);
}

const THREAD_FIELDS = `id title kind tags status author { id } replyCount viewCount lastActivityAt locked pinned viewerFollowing viewerUnreadCount viewerCanReply
  forum { name } openingPost { bodyHtml mentionedHandles mentions { id } reactions { likeCount helpfulCount viewerLiked } }`;

test('a forum page of threads with authors, counts and opening posts', async () => {
  await compare('forum threads', `query ($id: ID!, $n: Int!) { discussionForum(id: $id) { threads(first: $n) { pageInfo { endCursor } nodes { ${THREAD_FIELDS} } } } }`, (n) => ({ id: forum.id, n }), cast.member);
});

test('a deep page costs what the first does', async () => {
  const query = `query ($id: ID!, $after: String) { discussionForum(id: $id) { threads(first: 10, after: $after) { pageInfo { endCursor } nodes { ${THREAD_FIELDS} } } } }`;
  const first = await world.run<{ discussionForum: { threads: { pageInfo: { endCursor: string } } } }>(query, { id: forum.id }, cast.member);
  let after = first.data!.discussionForum.threads.pageInfo.endCursor;
  for (let page = 0; page < 9; page += 1) {
    after = (await world.run<{ discussionForum: { threads: { pageInfo: { endCursor: string } } } }>(query, { id: forum.id, after }, cast.member)).data!.discussionForum.threads.pageInfo.endCursor;
  }
  const deep = await statementsFor(query, { id: forum.id, after }, cast.member);
  const shallow = await statementsFor(query, { id: forum.id }, cast.member);
  figures['forum threads, page 1 vs page 11'] = [shallow, deep];
  expect(deep).toBe(shallow);
});

test('a thread page of replies', async () => {
  await compare(
    'thread replies',
    `query ($id: ID!, $n: Int!) { discussionThread(id: $id) { replies(first: $n) { nodes { id bodyHtml status author { id } mentions { id } replyTo { id } reactions { likeCount viewerFoundHelpful } isAcceptedAnswer editCount } } } }`,
    (n) => ({ id: threads[0]!.id, n }),
    cast.member,
  );
});

test('many communities referenced at once, each with forums and recent threads', async () => {
  const communities = [cast.community];
  for (let i = 0; i < 99; i += 1) communities.push(await world.people.community({ network: cast.community.network, coordinator: cast.coordinator, visibility: i % 2 ? 'PUBLIC' : 'MEMBERS_ONLY' }));
  await compare(
    'Community references',
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { discussionForums(first: 5) { nodes { name viewerUnreadThreadCount } } recentDiscussionThreads(first: 3) { nodes { title replyCount author { id } } } discussionSettings { preModerationHeldPosts } viewerDiscussionUnread { unreadPosts } } } }`,
    (n) => ({ r: communities.slice(0, n).map((community) => ({ __typename: 'Community', id: community.id })) }),
    cast.coordinator,
  );
});

test('many members referenced at once, each with posts and activity', async () => {
  const authors = [cast.member, cast.moderator, cast.coordinator];
  for (let i = 0; i < 97; i += 1) authors.push(await world.people.memberOf(cast.community));
  await compare(
    'Member references',
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { discussionPosts(first: 3) { nodes { id thread { title } } } discussionThreads(first: 2) { nodes { id } } discussionActivity { threadsStarted replies reactionsGiven } } } }`,
    (n) => ({ r: authors.slice(0, n).map((author) => ({ __typename: 'Member', id: author.id })) }),
    cast.member,
  );
});

test('a search page', async () => {
  await compare(
    'search',
    `query ($n: Int!) { discussionSearch(query: "countword", first: $n) { nodes { rank snippetHtml post { id author { id } } thread { title forum { name } } } } }`,
    (n) => ({ n }),
    cast.member,
  );
});

test('a moderation queue page with reports', async () => {
  await compare(
    'moderation queue',
    `query ($r: [_Any!]!, $n: Int!) { _entities(representations: $r) { ... on Community { discussionModerationQueue(first: $n) { nodes { waitingSince pendingApproval openReportCount post { bodyHtml author { id } thread { title } } reports(first: 2) { nodes { reason reporter { id } } } } } } } }`,
    (n) => ({ r: [{ __typename: 'Community', id: cast.community.id }], n }),
    cast.moderator,
  );
});

test("a page of posts' mentions takes one statement, whatever the page size", async () => {
  const query = `query ($id: ID!, $n: Int!) { discussionThread(id: $id) { replies(first: $n) { nodes { id bodyMarkdown } } } }`;
  const withMentions = `query ($id: ID!, $n: Int!) { discussionThread(id: $id) { replies(first: $n) { nodes { id bodyMarkdown mentions { id } } } } }`;
  const page = await world.run<{ discussionThread: { replies: { nodes: { mentions: { id: string }[] }[] } } }>(withMentions, { id: threads[0]!.id, n: 100 }, cast.member);
  expect(page.data!.discussionThread.replies.nodes.every((node) => node.mentions.length === 2)).toBe(true);
  for (const n of [10, 100]) {
    const extra = (await statementsFor(withMentions, { id: threads[0]!.id, n }, cast.member)) - (await statementsFor(query, { id: threads[0]!.id, n }, cast.member));
    figures[`mentions of a page of ${n} replies, statements added`] = [extra, extra];
    expect(extra).toBe(1);
  }
});
