import type { ForumEntity } from '../entities';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { outcome, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;
let forum: ForumEntity;

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people);
  forum = await world.factories.forum(cast.community, { name: 'Case scenarios' });
});
afterAll(() => world?.stop());

const START = `mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id title tags kind status openingPost { id bodyMarkdown } } } }`;
const REPLY = `mutation ($input: ReplyToDiscussionThreadInput!) { replyToDiscussionThread(input: $input) { post { id bodyMarkdown replyTo { id } quoted } } }`;
const EDIT = `mutation ($input: EditDiscussionPostInput!) { editDiscussionPost(input: $input) { post { id bodyMarkdown editCount editedAt thread { title tags } } } }`;

const errorOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions ?? {};

describe('bad input', () => {
  test.each([
    ['an empty title', { title: '   ', body: 'Body' }, 'input.title'],
    ['an oversized title', { title: 'x'.repeat(201), body: 'Body' }, 'input.title'],
    ['an empty body', { title: 'Title', body: ' \n\t ' }, 'input.body'],
    ['an oversized body', { title: 'Title', body: 'x'.repeat(20_001) }, 'input.body'],
    ['a malformed tag', { title: 'Title', body: 'Body', tags: ['no spaces allowed'] }, 'input.tags.0'],
    ['too many tags', { title: 'Title', body: 'Body', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'input.tags'],
    ['a malformed idempotency key', { title: 'Title', body: 'Body', idempotencyKey: 'has spaces' }, 'input.idempotencyKey'],
  ])('%s gives BAD_USER_INPUT on the field', async (_label, fields, field) => {
    const result = await world.run(START, { input: { forumId: forum.id, ...fields } }, cast.member);
    expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('an oversized reply body names input.body', async () => {
    const thread = await world.factories.thread(forum, cast.member);
    const result = await world.run(REPLY, { input: { threadId: thread.id, body: 'y'.repeat(20_001) } }, cast.member);
    expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
  });

  test.each([
    ['an unknown forum', '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed'],
    ['an id that is not a UUID', "x' OR 1=1 --"],
  ])('%s gives NOT_FOUND', async (_label, forumId) => {
    const result = await world.run(START, { input: { forumId, title: 'Title', body: 'Body' } }, cast.member);
    expect(outcome(result)).toBe('NOT_FOUND');
  });

  test('hostile ids in queries find nothing and reach no SQL as uuid', async () => {
    const result = await world.run(`query { discussionThread(id: "'; DROP TABLE posts; --") { id } discussionPost(id: "nope") { id } discussionForum(id: "") { id } }`, {}, cast.member);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ discussionThread: null, discussionPost: null, discussionForum: null });
    const references = await world.run<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { discussionPosts { nodes { id } } discussionThreads { nodes { id } } discussionActivity { replies } } ... on Event { discussion { id } discussionViewerCanComment } } }`,
      { r: [{ __typename: 'Member', id: "1' OR '1'='1" }, { __typename: 'Event', id: 'x', communityId: 'y' }] },
      cast.member,
    );
    expect(references.errors).toBeUndefined();
    expect(references.data!._entities).toEqual([
      { discussionPosts: { nodes: [] }, discussionThreads: { nodes: [] }, discussionActivity: { replies: 0 } },
      { discussion: null, discussionViewerCanComment: false },
    ]);
    const community = await world.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { discussionForums { nodes { id } } } } }`, { r: [{ __typename: 'Community', id: 'nope' }] }, cast.member);
    expect(outcome(community)).toBe('NOT_FOUND');
  });

  test('a reply to a post of another thread is NOT_FOUND', async () => {
    const [one, two] = await Promise.all([world.factories.thread(forum, cast.member), world.factories.thread(forum, cast.member)]);
    const elsewhere = await world.factories.openingPost(two);
    const result = await world.run(REPLY, { input: { threadId: one.id, body: 'Hi', replyToPostId: elsewhere.id } }, cast.member);
    expect(outcome(result)).toBe('NOT_FOUND');
  });
});

