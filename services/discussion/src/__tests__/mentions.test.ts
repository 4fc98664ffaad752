import { TEST_PASSWORD, newCast, membership, type Cast } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people, { visibility: 'PUBLIC' });
});
afterAll(() => world?.stop());

const POST = `query ($id: ID!) { discussionPost(id: $id) { mentionedHandles mentions { id } } }`;
type Post = { discussionPost: { mentionedHandles: string[]; mentions: { id: string }[] } };
const settle = async () => {
  await world.running.runtime.drainEvents();
  await world.running.runtime.drainEvents();
};

test('mentions are the members the handles named, in handle order; a handle nobody holds is left out', async () => {
  const forum = await world.factories.forum(cast.community);
  const [ana, ben] = [await world.people.memberOf(cast.community), await world.people.memberOf(cast.community)];
  const thread = await world.factories.thread(forum, cast.member);
  const reply = await world.factories.reply(thread, cast.member, { body: `Thanks @${ben.handle} and @${ana.handle}, and @nobody_at_all` });
  await settle();

  const seen = await world.run<Post>(POST, { id: reply.id }, cast.nonMember);
  expect(seen.errors).toBeUndefined();
  const byHandle = [ana, ben].sort((a, b) => a.handle!.localeCompare(b.handle!));
  expect(seen.data!.discussionPost.mentionedHandles).toEqual([...byHandle.map((member) => member.handle), 'nobody_at_all'].sort());
  expect(seen.data!.discussionPost.mentions).toEqual(byHandle.map((member) => ({ id: member.id })));
});

test('a mention keeps its member through an edit and after they delete their account; an edit adds new ones', async () => {
  const forum = await world.factories.forum(cast.community);
  const [kept, added] = [await world.people.memberOf(cast.community), await world.people.memberOf(cast.community)];
  const thread = await world.factories.thread(forum, cast.member);
  const reply = await world.factories.reply(thread, cast.member, { body: `Over to @${kept.handle}` });
  await settle();

  const EDIT = `mutation ($input: EditDiscussionPostInput!) { editDiscussionPost(input: $input) { post { id } } }`;
  const edited = await world.run(EDIT, { input: { postId: reply.id, body: `Over to @${kept.handle} and @${added.handle}` } }, cast.member);
  expect(edited.errors).toBeUndefined();
  await settle();
  const after = (await world.run<Post>(POST, { id: reply.id }, cast.member)).data!.discussionPost.mentions.map((member) => member.id);
  expect(after.sort()).toEqual([kept.id, added.id].sort());

  // The id stays, so membership shows the tombstone ("Former member"), as for a post's author.
  await world.membership.domain.erasure.deleteAccount(world.people.viewer(kept), TEST_PASSWORD);
  await world.membership.runtime.drainEvents();
  await settle();
  const erased = (await world.run<Post>(POST, { id: reply.id }, cast.member)).data!.discussionPost.mentions.map((member) => member.id);
  expect(erased).toContain(kept.id);
  const tombstone = await world.membership.server.execute(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { displayName isFormerMember } } }`, {
    r: [{ __typename: 'Member', id: kept.id }],
  });
  expect(tombstone.data).toEqual({ _entities: [{ displayName: 'Former member', isFormerMember: true }] });
});

test('mentions follow the text: a hidden post shows its mentions to moderators only', async () => {
  const forum = await world.factories.forum(cast.community);
  const named = await world.people.memberOf(cast.community);
  const thread = await world.factories.thread(forum, cast.member);
  const reply = await world.factories.reply(thread, cast.member, { body: `Call @${named.handle} on 0400 000 000` });
  await settle();
  await world.run(`mutation ($id: ID!) { moderateDiscussionPost(input: { postId: $id, action: HIDE, reason: "Personal details" }) { post { id } } }`, { id: reply.id }, cast.moderator);
  expect((await world.run<Post>(POST, { id: reply.id }, cast.nonMember)).data!.discussionPost).toEqual({ mentionedHandles: [], mentions: [] });
  expect((await world.run<Post>(POST, { id: reply.id }, cast.moderator)).data!.discussionPost.mentions).toEqual([{ id: named.id }]);
});
