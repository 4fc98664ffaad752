import { TestClock } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership, TEST_PASSWORD } from '../testing';

// Throttle windows, locks and resend limits run on the service's clock, as expiry does, so a
// test moves time instead of waiting; so does the first coordinator's join, which reports count.
let t: SubgraphTest<typeof membership>;
const clock = new TestClock();

beforeAll(async () => {
  t = await startSubgraphTest(membership, { clock });
});
afterAll(() => t?.stop());
beforeEach(() => clock.set(new Date()));

const code = (error: unknown) => (error as { code?: string }).code ?? 'OK';
const emailOf = async (memberId: string) => (await t.factories.domain.read.accounts([memberId]))[0]!.email;
const signIn = (email: string, password: string) => t.running.domain.accounts.signIn({ email, password }, '198.51.100.4').then(() => 'OK', code);

test('a sign-in lock lifts when the clock passes it, and a new window starts on the clock', async () => {
  const email = await emailOf((await t.factories.member()).id);
  for (let attempt = 0; attempt < 5; attempt += 1) await signIn(email, 'wrong password');
  expect(await signIn(email, TEST_PASSWORD)).toBe('RATE_LIMITED');
  clock.advance({ minutes: 16 });
  expect(await signIn(email, TEST_PASSWORD)).toBe('OK');
  // The window opened at the last failure; after it, one failure is one failure again.
  clock.advance({ minutes: 16 });
  expect(await signIn(email, 'wrong password')).toBe('UNAUTHENTICATED');
  expect(await signIn(email, TEST_PASSWORD)).toBe('OK');
});

test('a password reset is sent again only once a minute has passed on the clock', async () => {
  const email = await emailOf((await t.factories.member()).id);
  const sent = async () =>
    (await t.running.runtime.jobs.find<{ template: string; to: string }>('membership.send-email')).filter((job) => job.data.template === 'passwordReset' && job.data.to === email).length;
  await t.running.domain.accounts.requestPasswordReset(email);
  await t.running.domain.accounts.requestPasswordReset(email);
  expect(await sent()).toBe(1);
  clock.advance({ minutes: 2 });
  await t.running.domain.accounts.requestPasswordReset(email);
  expect(await sent()).toBe(2);
});

test("a community's first coordinator joins at the clock's time, as every later member does", async () => {
  clock.set('2031-03-04T05:06:07Z');
  const community = await t.factories.community();
  const rows: { joined_at: Date; occurred_at: Date }[] = await t.running.runtime.db.query(
    `SELECT m.joined_at, h.occurred_at FROM memberships m JOIN membership_history h ON h.community_id = m.community_id AND h.member_id = m.member_id AND h.change = 'JOINED'
     WHERE m.community_id = $1 AND m.member_id = $2`,
    [community.id, community.coordinator.id],
  );
  expect(rows).toEqual([{ joined_at: new Date('2031-03-04T05:06:07Z'), occurred_at: new Date('2031-03-04T05:06:07Z') }]);
});
