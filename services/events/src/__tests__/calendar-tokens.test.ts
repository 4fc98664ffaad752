import { request } from 'undici';
import { VIEWER_HEADER, type Viewer } from '@praxis/platform';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { events } from '../testing';

let h: SubgraphTest<typeof events, [typeof membership]>;

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
});
afterAll(() => h?.stop());

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  const response = await request(`${h.running.url}${path}`, { headers });
  return { status: response.statusCode, type: String(response.headers['content-type']), body: await response.body.text() };
}

/** The header the gateway sends after checking a bearer token. */
async function asViewer(viewer: Viewer | null): Promise<Record<string, string>> {
  return viewer ? { [VIEWER_HEADER]: await h.running.runtime.auth.signViewer(viewer, 'test-request') } : {};
}

type Token = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null };
const CREATE = `mutation ($input: CreateEventCalendarTokenInput) { createEventCalendarToken(input: $input) { token tokenQuery eventCalendarToken { id name prefix createdAt lastUsedAt } } }`;
const LIST = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { eventCalendarTokens { id name prefix createdAt lastUsedAt } } } }`;

test('a member holds several named calendar tokens: each created without revoking the others, listed without its secret, revoked alone', async () => {
  const community = await h.people.community({ visibility: 'MEMBERS_ONLY' });
  const member = await h.people.memberOf(community);
  const other = await h.people.memberOf(community);
  await h.factories.event(community, { title: 'Members meeting' });
  const feed = (query: string) => get(`/calendars/communities/${community.id}/events.ics${query}`);
  const list = async (viewer: { id: string }) =>
    ((await h.run<{ _entities: { eventCalendarTokens: Token[] | null }[] }>(LIST, { r: [{ __typename: 'Viewer', memberId: viewer.id }] }, viewer)).data!._entities[0]!.eventCalendarTokens) ?? [];

  const phone = await h.run<{ createEventCalendarToken: { token: string; tokenQuery: string; eventCalendarToken: Token } }>(CREATE, { input: { name: '  Phone ' } }, member);
  const laptop = await h.run<{ createEventCalendarToken: { token: string; tokenQuery: string; eventCalendarToken: Token } }>(CREATE, {}, member);
  const first = phone.data!.createEventCalendarToken;
  const second = laptop.data!.createEventCalendarToken;
  expect(first.eventCalendarToken).toMatchObject({ name: 'Phone', prefix: first.token.slice(0, 10), lastUsedAt: null });
  expect(second.eventCalendarToken.name).toBe('Calendar');
  expect((await feed(first.tokenQuery)).status).toBe(200);
  expect((await feed(second.tokenQuery)).status).toBe(200);

  const mine = await list(member);
  expect(mine.map((token) => token.name)).toEqual(['Calendar', 'Phone']);
  expect(mine.find((token) => token.name === 'Phone')!.lastUsedAt).not.toBeNull();
  expect(JSON.stringify(mine)).not.toContain(first.token);
  // Someone else's list is theirs alone.
  expect(await list(other)).toEqual([]);
  const peeked = await h.run<{ _entities: ({ eventCalendarTokens: Token[] | null } | null)[] }>(LIST, { r: [{ __typename: 'Viewer', memberId: member.id }] }, other);
  expect(peeked.data!._entities[0]?.eventCalendarTokens ?? null).toBeNull();

  const revoke = (id: string, viewer: { id: string }) => h.run(`mutation ($id: ID!) { revokeEventCalendarToken(input: { id: $id }) { ok } }`, { id }, viewer);
  expect((await revoke(first.eventCalendarToken.id, other)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  expect((await revoke('not-an-id', member)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  expect((await revoke(first.eventCalendarToken.id, member)).data).toEqual({ revokeEventCalendarToken: { ok: true } });
  expect((await feed(first.tokenQuery)).status).toBe(401);
  expect((await feed(second.tokenQuery)).status).toBe(200);
  expect((await list(member)).map((token) => token.name)).toEqual(['Calendar']);

  const unnamed = await h.run(CREATE, { input: { name: ' ' } }, member);
  expect(unnamed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  expect((await h.run(CREATE, {}, null)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
});

test('a member may hold at most 20 calendar tokens', async () => {
  const member = await h.people.member();
  for (let i = 0; i < 20; i += 1) await h.running.domain.tokens.create(member.id, { name: `Calendar ${i}` });
  expect((await h.run(CREATE, { input: { name: 'One more' } }, member)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
});

test("a members-only community's feed and event file answer the viewer the gateway vouches for", async () => {
  const community = await h.people.community({ visibility: 'MEMBERS_ONLY' });
  const [nonMember, member, banned] = [await h.people.member(), await h.people.memberOf(community), await h.people.memberOf(community)];
  await h.people.ban(community, banned);
  const event = await h.factories.event(community, { title: 'Members meeting' });
  const viewers: Record<string, Viewer | null> = {
    anonymous: null,
    nonMember: h.people.viewer(nonMember),
    member: h.people.viewer(member),
    coordinator: h.people.viewer(community.coordinator),
    banned: h.people.viewer(banned),
  };
  const outcomes: Record<string, [number, number]> = {};
  for (const [kind, viewer] of Object.entries(viewers)) {
    const headers = await asViewer(viewer);
    const feed = await get(`/calendars/communities/${community.id}/events.ics`, headers);
    const file = await get(`/events/${event.id}/event.ics`, headers);
    if (feed.status === 200) expect(feed.type).toContain('text/calendar');
    outcomes[kind] = [feed.status, file.status];
  }
  expect(outcomes).toEqual({ anonymous: [404, 404], nonMember: [404, 404], member: [200, 200], coordinator: [200, 200], banned: [404, 404] });
  // A statement the gateway did not sign is refused, not downgraded.
  const forged = await get(`/calendars/communities/${community.id}/events.ics`, { [VIEWER_HEADER]: 'forged' });
  expect(forged.status).toBe(401);
});
