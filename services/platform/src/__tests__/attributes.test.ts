import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '../db/datasource';
import type { EventEnvelope } from '../eventlog/envelope';
import { membershipContracts } from '../eventlog/contracts';
import { attributesAt, memberAttributesConsumer } from '../reports/attributes';
import { resetDatabase, workerDatabase } from '../testing';

// The projection lives in every reporting schema; membership's serves here.
const SERVICE = { schema: 'membership', jobSchema: 'membership_jobs' };
let dataSource: DataSource;

beforeAll(async () => {
  await resetDatabase([SERVICE]);
  const url = (await workerDatabase()).urlFor('membership');
  dataSource = createServiceDataSource({ url, schema: 'membership', entities: [], migrations: [], applicationName: 'attributes-test', poolSize: 2 }).dataSource;
  await dataSource.initialize();
});
afterAll(() => dataSource?.destroy());
beforeEach(() => resetDatabase([SERVICE]));

const day = (n: number) => new Date(Date.UTC(2026, 0, n));
const N1 = randomUUID();
const N2 = randomUUID();
const [nurse, pharmacist, perth, kimberley] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

async function deliver(type: string, occurredAt: Date, payload: Record<string, unknown>): Promise<void> {
  const envelope: EventEnvelope = { id: randomUUID(), type, version: 1, publisher: 'membership', seq: 0, occurredAt, payload };
  await dataSource.transaction((manager) => memberAttributesConsumer().handle(envelope, manager));
}
const joined = (memberId: string, networkId: string, at: Date, participantType: string, professionTermId: string | null, regionTermId: string | null) =>
  deliver(membershipContracts.MemberJoined.type, at, {
    memberId,
    networkId,
    communityId: randomUUID(),
    role: 'MEMBER',
    via: 'OPEN',
    attributes: { participantType, professionTermId, regionTermId },
  });
const typeChanged = (memberId: string, at: Date, participantType: string) =>
  deliver(membershipContracts.MemberProfileChanged.type, at, { memberId, participantType, participantTypeHidden: false, changed: ['participantType'] });
const profileChanged = (memberId: string, networkId: string, at: Date, professionTermId: string | null, regionTermId: string | null) =>
  deliver(membershipContracts.NetworkProfileChanged.type, at, { memberId, networkId, professionTermId, regionTermId });

/** What reports see for one member, network and instant, through the same join they use. */
async function attributes(memberId: string, networkId: string, at: Date) {
  const a = attributesAt('f.member_id', 'f.network_id', 'f.at');
  const [row] = await dataSource.query(`SELECT ${a.columns} FROM (SELECT $1::uuid AS member_id, $2::uuid AS network_id, $3::timestamptz AS at) f ${a.joins}`, [memberId, networkId, at]);
  return row as { participant_type: string | null; profession_key: string | null; region_key: string | null };
}

test('the pieces are the two histories cut together, whatever order the events arrive in', async () => {
  const m = randomUUID();
  await joined(m, N1, day(10), 'STAFF', nurse, perth);
  await typeChanged(m, day(20), 'CONSUMER_REPRESENTATIVE');
  // Arrives after the change of type it precedes: it splits the profile history where it falls.
  await profileChanged(m, N1, day(15), pharmacist, perth);
  await joined(m, N2, day(25), 'CONSUMER_REPRESENTATIVE', null, kimberley);
  await profileChanged(m, N1, day(30), pharmacist, kimberley);
  // Replayed: changes nothing.
  await typeChanged(m, day(20), 'CONSUMER_REPRESENTATIVE');

  const pieces: unknown[] = await dataSource.query(
    `SELECT network_id, valid_from, valid_to, participant_type, profession_term_id, region_term_id FROM report_member_pieces WHERE member_id = $1 ORDER BY network_id = $2 DESC, valid_from`,
    [m, N1],
  );
  // node-postgres reads infinite timestamps as ±Infinity.
  expect(pieces).toEqual([
    { network_id: N1, valid_from: -Infinity, valid_to: day(15), participant_type: 'STAFF', profession_term_id: nurse, region_term_id: perth },
    { network_id: N1, valid_from: day(15), valid_to: day(20), participant_type: 'STAFF', profession_term_id: pharmacist, region_term_id: perth },
    { network_id: N1, valid_from: day(20), valid_to: day(30), participant_type: 'CONSUMER_REPRESENTATIVE', profession_term_id: pharmacist, region_term_id: perth },
    { network_id: N1, valid_from: day(30), valid_to: Infinity, participant_type: 'CONSUMER_REPRESENTATIVE', profession_term_id: pharmacist, region_term_id: kimberley },
    { network_id: N2, valid_from: -Infinity, valid_to: day(20), participant_type: 'STAFF', profession_term_id: null, region_term_id: kimberley },
    { network_id: N2, valid_from: day(20), valid_to: Infinity, participant_type: 'CONSUMER_REPRESENTATIVE', profession_term_id: null, region_term_id: kimberley },
  ]);

  // At every day, the one join on the pieces answers what the two histories answer.
  for (let n = 1; n <= 35; n += 1) {
    for (const network of [N1, N2]) {
      const [expected] = await dataSource.query(
        `SELECT (SELECT participant_type FROM report_member_types WHERE member_id = $1 AND $3 >= valid_from AND $3 < valid_to) AS participant_type,
                p.profession_term_id AS profession_key, p.region_term_id AS region_key
         FROM (SELECT 1) x LEFT JOIN report_member_profiles p ON p.member_id = $1 AND p.network_id = $2 AND $3 >= p.valid_from AND $3 < p.valid_to`,
        [m, network, day(n)],
      );
      expect(await attributes(m, network, day(n))).toEqual(expected);
    }
  }
});

test('a network someone has no profile in knows nothing of them', async () => {
  // Membership announces a profile to everyone who can act in a network (a community joined, a
  // network role granted), so this is a member seen only elsewhere.
  const m = randomUUID();
  await typeChanged(m, day(5), 'STAFF');
  await joined(m, N2, day(6), 'STAFF', nurse, perth);
  expect(await attributes(m, N1, day(10))).toEqual({ participant_type: null, profession_key: null, region_key: null });
  expect(await attributes(m, N2, day(10))).toEqual({ participant_type: 'STAFF', profession_key: nurse, region_key: perth });
  await profileChanged(m, N1, day(8), null, null);
  expect(await attributes(m, N1, day(10))).toEqual({ participant_type: 'STAFF', profession_key: null, region_key: null });
});