describe('state clashes', () => {
  test('a reply to a locked thread gives CONFLICT with reason LOCKED', async () => {
    const thread = await world.factories.thread(forum, cast.member);
    await world.running.domain.moderation.moderateThread(world.factories.access(cast.moderator), { threadId: thread.id, action: 'LOCK', reason: 'Answered' });
    const result = await world.run(REPLY, { input: { threadId: thread.id, body: 'One more thing' } }, cast.member);
    expect(errorOf(result)).toMatchObject({ code: 'CONFLICT', reason: 'LOCKED' });
  });

  test('an archived forum takes no new threads', async () => {
    const archived = await world.factories.forum(cast.community);
    await world.running.domain.forums.setArchived(world.factories.access(cast.coordinator), { forumId: archived.id, archived: true });
    const result = await world.run(START, { input: { forumId: archived.id, title: 'Late', body: 'Body' } }, cast.member);
    expect(errorOf(result)).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
  });

  test('a duplicate forum name gives CONFLICT on input.name', async () => {
    const result = await world.run(`mutation ($c: ID!) { createDiscussionForum(input: { communityId: $c, name: "case SCENARIOS" }) { forum { id } } }`, { c: cast.community.id }, cast.coordinator);
    expect(errorOf(result)).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE', field: 'input.name' });
  });

  test('a failing mutation leaves nothing written', async () => {
    const before = await world.running.domain.read.run('SELECT count(*)::int AS n FROM posts', []);
    const thread = await world.factories.thread(forum, cast.member);
    await world.running.domain.moderation.moderateThread(world.factories.access(cast.moderator), { threadId: thread.id, action: 'LOCK', reason: 'Closed' });
    await world.run(REPLY, { input: { threadId: thread.id, body: 'Refused' } }, cast.member);
    const after = await world.running.domain.read.run('SELECT count(*)::int AS n FROM posts', []);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
  });
});

describe('idempotency', () => {
  test('a retried thread with the same key posts once and returns the first result', async () => {
    const input = { forumId: forum.id, title: 'Consent forms in rural clinics', body: 'How do you handle them?', idempotencyKey: 'client-attempt-1' };
    const first = await world.run<{ startDiscussionThread: { thread: { id: string } } }>(START, { input }, cast.member);
    const second = await world.run<{ startDiscussionThread: { thread: { id: string } } }>(START, { input }, cast.member);
    expect(second.data!.startDiscussionThread.thread.id).toBe(first.data!.startDiscussionThread.thread.id);
    const rows = await world.running.domain.read.run(`SELECT count(*)::int AS n FROM threads WHERE title = $1`, [input.title]);
    expect(rows[0]!.n).toBe(1);
  });

  test('concurrent retries of one reply post it once', async () => {
    const thread = await world.factories.thread(forum, cast.member);
    const input = { threadId: thread.id, body: 'Sent from a flaky connection', idempotencyKey: 'reply-42' };
    const results = await Promise.all(Array.from({ length: 8 }, () => world.run<{ replyToDiscussionThread: { post: { id: string } } }>(REPLY, { input }, cast.moderator)));
    expect(results.every((result) => result.errors === undefined)).toBe(true);
    expect(new Set(results.map((result) => result.data!.replyToDiscussionThread.post.id)).size).toBe(1);
    const rows = await world.running.domain.read.run('SELECT count(*)::int AS n FROM posts WHERE thread_id = $1 AND NOT is_opening', [thread.id]);
    expect(rows[0]!.n).toBe(1);
  });

  test('the same key for a different post is a CONFLICT, and keys are per author', async () => {
    const thread = await world.factories.thread(forum, cast.member);
    await world.run(REPLY, { input: { threadId: thread.id, body: 'First', idempotencyKey: 'k-1' } }, cast.member);
    const clash = await world.run(REPLY, { input: { threadId: thread.id, body: 'Something else', idempotencyKey: 'k-1' } }, cast.member);
    expect(errorOf(clash)).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE', field: 'input.idempotencyKey' });
    const other = await world.run(REPLY, { input: { threadId: thread.id, body: 'First', idempotencyKey: 'k-1' } }, cast.moderator);
    expect(other.errors).toBeUndefined();
  });
});

