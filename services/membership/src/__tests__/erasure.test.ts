import { TEST_PASSWORD, membership } from '../testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';

/** Account deletion erases personal data, leaves a tombstone, and tells the other services. */
let t: SubgraphTest<typeof membership>;
beforeAll(async () => {
  t = await startSubgraphTest(membership);
});
afterAll(() => t?.stop());

const DELETE = `mutation ($password: String!) { deleteAccount(input: { password: $password }) { ok } }`;

test('deleting an account leaves "Former member", erases personal data and publishes AccountDeleted', async () => {
  const community = await t.factories.community();
  const member = await t.factories.memberOf(community, 'MEMBER', { participantType: 'CARER_REPRESENTATIVE', displayName: 'Rosa Carer' });
  const email = (await t.factories.domain.read.accounts([member.id]))[0]!.email;
  await t.factories.domain.apiTokens.create(t.factories.viewer(member), { name: 'script', scopes: ['READ'] });

  const export_ = await t.run<{ me: { dataExport: { profile: { displayName: string }; account: { email: string }; memberships: unknown[] } } }>(
    `{ me { dataExport } }`,
    {},
    t.factories.viewer(member),
  );
  expect(export_.data?.me.dataExport).toMatchObject({ profile: { displayName: 'Rosa Carer' }, account: { email }, memberships: [expect.objectContaining({ community: community.name, status: 'ACTIVE' })] });
  expect(JSON.stringify(export_.data)).not.toMatch(/scrypt|token_hash|password_hash/);

  const wrong = await t.run(DELETE, { password: 'not the password' }, t.factories.viewer(member));
  expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
  expect((await t.run(DELETE, { password: TEST_PASSWORD }, t.factories.viewer(member))).errors).toBeUndefined();

  const reference = await t.run<{ _entities: Record<string, unknown>[] }>(
    `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Member { id displayName isFormerMember handle email participantType organisation bio } } }`,
    { representations: [{ __typename: 'Member', id: member.id }] },
    t.factories.viewer(community.coordinator),
  );
  expect(reference.data?._entities[0]).toEqual({ id: member.id, displayName: 'Former member', isFormerMember: true, handle: null, email: null, participantType: null, organisation: null, bio: null });

  const db = t.running.runtime.db;
  expect(await db.query('SELECT 1 FROM accounts WHERE member_id = $1', [member.id])).toEqual([]);
  expect(await db.query('SELECT 1 FROM api_tokens WHERE member_id = $1', [member.id])).toEqual([]);
  expect(await db.query('SELECT 1 FROM accounts WHERE email = $1', [email])).toEqual([]);
  // The history stays, so counts of joins and departures over time stay right.
  const history: { change: string }[] = await db.query('SELECT change FROM membership_history WHERE member_id = $1 ORDER BY occurred_at', [member.id]);
  expect(history.map((row) => row.change)).toEqual(['JOINED', 'LEFT']);

  await t.running.runtime.drainEvents();
  const events: { type: string; payload: Record<string, unknown> }[] = await db.query(
    `SELECT type, payload FROM eventlog.events WHERE payload->>'memberId' = $1 ORDER BY seq`,
    [member.id],
  );
  expect(events.map((event) => event.type)).toEqual(['membership.MemberProfileChanged', 'membership.MemberJoined', 'membership.MemberLeft', 'membership.AccountDeleted']);
  expect(events[2]!.payload).toMatchObject({ reason: 'ACCOUNT_DELETED', attributes: { participantType: 'CARER_REPRESENTATIVE' } });
  expect(JSON.stringify(events)).not.toContain(email);
  expect(JSON.stringify(events)).not.toContain('Rosa Carer');

  const signIn = await t.run(`mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { accessToken } }`, { email, password: TEST_PASSWORD });
  expect(signIn.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  // A session token of the deleted account is refused outright (ADR 2, "Deleted accounts").
  expect((await t.run(`{ me { email } }`, {}, t.factories.viewer(member))).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('the last coordinator must hand over first, and nothing is erased', async () => {
  const community = await t.factories.community();
  const result = await t.run(DELETE, { password: TEST_PASSWORD }, t.factories.viewer(community.coordinator));
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LAST_COORDINATOR' });
  expect((await t.factories.domain.read.members([community.coordinator.id]))[0]).toMatchObject({ deletedAt: null, displayName: 'Coordinator' });
  expect((await t.factories.domain.read.memberships([`${community.id}:${community.coordinator.id}`]))[0]).toMatchObject({ status: 'ACTIVE' });
});

test('member counts stay right after a deletion', async () => {
  const community = await t.factories.community();
  const leaving = await t.factories.memberOf(community);
  await t.factories.memberOf(community);
  const countQuery = `query ($id: ID!) { community(id: $id) { memberCount } }`;
  expect((await t.run<{ community: { memberCount: number } }>(countQuery, { id: community.id })).data?.community.memberCount).toBe(3);
  await t.run(DELETE, { password: TEST_PASSWORD }, t.factories.viewer(leaving));
  expect((await t.run<{ community: { memberCount: number } }>(countQuery, { id: community.id })).data?.community.memberCount).toBe(2);
});
