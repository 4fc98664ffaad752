import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who was active in each local month of their network: one row per member, community (null for
 * a network-wide contribution) and month, with the time of their latest activity in it. Monthly
 * and quarterly reports count active members from it instead of from every activity, which at
 * the scale community is some 85,000 rows a year instead of 200,000. Kept by the activity
 * consumer and rebuilt for a network when its time zone changes (see Reports.activeMembers).
 */
export class MembershipActiveMonths1763900000002 implements MigrationInterface {
  name = 'MembershipActiveMonths1763900000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE member_active_months (
        network_id   uuid NOT NULL,
        community_id uuid,
        member_id    uuid NOT NULL,
        month        date NOT NULL,
        last_at      timestamptz NOT NULL,
        CONSTRAINT member_active_months_key UNIQUE NULLS NOT DISTINCT (community_id, month, member_id, network_id) INCLUDE (last_at)
      )`);
    await runner.query('CREATE INDEX member_active_months_network ON member_active_months (network_id, month) INCLUDE (member_id, last_at)');
    await runner.query(`
      INSERT INTO member_active_months (network_id, community_id, member_id, month, last_at)
      SELECT m.network_id, m.community_id, m.member_id, date_trunc('month', m.occurred_at AT TIME ZONE n.time_zone)::date, max(m.occurred_at)
      FROM member_activity m JOIN networks n ON n.id = m.network_id
      GROUP BY 1, 2, 3, 4`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE member_active_months');
  }
}
