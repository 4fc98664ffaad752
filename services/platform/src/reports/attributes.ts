import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { ConsumerDefinition } from '../events/consumer';
import type { EventEnvelope } from '../events/envelope';
import { membershipContracts } from '../events/contracts';

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

type Scope = { table: 'report_member_types'; keys: { member_id: string }; values: { participant_type: string } } | {
  table: 'report_member_profiles';
  keys: { member_id: string; network_id: string };
  values: { profession_term_id: string | null; region_term_id: string | null };
};

/**
 * Records that from `at` on the values were these. Replaying an event changes nothing, and an
 * event that arrives late splits the interval it falls in, so history stays consistent.
 */
async function record(manager: EntityManager, scope: Scope, at: Date): Promise<void> {
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
    if (any.length === 0) await insert('-infinity', 'infinity');
    return;
  }
  if (valueNames.every((name, index) => (found[name] ?? null) === (valueValues[index] ?? null))) return;
  if (found.valid_from instanceof Date && found.valid_from.getTime() === at.getTime()) {
    await manager.query(
      `UPDATE ${scope.table} SET ${valueNames.map((name, index) => `${name} = $${keyNames.length + 2 + index}`).join(', ')} WHERE ${where} AND valid_from = $${keyNames.length + 1}`,
      [...keyValues, at, ...valueValues],
    );
    return;
  }
  await manager.query(`UPDATE ${scope.table} SET valid_to = $${keyNames.length + 1} WHERE ${where} AND valid_from = $${keyNames.length + 2}`, [...keyValues, at, found.valid_from]);
  await insert(at, found.valid_to);
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
  return {
    name: 'report-member-attributes',
    events: [MemberProfileChanged, NetworkProfileChanged, MemberJoined, MemberLeft],
    async handle(event: EventEnvelope, manager) {
      const payload = event.payload as Record<string, unknown>;
      switch (event.type) {
        case MemberProfileChanged.type: {
          const p = payload as { memberId: string; participantType: string };
          await recordType(manager, p.memberId, event.occurredAt, p.participantType);
          return;
        }
        case NetworkProfileChanged.type: {
          const p = payload as { memberId: string; networkId: string; professionTermId: string | null; regionTermId: string | null };
          await recordProfile(manager, p.memberId, p.networkId, event.occurredAt, p.professionTermId, p.regionTermId);
          return;
        }
        default: {
          // Joins and departures carry a snapshot of all three, as they were at that moment.
          const p = payload as { memberId: string; networkId: string; attributes: { participantType: string; professionTermId: string | null; regionTermId: string | null } };
          await recordType(manager, p.memberId, event.occurredAt, p.attributes.participantType);
          await recordProfile(manager, p.memberId, p.networkId, event.occurredAt, p.attributes.professionTermId, p.attributes.regionTermId);
        }
      }
    },
  };
}

/**
 * FROM-clause joins that give each activity row its member's attributes at its time, as the
 * columns `participant_type`, `profession_key` and `region_key` (NOT_STATED where unknown).
 * `member`, `network` and `at` are trusted SQL expressions of the activity row.
 */
export function attributesAt(member: string, network: string, at: string): { joins: string; columns: string } {
  return {
    joins: `LEFT JOIN report_member_types rmt ON rmt.member_id = ${member} AND ${at} >= rmt.valid_from AND ${at} < rmt.valid_to
            LEFT JOIN report_member_profiles rmp ON rmp.member_id = ${member} AND rmp.network_id = ${network} AND ${at} >= rmp.valid_from AND ${at} < rmp.valid_to`,
    columns: `coalesce(rmt.participant_type, 'NOT_STATED') AS participant_type,
              coalesce(rmp.profession_term_id::text, 'NOT_STATED') AS profession_key,
              coalesce(rmp.region_term_id::text, 'NOT_STATED') AS region_key`,
  };
}
