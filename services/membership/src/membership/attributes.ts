import type { EntityManager } from 'typeorm';
import type { MemberAttributes } from '@praxis/platform';

/**
 * The report attributes of a member in one network, as they are now, for the events that
 * record them at the time of the activity (docs/adr/0005-report-attributes-at-time-of-activity.md).
 */
export async function attributesOf(manager: EntityManager, memberId: string, networkId: string): Promise<MemberAttributes> {
  const rows: { participant_type: MemberAttributes['participantType'] | null; profession_term_id: string | null; region_term_id: string | null }[] = await manager.query(
    `SELECT m.participant_type, p.profession_term_id, p.region_term_id
     FROM members m LEFT JOIN member_network_profiles p ON p.member_id = m.id AND p.network_id = $2
     WHERE m.id = $1`,
    [memberId, networkId],
  );
  const row = rows[0];
  return {
    participantType: row?.participant_type ?? 'OTHER',
    professionTermId: row?.profession_term_id ?? null,
    regionTermId: row?.region_term_id ?? null,
  };
}
