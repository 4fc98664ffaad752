import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people, { visibility: 'PUBLIC' });
});
afterAll(() => world?.stop());

const THREAD = `query ($id: ID!) { discussionThread(id: $id) { replyCount replies(first: 50) { nodes { id status } } } }`;
type Thread = { discussionThread: { replyCount: number; replies: { nodes: { id: string; status: string }[] } } };

// The contract the SDL describes: `replyCount` is published replies, for every viewer; `replies`
// also lists deleted and hidden placeholders, and replies waiting for approval to their author
// and moderators.
test('replyCount counts published replies only; replies lists placeholders, and pending replies to their author and moderators', async () => {
  const forum = await world.factories.forum(cast.community, { name: 'Case scenarios' });
  const thread = await world.factories.thread(forum, cast.member);
  const published = await world.factories.reply(thread, cast.member, { body: 'A published reply' });
  const hidden = await world.factories.reply(thread, cast.member, { body: 'Call me on 0400 000 000' });
  const deleted = await world.factories.reply(thread, cast.member, { body: 'Wrong thread' });
  await world.run(`mutation ($id: ID!) { moderateDiscussionPost(input: { postId: $id, action: HIDE, reason: "Personal details" }) { post { id } } }`, { id: hidden.id }, cast.moderator);
  await world.run(`mutation ($id: ID!) { deleteDiscussionPost(input: { postId: $id }) { post { id } } }`, { id: deleted.id }, cast.member);
  await world.run(`mutation ($c: ID!) { setDiscussionPreModeration(input: { communityId: $c, heldPosts: 1, reason: "New members" }) { settings { preModerationHeldPosts } } }`, { c: cast.community.id }, cast.coordinator);
  const newcomer = await world.people.memberOf(cast.community);
  const pending = await world.factories.reply(thread, newcomer, { body: 'My first reply' });
  expect(pending.status).toBe('PENDING_APPROVAL');

  const as = async (viewer: { id: string }) => (await world.run<Thread>(THREAD, { id: thread.id }, viewer)).data!.discussionThread;
  const placeholders = [
    { id: published.id, status: 'PUBLISHED' },
    { id: hidden.id, status: 'HIDDEN' },
    { id: deleted.id, status: 'DELETED' },
  ];
  expect(await as(cast.nonMember)).toEqual({ replyCount: 1, replies: { nodes: placeholders } });
  expect(await as(newcomer)).toEqual({ replyCount: 1, replies: { nodes: [...placeholders, { id: pending.id, status: 'PENDING_APPROVAL' }] } });
  expect(await as(cast.moderator)).toEqual({ replyCount: 1, replies: { nodes: [...placeholders, { id: pending.id, status: 'PENDING_APPROVAL' }] } });
});
