import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { DEVELOPMENT_INTERNAL_SECRET, HttpMemberContacts, InternalAuth, MEMBER_CONTACTS_PATH, SERVICE_HEADER, type MemberContact } from '@praxis/platform';
import { countStatements, startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { MemberEntity } from '../entities';
import { membership, TEST_PASSWORD } from '../testing';

/**
 * Members' contacts over membership's internal API, through the platform's client as the
 * notifications service uses it: addresses and names at the moment of sending, and nothing
 * about a former member but that they were one.
 */
let t: SubgraphTest<typeof membership>;
let contacts: HttpMemberContacts;
const auth = new InternalAuth(DEVELOPMENT_INTERNAL_SECRET);

beforeAll(async () => {
  t = await startSubgraphTest(membership);
  contacts = new HttpMemberContacts(t.running.url, auth, 'notifications');
});
afterAll(async () => {
  await contacts.close();
  await t?.stop();
});

async function emailOf(member: MemberEntity): Promise<string> {
  return (await t.factories.domain.read.accounts([member.id]))[0]!.email;
}

async function post(body: unknown, signed = true): Promise<{ status: number; body: unknown }> {
  const response = await request(new URL(MEMBER_CONTACTS_PATH, t.running.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signed ? { [SERVICE_HEADER]: await auth.signService('notifications') } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, body: await response.body.json() };
}

const byId = (list: MemberContact[]) => new Map(list.map((contact) => [contact.memberId, contact]));

test('by id: handle, name, address and whether it is verified, for each member that exists', async () => {
  const alex = await t.factories.member({ displayName: 'Alex Chen' });
  const sam = await t.factories.member({ displayName: 'Sam Rivera' });
  const found = byId(await contacts.byIds([alex.id, sam.id, alex.id, randomUUID(), 'not-a-uuid']));
  expect(found.size).toBe(2);
  expect(found.get(alex.id)).toEqual({ memberId: alex.id, handle: alex.handle, displayName: 'Alex Chen', email: await emailOf(alex), emailVerified: true, deleted: false });
  expect(found.get(sam.id)).toMatchObject({ displayName: 'Sam Rivera', email: await emailOf(sam), deleted: false });
});

test('by handle, whatever the case; unknown handles are left out', async () => {
  const alex = await t.factories.member({ displayName: 'Alex Handle' });
  const found = await contacts.byHandles([alex.handle!.toUpperCase(), 'nobody_has_this_one']);
  expect(found).toEqual([expect.objectContaining({ memberId: alex.id, handle: alex.handle, displayName: 'Alex Handle' })]);
  // Asked by id and by handle at once, a member is answered once.
  const both = await post({ ids: [alex.id], handles: [alex.handle] });
  expect(both).toEqual({ status: 200, body: { members: [expect.objectContaining({ memberId: alex.id })] } });
});

test('a deleted account is a former member: no name, address or handle, and never found by its old handle', async () => {
  const leaver = await t.factories.member({ displayName: 'Leaving Soon' });
  const oldHandle = leaver.handle!;
  await t.factories.domain.erasure.deleteAccount(t.factories.viewer(leaver), TEST_PASSWORD);
  expect(await contacts.byIds([leaver.id])).toEqual([{ memberId: leaver.id, handle: null, displayName: 'Former member', email: null, emailVerified: false, deleted: true }]);
  expect(await contacts.byHandles([oldHandle])).toEqual([]);
});

test('an unverified address says so', async () => {
  const email = `unverified-${Date.now()}@example.org`;
  const handle = `unv_${Date.now().toString(36)}`;
  const signUp = await t.run(`mutation ($input: SignUpInput!) { signUp(input: $input) { ok } }`, {
    input: { email, password: TEST_PASSWORD, handle, displayName: 'Not Yet', participantType: 'STAFF' },
  });
  expect(signUp.errors).toBeUndefined();
  const id = (await t.factories.domain.read.memberByHandle(handle))!.id;
  expect(await contacts.byIds([id])).toEqual([expect.objectContaining({ memberId: id, email, emailVerified: false, deleted: false })]);
});

test('one statement per request, for 5 ids as for 50', async () => {
  const members = await Promise.all(Array.from({ length: 50 }, () => t.factories.member()));
  const ids = members.map((member) => member.id);
  const measure = (count: number) => countStatements({ membership: t.running.runtime.queries }, () => contacts.byIds(ids.slice(0, count)));
  const five = await measure(5);
  const fifty = await measure(50);
  expect(five.result).toHaveLength(5);
  expect(fifty.result).toHaveLength(50);
  expect(five.statements.membership).toBe(1);
  expect(fifty.statements.membership).toBe(1);
});

test('no service assertion is 401; more than 1,000 ids or handles is 400; nothing to look up is an empty answer', async () => {
  expect((await post({ ids: [randomUUID()] }, false)).status).toBe(401);
  expect((await post({ ids: Array.from({ length: 1001 }, () => randomUUID()) })).status).toBe(400);
  expect((await post({ handles: Array.from({ length: 1001 }, (_, index) => `h_${index}`) })).status).toBe(400);
  expect((await post({ ids: Array.from({ length: 1000 }, () => randomUUID()) })).status).toBe(200);
  expect(await post({})).toEqual({ status: 200, body: { members: [] } });
  expect((await post({ ids: 'not a list' })).status).toBe(400);
});
