import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { ConsumerDefinition } from '../eventlog/consumer';
import type { EventEnvelope, EventPayload } from '../eventlog/envelope';
import { defineConsumer, on } from '../eventlog/handlers';
import { membershipContracts } from '../eventlog/contracts';

/**
 * The read-only projection of members' report attributes that every subgraph breaking numbers
 * down keeps (docs/adr/0005 and 0007): when each member had which participant type, and which
 * profession and region in each network, as validity intervals [valid_from, valid_to).
 * A member's first known values stand for all earlier time too.
 */
export class ReportMemberAttributes1763900000000 implements MigrationInterface {
  name = 'ReportMemberAttributes1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE report_member_types (
        member_id        uuid NOT NULL,
        valid_from       timestamptz NOT NULL,
        valid_to         timestamptz NOT NULL DEFAULT 'infinity',
        participant_type text NOT NULL,
        PRIMARY KEY (member_id, valid_from),
        CHECK (valid_from < valid_to)
      )`);
    await runner.query(`
      CREATE TABLE report_member_profiles (
        member_id          uuid NOT NULL,
        network_id         uuid NOT NULL,
        valid_from         timestamptz NOT NULL,
        valid_to           timestamptz NOT NULL DEFAULT 'infinity',
        profession_term_id uuid,
        region_term_id     uuid,
        PRIMARY KEY (member_id, network_id, valid_from),
        CHECK (valid_from < valid_to)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE report_member_profiles');
    await runner.query('DROP TABLE report_member_types');
  }
}

/**
 * The two interval tables above, cut into one: for each member and network, the pieces of time
 * in which all three attributes hold still. Reports join every activity row to its member's
 * attributes; one join against the pieces costs half of two against the sources. The pieces
 * are derived only, rebuilt for a member whenever the consumer records a change for them.
 */
