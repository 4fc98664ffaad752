import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an account is deleted its registrations and attendance lose their member, but reports of
 * closed periods must not change (docs/adr/0005): the member's former id stays beside the row,
 * for reports only, so it keeps the attributes it had. That id resolves to no one any more; it is
 * the same id the report attribute projection keeps, and is never shown through the graph.
 */
export class EventsFormerMembers1763900000002 implements MigrationInterface {
  name = 'EventsFormerMembers1763900000002';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of ['event_registrations', 'event_attendance']) {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN former_member_id uuid`);
      await runner.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_former_member CHECK (former_member_id IS NULL OR (member_id IS NULL AND anonymised_at IS NOT NULL))`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['event_attendance', 'event_registrations']) await runner.query(`ALTER TABLE ${table} DROP COLUMN former_member_id`);
  }
}
