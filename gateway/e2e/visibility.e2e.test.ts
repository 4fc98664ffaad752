import { randomUUID } from 'node:crypto';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningMembership } from '@praxis/membership';
import type { RunningDiscussion } from '@praxis/discussion';
import { DiscussionFactories } from '@praxis/discussion/testing';
import type { RunningResources } from '@praxis/resources';
import { ResourceFactories } from '@praxis/resources/testing';
import type { RunningEvents } from '@praxis/events';
import { EventsFactories } from '@praxis/events/testing';
import { signIn, startStack, type Stack } from './harness';

/**
 * One rule for "you can't see this", in every subgraph (docs/adr/0008-not-found-and-forbidden.md):
 * a read by id answers null, without an error, for an unknown id, a malformed one and one the
 * viewer may not see; a mutation answers NOT_FOUND for the same three, FORBIDDEN only when the
 * viewer can see its target, and UNAUTHENTICATED to an anonymous viewer.
 */
let stack: Stack;
let people: MembershipFactories;
let ids: {
  open: string;
  closed: string;
  network: string;
  networkSlug: string;
  communitySlug: string;
  member: string;
  handle: string;
  forum: string;
  thread: string;
  openThread: string;
  post: string;
  resource: string;
  openResource: string;
  event: string;
  openEvent: string;
};
let tokens: { insider: string; outsider: string; coordinator: string };

const MALFORMED = 'not-an-id';

beforeAll(async () => {
  stack = await startStack();
  people = new MembershipFactories(stack.services.membership as RunningMembership);
  const talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
  const library = new ResourceFactories(stack.services.resources as RunningResources, stack.services.membership as RunningMembership);
  const calendar = new EventsFactories(stack.services.events as RunningEvents);

  const open = await people.community({ visibility: 'PUBLIC' });
  const closed = await people.community({ visibility: 'MEMBERS_ONLY' });
  const insider = await people.memberOf(closed, 'MEMBER', { displayName: 'Ines Insider' });
  const outsider = await people.member({ displayName: 'Otto Outsider' });
  const forum = await talk.forum(closed);
  const thread = await talk.thread(forum, insider, { title: 'Members only: a case scenario' });
  const post = await talk.reply(thread, insider);
  const openThread = await talk.thread(await talk.forum(open), open.coordinator);
  const resource = await library.resource(closed, { by: insider });
  const openResource = await library.resource(open);
  const event = await calendar.event(closed);
  const openEvent = await calendar.event(open);
  const network = (await people.domain.read.networks([open.networkId]))[0]!;
  const member = (await people.domain.read.members([insider.id]))[0]!;
  ids = {
    open: open.id,
    closed: closed.id,
    network: network.id,
    networkSlug: network.slug,
    communitySlug: open.slug,
    member: member.id,
    handle: member.handle!,
    forum: forum.id,
    thread: thread.id,
    openThread: openThread.id,
    post: post.id,
    resource: resource.id,
    openResource: openResource.id,
    event: event.id,
    openEvent: openEvent.id,
  };
  tokens = { insider: await tokenFor(insider), outsider: await tokenFor(outsider), coordinator: await tokenFor(open.coordinator) };
}, 60_000);
afterAll(() => stack?.stop());

