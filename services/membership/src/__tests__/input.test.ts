import { hostileInput, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '../testing';

/** Bad input gets a clear code and the offending field, and leaves nothing written. */
let t: SubgraphTest<typeof membership>;
beforeAll(async () => {
  t = await startSubgraphTest(membership);
});
afterAll(() => t?.stop());

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { ok member { id handle } } }`;
const signUpInput = (overrides: Record<string, unknown> = {}) => ({
  email: `new-${Math.random().toString(36).slice(2)}@example.org`,
  password: 'a long enough password',
  handle: `h_${Math.random().toString(36).slice(2, 10)}`,
  displayName: 'New Person',
  participantType: 'CARER_REPRESENTATIVE',
  ...overrides,
});

async function count(table: string): Promise<number> {
  const rows: { count: number }[] = await t.running.runtime.db.query(`SELECT count(*)::int AS count FROM ${table}`);
  return rows[0]!.count;
}

describe('sign-up', () => {
  test.each([
    ['a malformed email', { email: 'not-an-email' }, 'input.email'],
    ['a short password', { password: 'short' }, 'input.password'],
    ['a malformed handle', { handle: 'Has Spaces!' }, 'input.handle'],
    ['a too-short handle', { handle: 'ab' }, 'input.handle'],
    ['an empty display name', { displayName: '   ' }, 'input.displayName'],
    ['an oversized display name', { displayName: 'x'.repeat(81) }, 'input.displayName'],
  ])('%s is BAD_USER_INPUT on its field', async (_label, overrides, field) => {
    const result = await t.run(SIGN_UP, { input: signUpInput(overrides) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('every problem is listed, not only the first', async () => {
    const result = await t.run(SIGN_UP, { input: signUpInput({ email: 'nope', handle: '!' }) });
    expect((result.errors?.[0]?.extensions?.fields as { field: string }[]).map((problem) => problem.field).sort()).toEqual(['input.email', 'input.handle']);
  });

  test('a duplicate email, compared without case, answers like a new one and writes no account', async () => {
    const first = signUpInput();
    const created = await t.run(SIGN_UP, { input: first });
    expect(created.errors).toBeUndefined();
    const [members, accounts, outbox] = [await count('members'), await count('accounts'), await count('outbox')];
    const result = await t.run(SIGN_UP, { input: signUpInput({ email: first.email.toUpperCase() }) });
    expect(result).toEqual(created);
    expect([await count('members'), await count('accounts'), await count('outbox')]).toEqual([members, accounts, outbox]);
  });

  test('a duplicate handle, compared without case, is CONFLICT', async () => {
    const first = signUpInput();
    await t.run(SIGN_UP, { input: first });
    const result = await t.run(SIGN_UP, { input: signUpInput({ handle: first.handle.toUpperCase() }) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.handle' });
  });
});

describe('communities', () => {
  const CREATE = `mutation ($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id slug questions { position } } } }`;

  test('a malformed slug, an empty name and a sixth question are BAD_USER_INPUT on their fields', async () => {
    const network = await t.factories.network();
    const admin = t.factories.viewer(network.admin);
    const base = { networkId: network.id, name: 'Palliative care', slug: 'palliative-care', domainStatement: 'End-of-life care.', visibility: 'PUBLIC', joinPolicy: 'OPEN' };
    const field = async (overrides: Record<string, unknown>) => (await t.run(CREATE, { input: { ...base, ...overrides } }, admin)).errors?.[0]?.extensions;
    expect(await field({ slug: 'Not A Slug' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug' });
    expect(await field({ slug: 'double--hyphen' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug' });
    expect(await field({ name: '' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(await field({ questions: Array.from({ length: 6 }, (_, i) => ({ prompt: `Question ${i + 1}` })) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.questions' });
    const five = await t.run(CREATE, { input: { ...base, questions: Array.from({ length: 5 }, (_, i) => ({ prompt: `Question ${i + 1}` })) } }, admin);
    expect(five.errors).toBeUndefined();
  });

  test('a duplicate slug within a network is CONFLICT; another network may reuse it', async () => {
    const community = await t.factories.community();
    const admin = t.factories.viewer(community.network.admin);
    const input = { networkId: community.network.id, name: 'Again', slug: community.slug.toUpperCase(), domainStatement: 'Care.', visibility: 'PUBLIC', joinPolicy: 'OPEN' };
    expect((await t.run(CREATE, { input }, admin)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.slug' });
    const other = await t.factories.network();
    expect((await t.run(CREATE, { input: { ...input, networkId: other.id } }, t.factories.viewer(other.admin))).errors).toBeUndefined();
  });

  test('setApplicationQuestions refuses a sixth question and keeps the old ones', async () => {
    const community = await t.factories.community({ questions: [{ prompt: 'Why join?' }] });
    const result = await t.run(
      `mutation ($input: SetApplicationQuestionsInput!) { setApplicationQuestions(input: $input) { community { id } } }`,
      { input: { communityId: community.id, questions: Array.from({ length: 6 }, (_, i) => ({ prompt: `Q${i}` })) } },
      t.factories.viewer(community.coordinator),
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.questions' });
    expect((await t.factories.domain.read.questions([community.id]))[0]!.map((question) => question.prompt)).toEqual(['Why join?']);
  });

  test('ids that are not ids are NOT_FOUND, never a database error', async () => {
    const viewer = t.factories.viewer(await t.factories.member());
    const result = await t.run(`mutation { joinCommunity(input: { communityId: "1 OR 1=1" }) { membership { role } } }`, {}, viewer);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await t.run(`{ community(id: "nope") { id } member(id: "'; DROP TABLE members; --") { id } }`)).data).toEqual({ community: null, member: null });
  });
});

describe('roles', () => {
  test('removing, demoting or the departure of the last coordinator is CONFLICT and changes nothing', async () => {
    const community = await t.factories.community();
    const coordinator = t.factories.viewer(community.coordinator);
    const admin = t.factories.viewer(community.network.admin);
    const demote = await t.run(
      `mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { membership { role } } }`,
      { input: { communityId: community.id, memberId: community.coordinator.id, role: 'MEMBER' } },
      admin,
    );
    expect(demote.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LAST_COORDINATOR' });
    const leave = await t.run(`mutation ($id: ID!) { leaveCommunity(input: { communityId: $id }) { membership { status } } }`, { id: community.id }, coordinator);
    expect(leave.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LAST_COORDINATOR' });
    const remove = await t.run(
      `mutation ($input: ExcludeMemberInput!) { removeMember(input: $input) { membership { status } } }`,
      { input: { communityId: community.id, memberId: community.coordinator.id, reason: 'Testing' } },
      admin,
    );
    expect(remove.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LAST_COORDINATOR' });
    const [membership] = await t.factories.domain.read.memberships([`${community.id}:${community.coordinator.id}`]);
    expect(membership).toMatchObject({ role: 'COORDINATOR', status: 'ACTIVE' });
  });

  test('two coordinators demoting each other at once leave one coordinator', async () => {
    const community = await t.factories.community();
    const second = await t.factories.memberOf(community, 'COORDINATOR');
    const demote = (actor: typeof second, target: typeof second) =>
      t.factories.domain.roster.changeRole(t.factories.viewer(actor), { communityId: community.id, memberId: target.id, role: 'MEMBER' }).then(
        () => 'OK',
        (error: { code: string }) => error.code,
      );
    const outcomes = await Promise.all([demote(community.coordinator, second), demote(second, community.coordinator)]);
    // The second, once it holds the lock, is no longer a coordinator: refused, not half-applied.
    expect(outcomes.sort()).toEqual(['FORBIDDEN', 'OK']);
    const rows: { count: number }[] = await t.running.runtime.db.query(`SELECT count(*)::int AS count FROM memberships WHERE community_id = $1 AND role = 'COORDINATOR' AND status = 'ACTIVE'`, [community.id]);
    expect(rows[0]!.count).toBe(1);
  });

  test('a network keeps its last admin', async () => {
    const network = await t.factories.network();
    const result = await t.run(
      `mutation ($input: NetworkRoleInput!) { revokeNetworkRole(input: $input) { roles } }`,
      { input: { networkId: network.id, memberId: network.admin.id, role: 'ADMIN' } },
      t.factories.viewer(network.admin),
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LAST_ADMIN' });
  });

  test('removing and banning need a reason', async () => {
    const community = await t.factories.community();
    const member = await t.factories.memberOf(community);
    const result = await t.run(
      `mutation ($input: ExcludeMemberInput!) { banMember(input: $input) { membership { status } } }`,
      { input: { communityId: community.id, memberId: member.id, reason: '  ' } },
      t.factories.viewer(community.coordinator),
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
  });
});

describe('vocabularies and networks', () => {
  test('profiles take terms from the right vocabulary of the right network only', async () => {
    const network = await t.factories.network();
    const other = await t.factories.network();
    const nurse = await t.factories.term(network, 'PROFESSION', 'Nurse');
    const perth = await t.factories.term(network, 'REGION', 'Perth');
    const elsewhere = await t.factories.term(other, 'PROFESSION', 'Nurse');
    const member = t.factories.viewer(await t.factories.member());
    const UPDATE = `mutation ($input: UpdateNetworkProfileInput!) { updateNetworkProfile(input: $input) { networkProfile { profession { label } region { label } } } }`;
    const field = async (input: Record<string, unknown>) => (await t.run(UPDATE, { input: { networkId: network.id, ...input } }, member)).errors?.[0]?.extensions;
    expect(await field({ professionId: elsewhere.id })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.professionId' });
    expect(await field({ professionId: perth.id })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.professionId' });
    expect(await field({ regionId: nurse.id })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.regionId' });
    expect(await field({ professionId: 'nonsense' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.professionId' });
    const ok = await t.run<{ updateNetworkProfile: { networkProfile: unknown } }>(UPDATE, { input: { networkId: network.id, professionId: nurse.id, regionId: perth.id } }, member);
    expect(ok.data?.updateNetworkProfile.networkProfile).toEqual({ profession: { label: 'Nurse' }, region: { label: 'Perth' } });
    await t.factories.domain.networks.updateTerm(t.factories.viewer(network.admin), { id: perth.id, archived: true });
    expect(await field({ regionId: perth.id })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.regionId' });
  });

  test('a duplicate term label (compared without case) is CONFLICT', async () => {
    const network = await t.factories.network();
    await t.factories.term(network, 'TOPIC', 'Advance care planning');
    const result = await t.run(`mutation ($input: AddTermInput!) { addTerm(input: $input) { term { id } } }`, { input: { networkId: network.id, kind: 'TOPIC', label: 'ADVANCE care planning' } }, t.factories.viewer(network.admin));
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.label' });
  });

  test('a network needs a real IANA time zone', async () => {
    const operator = t.factories.viewer(await t.factories.operator());
    const result = await t.run(`mutation ($input: CreateNetworkInput!) { createNetwork(input: $input) { network { id } } }`, { input: { name: 'N', slug: 'tz-test', timeZone: 'Mars/Olympus_Mons' } }, operator);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.timeZone' });
    const ok = await t.run<{ createNetwork: { network: { timeZone: string } } }>(
      `mutation ($input: CreateNetworkInput!) { createNetwork(input: $input) { network { timeZone } } }`,
      { input: { name: 'N', slug: 'tz-test', timeZone: 'Australia/Perth' } },
      operator,
    );
    expect(ok.data?.createNetwork.network.timeZone).toBe('Australia/Perth');
  });
});

describe('hostile text and cursors are BAD_USER_INPUT on their argument, never an internal error', () => {
  const { NUL, HOSTILE_CURSORS } = hostileInput;

  let community: Awaited<ReturnType<SubgraphTest<typeof membership>['factories']['community']>>;
  let viewer: ReturnType<SubgraphTest<typeof membership>['factories']['viewer']>;
  beforeAll(async () => {
    community = await t.factories.community();
    viewer = t.factories.viewer(community.coordinator);
  });

  test.each([
    ['a bio', 'mutation ($v: String) { updateProfile(input: { bio: $v }) { member { id } } }', 'input.bio'],
    ['member(handle)', 'query ($v: String) { member(handle: $v) { id } }', 'handle'],
    ['community(slug)', 'query ($v: String, $n: String) { community(networkSlug: $n, slug: $v) { id } }', 'slug'],
    ['the member directory search', 'query ($v: String, $id: ID) { community(id: $id) { members(filter: { search: $v }) { nodes { role } } } }', 'filter.search'],
    ["a network's community search", 'query ($v: String, $n: String) { network(slug: $n) { communities(search: $v) { nodes { id } } } }', 'search'],
  ])('a NUL character in %s', async (_label, query, field) => {
    const result = await t.run(query, { v: NUL, n: community.network.slug, id: community.id }, viewer);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.errors?.[0]?.message).toContain('U+0000');
  });

  test('written inline rather than as a variable, it is refused the same way', async () => {
    const result = await t.run('{ member(handle: "a\\u0000b") { id } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'handle' });
  });

  test('odd handles and slugs are simply not found', async () => {
    const odd = ["' OR 1=1 --", 'x'.repeat(10_000), '\ud800', '😀', '%', '_', '\\', ' ', ''];
    for (const value of odd) {
      const result = await t.run('query ($v: String, $n: String) { member(handle: $v) { id } community(networkSlug: $n, slug: $v) { id } network(slug: $v) { id } }', { v: value, n: community.network.slug });
      expect([value.slice(0, 20), result.errors]).toEqual([value.slice(0, 20), undefined]);
      expect(result.data).toEqual({ member: null, community: null, network: null });
    }
  });

  describe.each(HOSTILE_CURSORS)('a cursor with %s', (_label, hostile) => {
    test.each([
      ['the member directory by name', 'query ($c: String, $id: ID) { community(id: $id) { members(first: 5, after: $c, orderBy: NAME) { nodes { role } } } }', 'after'],
      ['the member directory by joining date', 'query ($c: String, $id: ID) { community(id: $id) { members(first: 5, after: $c, orderBy: JOINED_AT) { nodes { role } } } }', 'after'],
      ['the member directory, backward', 'query ($c: String, $id: ID) { community(id: $id) { members(last: 5, before: $c) { nodes { role } } } }', 'before'],
      ["a member's memberships", 'query ($c: String, $id: ID) { community(id: $id) { members(first: 1) { nodes { member { memberships(first: 5, after: $c) { nodes { role } } } } } } }', 'after'],
      ['networks', 'query ($c: String) { networks(first: 5, after: $c) { nodes { id } } }', 'after'],
    ])('on %s', async (_list, query, field) => {
      const result = await t.run(query, { c: hostile, id: community.id }, viewer);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });
  });

  test('the cursors the directory gives out still page through it', async () => {
    await t.factories.memberOf(community);
    await t.factories.memberOf(community);
    const page = (after: string | null) =>
      t.run<{ community: { members: { nodes: { member: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } } }>(
        'query ($c: String, $id: ID) { community(id: $id) { members(first: 1, after: $c, orderBy: JOINED_AT) { nodes { member { id } } pageInfo { endCursor hasNextPage } } } }',
        { c: after, id: community.id },
        viewer,
      );
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const result = await page(after);
      expect(result.errors).toBeUndefined();
      seen.push(...result.data!.community.members.nodes.map((node) => node.member.id));
      after = result.data!.community.members.pageInfo.hasNextPage ? result.data!.community.members.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });
});
