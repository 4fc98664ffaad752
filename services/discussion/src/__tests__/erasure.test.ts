import { membershipContracts } from '@praxis/platform';
import { TEST_PASSWORD, newCast, membership, type Cast } from '@praxis/membership/testing';
import { publishForeignEvent, discussion } from '../testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people);
});
afterAll(() => world?.stop());

const count = async (sql: string, params: unknown[]) => Number((await world.running.domain.read.run(sql, params))[0]!.n);

test('a deleted account leaves its posts as "Former member", nothing personal, and every count right', async () => {
  const leaver = await world.people.memberOf(cast.community);
  const { engagement, editing, moderation, posting } = world.running.domain;
  const as = world.factories.access(leaver);
  const forum = await world.factories.forum(cast.community);
  const mine = await world.factories.thread(forum, leaver, { title: 'My story as a carer', body: 'First draft', idempotencyKey: 'leaver-thread-1' });
  const opening = await world.factories.openingPost(mine);
  await editing.edit(as, { postId: opening.id, body: 'What I went through, in my words.' });
  const theirs = await world.factories.thread(forum, cast.member);
  const theirOpening = await world.factories.openingPost(theirs);
  await posting.reply(as, { threadId: theirs.id, body: 'Thank you for sharing.' });
  await engagement.react(as, theirOpening.id, 'LIKE');
  await engagement.react(world.factories.access(cast.member), theirOpening.id, 'LIKE');
  await engagement.react(as, theirOpening.id, 'HELPFUL');
  await engagement.recordView(as, theirs.id);
  await engagement.recordView(world.factories.access(cast.member), theirs.id);
  await engagement.followThread(as, theirs.id, true);
  await engagement.followForum(as, forum.id, true);
  await engagement.markThreadRead(as, theirs.id, null);
  await engagement.markForumRead(as, forum.id);
  await moderation.report(as, { postId: theirOpening.id, reason: 'I think this names someone' });

  const COUNTS = `query ($id: ID!, $p: ID!) { discussionThread(id: $id) { viewCount replyCount } discussionPost(id: $p) { reactions { likeCount helpfulCount } } }`;
  const before = await world.run(COUNTS, { id: theirs.id, p: theirOpening.id }, cast.member);

  await world.membership.domain.erasure.deleteAccount(world.people.viewer(leaver), TEST_PASSWORD);
  await world.membership.runtime.drainEvents();
  await world.running.runtime.drainEvents();

  expect(await world.run(COUNTS, { id: theirs.id, p: theirOpening.id }, cast.member)).toEqual(before);
  expect(before.data).toEqual({ discussionThread: { viewCount: 2, replyCount: 1 }, discussionPost: { reactions: { likeCount: 2, helpfulCount: 1 } } });
  const still = await world.run<{ discussionThread: { author: { id: string }; openingPost: { bodyMarkdown: string; editCount: number } } }>(
    `query ($id: ID!) { discussionThread(id: $id) { author { id } openingPost { bodyMarkdown editCount } } }`,
    { id: mine.id },
    cast.member,
  );
  expect(still.data!.discussionThread).toEqual({ author: { id: leaver.id }, openingPost: { bodyMarkdown: 'What I went through, in my words.', editCount: 1 } });
  const person = await world.membership.server.execute(`query ($id: ID!) { member(id: $id) { displayName isFormerMember handle } }`, { id: leaver.id });
  expect(person.data).toEqual({ member: { displayName: 'Former member', isFormerMember: true, handle: null } });

  for (const [table, column] of [['thread_follows', 'member_id'], ['forum_follows', 'member_id'], ['thread_reads', 'member_id'], ['forum_reads', 'member_id'], ['reactions', 'member_id'], ['thread_views', 'member_id'], ['reports', 'reporter_id']]) {
    expect([table, await count(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [leaver.id])]).toEqual([table, 0]);
  }
  expect(await count('SELECT count(*)::int AS n FROM post_revisions WHERE post_id = $1', [opening.id])).toBe(0);
  expect(await count('SELECT count(*)::int AS n FROM posts WHERE author_id = $1 AND idempotency_key IS NOT NULL', [leaver.id])).toBe(0);
  expect(await count('SELECT count(*)::int AS n FROM reports WHERE post_id = $1 AND reporter_id IS NULL', [theirOpening.id])).toBe(1);

  // Delivered again (at least once), it finds nothing more to do.
  await publishForeignEvent(membershipContracts.AccountDeleted, { memberId: leaver.id });
  await world.running.runtime.drainEvents();
  expect(await world.run(COUNTS, { id: theirs.id, p: theirOpening.id }, cast.member)).toEqual(before);
});