export class ReportMemberPieces1764000000000 implements MigrationInterface {
  name = 'ReportMemberPieces1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE report_member_pieces (
        member_id          uuid NOT NULL,
        network_id         uuid NOT NULL,
        valid_from         timestamptz NOT NULL,
        valid_to           timestamptz NOT NULL,
        participant_type   text,
        profession_term_id uuid,
        region_term_id     uuid,
        PRIMARY KEY (member_id, network_id, valid_from),
        CHECK (valid_from < valid_to)
      )`);
    // Its own copy of the cut below: a migration must not change when application code does.
    await runner.query(`
      INSERT INTO report_member_pieces (member_id, network_id, valid_from, valid_to, participant_type, profession_term_id, region_term_id)
      SELECT p.member_id, p.network_id, greatest(p.valid_from, coalesce(t.valid_from, '-infinity')), least(p.valid_to, coalesce(t.valid_to, 'infinity')),
             t.participant_type, p.profession_term_id, p.region_term_id
      FROM report_member_profiles p LEFT JOIN report_member_types t ON t.member_id = p.member_id AND t.valid_from < p.valid_to AND p.valid_from < t.valid_to`);
    // Without statistics the planner guesses the table tiny and sorts every activity row to merge
    // with it, until autovacuum first gets round to it.
    await runner.query('ANALYZE report_member_pieces');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE report_member_pieces');
  }
}

// Type intervals, where a member has any, cover all time, and so do each network's profile
// intervals: every profile interval meets the type intervals it overlaps, and nothing else.
async function rebuildPieces(manager: EntityManager, memberId: string): Promise<void> {
  await manager.query('DELETE FROM report_member_pieces WHERE member_id = $1', [memberId]);
  await manager.query(
    `INSERT INTO report_member_pieces (member_id, network_id, valid_from, valid_to, participant_type, profession_term_id, region_term_id)
     SELECT p.member_id, p.network_id, greatest(p.valid_from, coalesce(t.valid_from, '-infinity')), least(p.valid_to, coalesce(t.valid_to, 'infinity')),
            t.participant_type, p.profession_term_id, p.region_term_id
     FROM report_member_profiles p LEFT JOIN report_member_types t ON t.member_id = p.member_id AND t.valid_from < p.valid_to AND p.valid_from < t.valid_to
     WHERE p.member_id = $1`,
    [memberId],
  );
}

type Scope = { table: 'report_member_types'; keys: { member_id: string }; values: { participant_type: string } } | {
  table: 'report_member_profiles';
  keys: { member_id: string; network_id: string };
  values: { profession_term_id: string | null; region_term_id: string | null };
};

/**
 * Records that from `at` on the values were these. Replaying an event changes nothing, and an
 * event that arrives late splits the interval it falls in, so history stays consistent.
 */
/** Whether anything changed: a replayed event, or one repeating the values, changes nothing. */
async function record(manager: EntityManager, scope: Scope, at: Date): Promise<boolean> {
  const keyNames = Object.keys(scope.keys);
  const keyValues = Object.values(scope.keys);
  const valueNames = Object.keys(scope.values);
  const valueValues = Object.values(scope.values);
  const where = keyNames.map((name, index) => `${name} = $${index + 1}`).join(' AND ');
  // node-postgres returns the infinite bounds as the strings '-infinity' and 'infinity'.
  const current: { valid_from: Date | string; valid_to: Date | string; [column: string]: unknown }[] = await manager.query(
    `SELECT * FROM ${scope.table} WHERE ${where} AND valid_from <= $${keyNames.length + 1} AND $${keyNames.length + 1} < valid_to FOR UPDATE`,
    [...keyValues, at],
  );
  const insert = (from: Date | string, to: Date | string) =>
    manager.query(
      `INSERT INTO ${scope.table} (${[...keyNames, 'valid_from', 'valid_to', ...valueNames].join(', ')})
       VALUES (${[...keyNames, 'valid_from', 'valid_to', ...valueNames].map((_, index) => `$${index + 1}`).join(', ')})`,
      [...keyValues, from, to, ...valueValues],
    );
  const found = current[0];
  if (!found) {
    const any: unknown[] = await manager.query(`SELECT 1 FROM ${scope.table} WHERE ${where} LIMIT 1`, keyValues);
    // The first values known for a member describe them before that too.
    if (any.length > 0) return false;
    await insert('-infinity', 'infinity');
    return true;
  }
  if (valueNames.every((name, index) => (found[name] ?? null) === (valueValues[index] ?? null))) return false;
  if (found.valid_from instanceof Date && found.valid_from.getTime() === at.getTime()) {
    await manager.query(
      `UPDATE ${scope.table} SET ${valueNames.map((name, index) => `${name} = $${keyNames.length + 2 + index}`).join(', ')} WHERE ${where} AND valid_from = $${keyNames.length + 1}`,
      [...keyValues, at, ...valueValues],
    );
    return true;
  }
  await manager.query(`UPDATE ${scope.table} SET valid_to = $${keyNames.length + 1} WHERE ${where} AND valid_from = $${keyNames.length + 2}`, [...keyValues, at, found.valid_from]);
  await insert(at, found.valid_to);
  return true;
}

function recordType(manager: EntityManager, memberId: string, at: Date, participantType: string) {
  return record(manager, { table: 'report_member_types', keys: { member_id: memberId }, values: { participant_type: participantType } }, at);
}

function recordProfile(manager: EntityManager, memberId: string, networkId: string, at: Date, professionTermId: string | null, regionTermId: string | null) {
  return record(manager, { table: 'report_member_profiles', keys: { member_id: memberId, network_id: networkId }, values: { profession_term_id: professionTermId, region_term_id: regionTermId } }, at);
}

/** The consumer every reporting subgraph registers with its runtime. */
export function memberAttributesConsumer(): ConsumerDefinition {
  const { MemberProfileChanged, NetworkProfileChanged, MemberJoined, MemberLeft } = membershipContracts;
  // Joins and departures carry a snapshot of all three, as they were at that moment.
  const snapshot = async ({ payload: p, occurredAt }: EventEnvelope<EventPayload<typeof MemberJoined | typeof MemberLeft>>, manager: EntityManager) => {
    const type = await recordType(manager, p.memberId, occurredAt, p.attributes.participantType);
    const profile = await recordProfile(manager, p.memberId, p.networkId, occurredAt, p.attributes.professionTermId, p.attributes.regionTermId);
    if (type || profile) await rebuildPieces(manager, p.memberId);
  };
  return defineConsumer(
    'report-member-attributes',
    on(MemberProfileChanged, async ({ payload: p, occurredAt }, manager) => {
      if (await recordType(manager, p.memberId, occurredAt, p.participantType)) await rebuildPieces(manager, p.memberId);
    }),
    on(NetworkProfileChanged, async ({ payload: p, occurredAt }, manager) => {
      if (await recordProfile(manager, p.memberId, p.networkId, occurredAt, p.professionTermId, p.regionTermId)) await rebuildPieces(manager, p.memberId);
    }),
    on(MemberJoined, snapshot),
    on(MemberLeft, snapshot),
  );
}

/**
 * FROM-clause join that gives each activity row its member's attributes at its time, as the
 * columns `participant_type` (text), `profession_key` and `region_key` (uuid), NULL where not
 * stated. They stay in their own types until the few grouped rows are labelled
 * (breakdownGrouping), because hashing a uuid per row is cheaper than casting it to text.
 * One join, on the pieces of the row's network: everyone who can act in a network has a profile
 * there, recorded when they join a community or get a network role (NetworkProfileChanged).
 * `member`, `network` and `at` are trusted SQL expressions of the activity row.
 */
export function attributesAt(member: string, network: string, at: string): { joins: string; columns: string } {
  return {
    joins: `LEFT JOIN report_member_pieces rap ON rap.member_id = ${member} AND rap.network_id = ${network} AND ${at} >= rap.valid_from AND ${at} < rap.valid_to`,
    columns: 'rap.participant_type, rap.profession_term_id AS profession_key, rap.region_term_id AS region_key',
  };
}
