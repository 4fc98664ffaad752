import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The activity projection membership keeps for reports (docs/adr/0007-participation-reports.md),
 * and the indexes its report queries read by.
 */
export class MembershipReports1763900000001 implements MigrationInterface {
  name = 'MembershipReports1763900000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE member_activity (
        event_id     uuid PRIMARY KEY,
        member_id    uuid NOT NULL,
        network_id   uuid NOT NULL,
        community_id uuid,
        kind         text NOT NULL CHECK (kind IN ('THREAD', 'REPLY', 'REACTION', 'CONTRIBUTION', 'REGISTRATION', 'ATTENDANCE')),
        subject_id   uuid NOT NULL,
        occurred_at  timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX member_activity_community ON member_activity (community_id, occurred_at)');
    await runner.query('CREATE INDEX member_activity_network ON member_activity (network_id, occurred_at)');
    await runner.query('CREATE INDEX member_activity_member ON member_activity (member_id, occurred_at DESC, event_id DESC)');
    await runner.query(`
      CREATE TABLE community_member_activity (
        community_id   uuid NOT NULL,
        member_id      uuid NOT NULL,
        last_active_at timestamptz NOT NULL,
        threads        integer NOT NULL DEFAULT 0,
        replies        integer NOT NULL DEFAULT 0,
        reactions      integer NOT NULL DEFAULT 0,
        contributions  integer NOT NULL DEFAULT 0,
        registrations  integer NOT NULL DEFAULT 0,
        attendances    integer NOT NULL DEFAULT 0,
        PRIMARY KEY (community_id, member_id)
      )`);
    await runner.query('CREATE INDEX membership_history_spans ON membership_history (community_id, member_id, occurred_at)');
    await runner.query('CREATE INDEX join_requests_received ON join_requests (community_id, created_at)');
    await runner.query('CREATE INDEX join_requests_decided ON join_requests (community_id, decided_at) WHERE decided_at IS NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX join_requests_decided');
    await runner.query('DROP INDEX join_requests_received');
    await runner.query('DROP INDEX membership_history_spans');
    await runner.query('DROP TABLE community_member_activity');
    await runner.query('DROP TABLE member_activity');
  }
}
