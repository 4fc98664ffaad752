import { randomBytes } from 'node:crypto';
import { TOTP } from 'otpauth';
import { ConfigError } from '@praxis/platform';
import { membership, newCast, type Cast } from '../testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { service } from '../index';
import { open, seal } from '../membership/secret-box';

// A TOTP secret must be readable to check codes, so it is sealed, not hashed: the database
// alone must not give anyone's second factor away.
let t: SubgraphTest<typeof membership>;
let cast: Cast;

beforeAll(async () => {
  t = await startSubgraphTest(membership);
  cast = await newCast(t.factories);
});
afterAll(() => t?.stop());

const ENROL = `mutation { enrolSecondFactor { secret } }`;

test('the stored secret is sealed, opens only with the key and for its own member, and still checks codes', async () => {
  const enrolled = await t.run<{ enrolSecondFactor: { secret: string } }>(ENROL, {}, cast.member);
  expect(enrolled.errors).toBeUndefined();
  const { secret } = enrolled.data!.enrolSecondFactor;
  const [row] = (await t.running.runtime.db.query(`SELECT secret FROM second_factors WHERE member_id = $1`, [cast.member.id])) as { secret: string }[];
  expect(row!.secret).not.toContain(secret);
  expect(row!.secret).toMatch(/^v1\./);

  const key = t.running.domain.deps.config.secondFactorKey;
  expect(open(key, row!.secret, cast.member.id)).toBe(secret);
  expect(() => open(key, row!.secret, cast.moderator.id)).toThrow();
  expect(() => open(randomBytes(32), row!.secret, cast.member.id)).toThrow();

  const code = new TOTP({ secret }).generate({ timestamp: t.running.runtime.clock.now().getTime() });
  const confirmed = await t.run(`mutation ($code: String!) { confirmSecondFactor(input: { code: $code }) { recoveryCodes } }`, { code }, cast.member);
  expect(confirmed.errors).toBeUndefined();
});

test('a sealed secret changed by one character does not open', () => {
  const key = randomBytes(32);
  const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'owner');
  const tampered = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1)}`;
  expect(() => open(key, tampered, 'owner')).toThrow();
  expect(open(key, sealed, 'owner')).toBe('JBSWY3DPEHPK3PXP');
});

test('production refuses to start without its own key', () => {
  const production = { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: 'x'.repeat(40), AUTH_SIGNING_KEYS: '[{"kty":"EC","kid":"k","d":"d"}]', MEMBERSHIP_DATABASE_URL: 'postgres://u:p@localhost/db' };
  expect(() => service.configFrom(production)).toThrow(ConfigError);
  expect(() => service.configFrom(production)).toThrow(/SECOND_FACTOR_ENCRYPTION_KEY/);
  expect(service.configFrom({ ...production, SECOND_FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('base64') }).secondFactorKey).toHaveLength(32);
});