describe('editing and deleting', () => {
  test('an edit of another member’s post gives FORBIDDEN', async () => {
    const thread = await world.factories.thread(forum, cast.member);
    const opening = await world.factories.openingPost(thread);
    for (const viewer of [cast.moderator, cast.coordinator]) {
      expect(outcome(await world.run(EDIT, { input: { postId: opening.id, body: 'Hijacked' } }, viewer))).toBe('FORBIDDEN');
    }
  });

  test('edits keep their history, which the author and moderators can read but other members cannot', async () => {
    const thread = await world.factories.thread(forum, cast.member, { title: 'First title', body: 'First words', tags: ['consent'] });
    const opening = await world.factories.openingPost(thread);
    const edited = await world.run<{ editDiscussionPost: { post: { editCount: number; bodyMarkdown: string; thread: { title: string; tags: string[] } } } }>(
      EDIT,
      { input: { postId: opening.id, body: 'Second words', title: 'Second title', tags: ['Consent', 'rural'] } },
      cast.member,
    );
    expect(edited.data!.editDiscussionPost.post).toMatchObject({ editCount: 1, bodyMarkdown: 'Second words', thread: { title: 'Second title', tags: ['consent', 'rural'] } });
    await world.run(EDIT, { input: { postId: opening.id, body: 'Third words' } }, cast.member);
    const history = `query ($id: ID!) { discussionPost(id: $id) { revisions { nodes { version title bodyMarkdown } } } }`;
    const seen = await world.run<{ discussionPost: { revisions: { nodes: unknown[] } } }>(history, { id: opening.id }, cast.moderator);
    expect(seen.data!.discussionPost.revisions.nodes).toEqual([
      { version: 2, title: 'Second title', bodyMarkdown: 'Second words' },
      { version: 1, title: 'First title', bodyMarkdown: 'First words' },
    ]);
    const other = await world.people.memberOf(cast.community);
    expect(outcome(await world.run(history, { id: opening.id }, other))).toBe('FORBIDDEN');
  });

  test('a title on a reply is refused with the field', async () => {
    const thread = await world.factories.thread(forum, cast.member);
    const reply = await world.factories.reply(thread, cast.member);
    expect(errorOf(await world.run(EDIT, { input: { postId: reply.id, body: 'x', title: 'No' } }, cast.member))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
  });

  test('a deleted reply keeps its place and shows as deleted; deleting the opening post deletes the thread', async () => {
    const thread = await world.factories.thread(forum, cast.member);
    const [first, second] = [await world.factories.reply(thread, cast.moderator), await world.factories.reply(thread, cast.member)];
    await world.run(`mutation ($id: ID!) { deleteDiscussionPost(input: { postId: $id }) { post { id } } }`, { id: second.id }, cast.member);
    const shape = await world.run<{ discussionThread: { replyCount: number; replies: { nodes: unknown[] } } }>(
      `query ($id: ID!) { discussionThread(id: $id) { replyCount replies { nodes { id status bodyMarkdown bodyHtml author { id } } } } }`,
      { id: thread.id },
      cast.member,
    );
    expect(shape.data!.discussionThread.replyCount).toBe(1);
    expect(shape.data!.discussionThread.replies.nodes).toEqual([
      { id: first.id, status: 'PUBLISHED', bodyMarkdown: first.body, bodyHtml: expect.any(String), author: { id: cast.moderator.id } },
      { id: second.id, status: 'DELETED', bodyMarkdown: null, bodyHtml: null, author: { id: cast.member.id } },
    ]);
    const opening = await world.factories.openingPost(thread);
    await world.run(`mutation ($id: ID!) { deleteDiscussionPost(input: { postId: $id }) { post { id } } }`, { id: opening.id }, cast.member);
    const after = await world.run<{ discussionThread: { status: string; title: string | null } }>(`query ($id: ID!) { discussionThread(id: $id) { status title } }`, { id: thread.id }, cast.member);
    expect(after.data!.discussionThread).toEqual({ status: 'DELETED', title: null });
    const listed = await world.run<{ discussionForum: { threads: { nodes: { id: string }[] } } }>(`query ($id: ID!) { discussionForum(id: $id) { threads(first: 100) { nodes { id } } } }`, { id: forum.id }, cast.member);
    expect(listed.data!.discussionForum.threads.nodes.map((node) => node.id)).not.toContain(thread.id);
  });

  test('a banned author loses the right to edit on the next request: in a members-only community the post is NOT_FOUND to them (ADR 8)', async () => {
    const author = await world.people.memberOf(cast.community);
    const thread = await world.factories.thread(forum, author);
    const opening = await world.factories.openingPost(thread);
    expect(outcome(await world.run(EDIT, { input: { postId: opening.id, body: 'Fine' } }, author))).toBe('OK');
    await world.people.ban(cast.community, author);
    expect(outcome(await world.run(EDIT, { input: { postId: opening.id, body: 'Still me?' } }, author))).toBe('NOT_FOUND');
  });
});

describe('questions, quotes and mentions', () => {
  test('the asker accepts a reply; only questions take answers', async () => {
    const question = await world.factories.thread(forum, cast.member, { kind: 'QUESTION' });
    const answer = await world.factories.reply(question, cast.moderator, { body: 'Try the consent checklist.' });
    const accepted = await world.run<{ acceptDiscussionAnswer: { thread: { acceptedAnswer: { id: string; isAcceptedAnswer: boolean } } } }>(
      `mutation ($t: ID!, $p: ID) { acceptDiscussionAnswer(input: { threadId: $t, postId: $p }) { thread { acceptedAnswer { id isAcceptedAnswer } } } }`,
      { t: question.id, p: answer.id },
      cast.member,
    );
    expect(accepted.data!.acceptDiscussionAnswer.thread.acceptedAnswer).toEqual({ id: answer.id, isAcceptedAnswer: true });
    const discussion = await world.factories.thread(forum, cast.member);
    const reply = await world.factories.reply(discussion, cast.moderator);
    const refused = await world.run(`mutation ($t: ID!, $p: ID) { acceptDiscussionAnswer(input: { threadId: $t, postId: $p }) { thread { id } } }`, { t: discussion.id, p: reply.id }, cast.member);
    expect(errorOf(refused)).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
  });

  test('replies quote or answer a post of the same thread', async () => {
    const thread = await world.factories.thread(forum, cast.member);
    const opening = await world.factories.openingPost(thread);
    const result = await world.run<{ replyToDiscussionThread: { post: { replyTo: { id: string }; quoted: boolean } } }>(
      REPLY,
      { input: { threadId: thread.id, body: '> quoted\n\nI agree', replyToPostId: opening.id, quote: true } },
      cast.moderator,
    );
    expect(result.data!.replyToDiscussionThread.post).toMatchObject({ replyTo: { id: opening.id }, quoted: true });
  });

  test('@mentions are stored, outside code, and announced for notifications', async () => {
    const body = 'Thanks @Casey_Coordinator and @mel_member! Email me at someone@example.org. `@not_code` and\n\n```\n@also_not\n```';
    const thread = await world.factories.thread(forum, cast.member, { body });
    const opening = await world.factories.openingPost(thread);
    const result = await world.run<{ discussionPost: { mentionedHandles: string[] } }>(`query ($id: ID!) { discussionPost(id: $id) { mentionedHandles } }`, { id: opening.id }, cast.member);
    expect(result.data!.discussionPost.mentionedHandles.sort()).toEqual(['casey_coordinator', 'mel_member']);
    await world.running.runtime.drainEvents();
    const events = await world.running.domain.read.run(`SELECT payload FROM eventlog.events WHERE type = 'discussion.MembersMentioned' AND payload->>'postId' = $1`, [opening.id]);
    expect(events).toHaveLength(1);
    expect((events[0]!.payload as { handles: string[] }).handles.sort()).toEqual(['casey_coordinator', 'mel_member']);
  });
});

describe('events', () => {
  test('activity carries member, community, network and time; lifecycle says created and deleted; a refused write publishes nothing', async () => {
    const scope = { communityId: cast.community.id, networkId: cast.community.network.id };
    const thread = await world.factories.thread(forum, cast.member, { kind: 'QUESTION', title: 'Opioid conversion at end of life' });
    const title = 'Opioid conversion at end of life';
    const opening = await world.factories.openingPost(thread);
    const reply = await world.factories.reply(thread, cast.moderator, { replyTo: opening });
    await world.running.domain.engagement.react(world.factories.access(cast.member), reply.id, 'HELPFUL');
    await world.running.domain.engagement.recordView(world.factories.access(cast.moderator), thread.id);
    await world.running.domain.moderation.moderateThread(world.factories.access(cast.moderator), { threadId: thread.id, action: 'LOCK', reason: 'Answered' });
    await world.run(REPLY, { input: { threadId: thread.id, body: 'Refused, so never announced' } }, cast.member);
    await world.running.domain.editing.delete(world.factories.access(cast.member), opening.id);
    await world.running.runtime.drainEvents();
    const rows = await world.running.domain.read.run(`SELECT type, occurred_at, payload FROM eventlog.events WHERE publisher = 'discussion' AND payload->>'threadId' = $1 ORDER BY seq`, [thread.id]);
    const events = rows.map((row) => ({ type: row.type as string, payload: row.payload as Record<string, unknown>, at: new Date(row.occurred_at as string) }));
    expect(events.map((event) => event.type)).toEqual([
      'discussion.ThreadChanged',
      'discussion.ThreadPosted',
      'discussion.ReplyPosted',
      'discussion.PostReacted',
      'discussion.ThreadViewed',
      'discussion.ThreadChanged',
    ]);
    expect(events[0]!.payload).toEqual({ ...scope, threadId: thread.id, forumId: forum.id, change: 'CREATED', title });
    expect(events[1]!.payload).toEqual({ ...scope, memberId: cast.member.id, threadId: thread.id, postId: opening.id, forumId: forum.id, kind: 'QUESTION', title, subject: null });
    expect(events[2]!.payload).toEqual({ ...scope, memberId: cast.moderator.id, threadId: thread.id, postId: reply.id, forumId: forum.id, replyToPostId: opening.id, title });
    expect(events[3]!.payload).toEqual({ ...scope, memberId: cast.member.id, threadId: thread.id, postId: reply.id, authorId: cast.moderator.id, reaction: 'HELPFUL' });
    expect(events[4]!.payload).toMatchObject({ ...scope, memberId: cast.moderator.id, threadId: thread.id, day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(events[5]!.payload).toEqual({ ...scope, threadId: thread.id, forumId: forum.id, change: 'DELETED', title });
    expect(events[2]!.at.getTime()).toBe(new Date(reply.createdAt).getTime());
  });
});
