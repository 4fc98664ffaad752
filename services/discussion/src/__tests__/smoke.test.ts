import { startWorld, type World } from './world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.stop());

test('a member starts a thread and another replies', async () => {
  const { community, member, moderator } = await world.cast();
  const forum = await world.talk.forum(community, { name: 'Introductions' });
  const thread = await world.talk.thread(forum, member, { title: 'Hello from Perth', body: 'Hi **all**, I am @' + 'someone_here' });
  await world.talk.reply(thread, moderator, { body: 'Welcome!' });
  const result = await world.gql<{ discussionThread: unknown }>(
    `query ($id: ID!) { discussionThread(id: $id) { title author { id } replyCount openingPost { bodyHtml mentionedHandles } replies(first: 5) { nodes { bodyMarkdown author { id } } } } }`,
    { id: thread.id },
    member,
  );
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({
    discussionThread: {
      title: 'Hello from Perth',
      author: { id: member.id },
      replyCount: 1,
      openingPost: { bodyHtml: '<p>Hi <strong>all</strong>, I am @someone_here</p>\n', mentionedHandles: ['someone_here'] },
      replies: { nodes: [{ bodyMarkdown: 'Welcome!', author: { id: moderator.id } }] },
    },
  });
});
