import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership, newCast, type Cast } from '../testing';

// One member's email or hidden participant type, read by id, is audited like the directory:
// otherwise a coordinator could read the directory one person at a time, unrecorded.
let t: SubgraphTest<typeof membership>;
let people: Cast;
let spoolDir: string;

beforeAll(async () => {
  spoolDir = await mkdtemp(join(tmpdir(), 'praxis-audit-spool-'));
  t = await startSubgraphTest(membership, { env: { AUDIT_SPOOL_DIR: spoolDir } });
  people = await newCast(t.factories);
});
afterAll(async () => {
  await t?.stop();
  await rm(spoolDir, { recursive: true, force: true });
});

const MEMBER = (fields: string) => `query ($id: ID!) { member(id: $id) { id displayName ${fields} } }`;
const records = async (): Promise<{ actor_id: string; subject_id: string; action: string; detail: Record<string, unknown> }[]> =>
  t.running.runtime.db.query(`SELECT actor_id, subject_id, action, detail FROM audit_records WHERE detail->>'list' = 'member' ORDER BY occurred_at, recorded_at`);

test("a coordinator reading one member's email by id leaves one record naming that member", async () => {
  const answer = await t.run<{ member: { email: string | null } }>(MEMBER('email'), { id: people.member.id }, people.coordinator);
  expect(answer.data?.member?.email).toEqual(expect.stringContaining('@'));
  expect(await records()).toEqual([{ actor_id: people.coordinator.id, subject_id: people.member.id, action: 'DIRECTORY_READ', detail: { list: 'member', fields: ['email'] } }]);
});

test('reading oneself, reading without private fields, or being shown nothing private leaves no record', async () => {
  const before = (await records()).length;
  expect((await t.run(MEMBER('email participantType'), { id: people.coordinator.id }, people.coordinator)).errors).toBeUndefined();
  expect((await t.run(MEMBER('handle'), { id: people.member.id }, people.coordinator)).errors).toBeUndefined();
  const stranger = await t.run<{ member: { email: string | null } }>(MEMBER('email'), { id: people.member.id }, people.nonMember);
  expect(stranger.data?.member?.email).toBeNull();
  expect(await records()).toHaveLength(before);
});