async function tokenFor(member: { id: string }): Promise<string> {
  const account = (await people.domain.read.accounts([member.id]))[0]!;
  return (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;
}

interface Read {
  field: string;
  query: string;
  /** An id that exists; `hidden` when a signed-in outsider and an anonymous viewer may not see it. */
  existing: () => { id: string; hidden: boolean };
}

const READS: Read[] = [
  { field: 'network', query: `query ($id: ID!) { network(id: $id) { id } }`, existing: () => ({ id: ids.network, hidden: false }) },
  { field: 'community', query: `query ($id: ID!) { community(id: $id) { id } }`, existing: () => ({ id: ids.closed, hidden: false }) },
  { field: 'member', query: `query ($id: ID!) { member(id: $id) { id } }`, existing: () => ({ id: ids.member, hidden: false }) },
  { field: 'discussionForum', query: `query ($id: ID!) { discussionForum(id: $id) { id } }`, existing: () => ({ id: ids.forum, hidden: true }) },
  { field: 'discussionThread', query: `query ($id: ID!) { discussionThread(id: $id) { id } }`, existing: () => ({ id: ids.thread, hidden: true }) },
  { field: 'discussionPost', query: `query ($id: ID!) { discussionPost(id: $id) { id } }`, existing: () => ({ id: ids.post, hidden: true }) },
  { field: 'resource', query: `query ($id: ID!) { resource(id: $id) { id } }`, existing: () => ({ id: ids.resource, hidden: true }) },
  { field: 'event', query: `query ($id: ID!) { event(id: $id) { id } }`, existing: () => ({ id: ids.event, hidden: true }) },
];

async function read(operation: Read, id: string, token?: string) {
  const response = await stack.graphql<Record<string, { id: string } | null>>(operation.query, { id }, token ? { token } : {});
  return { value: response.data?.[operation.field], errors: response.errors };
}

describe.each(READS)('$field(id:)', (operation) => {
  test('a member who may see it gets it', async () => {
    const { id } = operation.existing();
    expect(await read(operation, id, tokens.insider)).toEqual({ value: { id }, errors: undefined });
  });

  test.each([
    ['an unknown id', () => randomUUID()],
    ['a malformed id', () => MALFORMED],
  ])('%s answers null without an error', async (_what, id) => {
    expect(await read(operation, id(), tokens.outsider)).toEqual({ value: null, errors: undefined });
    expect(await read(operation, id())).toEqual({ value: null, errors: undefined });
  });

  test('a members-only thing answers an outsider and an anonymous viewer null without an error', async () => {
    const { id, hidden } = operation.existing();
    const expected = hidden ? null : { id };
    expect(await read(operation, id, tokens.outsider)).toEqual({ value: expected, errors: undefined });
    expect(await read(operation, id)).toEqual({ value: expected, errors: undefined });
  });
});

test('reads by slug and handle answer null for unknown ones', async () => {
  const response = await stack.graphql(
    `query ($n: String!, $c: String!, $h: String!) { a: network(slug: "no-such-network") { id } b: community(networkSlug: $n, slug: "no-such-community") { id } c: member(handle: "no-such-handle") { id }
       d: network(slug: $n) { id } e: community(networkSlug: $n, slug: $c) { id } f: member(handle: $h) { id } }`,
    { n: ids.networkSlug, c: ids.communitySlug, h: ids.handle },
    { token: tokens.outsider },
  );
  expect(response).toMatchObject({ errors: undefined, data: { a: null, b: null, c: null, d: { id: ids.network }, e: { id: ids.open }, f: { id: ids.member } } });
});

interface Write {
  name: string;
  query: string;
  variables: (id: string) => Record<string, unknown>;
  /** A target the viewer cannot see (members-only), or none where every target is visible. */
  hidden?: () => string;
  /** A target an outsider can see but may not act on. */
  visible: () => string;
  reason?: string;
}

const WRITES: Write[] = [
  {
    name: 'archiveCommunity',
    query: `mutation ($v: CommunityReferenceInput!) { archiveCommunity(input: $v) { community { id } } }`,
    variables: (id) => ({ v: { communityId: id } }),
    visible: () => ids.closed,
  },
  {
    name: 'participationReport',
    query: `query ($v: ParticipationReportInput!) { participationReport(input: $v) { scope } }`,
    variables: (id) => ({ v: { communityId: id, from: '2026-01-01', to: '2026-04-01', granularity: 'MONTH' } }),
    visible: () => ids.open,
  },
  {
    name: 'replyToDiscussionThread',
    query: `mutation ($v: ReplyToDiscussionThreadInput!) { replyToDiscussionThread(input: $v) { post { id } } }`,
    variables: (id) => ({ v: { threadId: id, body: 'Me too.' } }),
    hidden: () => ids.thread,
    visible: () => ids.openThread,
    reason: 'NOT_A_MEMBER',
  },
  {
    name: 'setResourceFeatured',
    query: `mutation ($v: SetResourceFeaturedInput!) { setResourceFeatured(input: $v) { resource { id } } }`,
    variables: (id) => ({ v: { resourceId: id, featured: true } }),
    hidden: () => ids.resource,
    visible: () => ids.openResource,
  },
  {
    name: 'cancelEvent',
    query: `mutation ($v: CancelEventInput!) { cancelEvent(input: $v) { event { id } } }`,
    variables: (id) => ({ v: { id, reason: 'Speaker unwell' } }),
    hidden: () => ids.event,
    visible: () => ids.openEvent,
  },
];

async function codeOf(operation: Write, id: string, token?: string) {
  const response = await stack.graphql(operation.query, operation.variables(id), token ? { token } : {});
  const [error] = response.errors ?? [];
  return { code: error?.extensions?.code, reason: error?.extensions?.reason, field: error?.extensions?.field };
}

describe.each(WRITES)('$name', (operation) => {
  test('an unknown, a malformed and a members-only target are NOT_FOUND', async () => {
    const targets = [randomUUID(), MALFORMED, ...(operation.hidden ? [operation.hidden()] : [])];
    for (const id of targets) expect(await codeOf(operation, id, tokens.outsider)).toMatchObject({ code: 'NOT_FOUND', field: undefined });
  });

  test('a target the viewer can see but may not act on is FORBIDDEN, with a reason', async () => {
    const answer = await codeOf(operation, operation.visible(), tokens.outsider);
    expect(answer).toMatchObject({ code: 'FORBIDDEN', reason: operation.reason ?? expect.any(String) });
  });

  test('an anonymous viewer is UNAUTHENTICATED, whatever the target', async () => {
    for (const id of [randomUUID(), operation.visible(), ...(operation.hidden ? [operation.hidden()] : [])]) {
      expect((await codeOf(operation, id)).code).toBe('UNAUTHENTICATED');
    }
  });
});

test('arguments that are not ids stay BAD_USER_INPUT, naming the field', async () => {
  const response = await stack.graphql(
    `query ($v: ParticipationReportInput!) { participationReport(input: $v) { scope } }`,
    { v: { communityId: ids.open, from: '2026-04-01', to: '2026-01-01', granularity: 'MONTH' } },
    { token: tokens.coordinator },
  );
  expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: expect.stringMatching(/^input\./) });
});
