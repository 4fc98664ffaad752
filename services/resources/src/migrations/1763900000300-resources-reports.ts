import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What participation reports need from the library (docs/adr/0007-participation-reports.md):
 *
 * - A contribution stays where it was submitted. Moving a resource changes `community_id`, so
 *   the community it was submitted to is kept apart, and reports of closed periods do not move
 *   with it. Existing rows take it from their CREATED revision.
 * - A helpful mark keeps its marker's attributes at the time of the mark when an account is
 *   deleted and the mark loses its owner, so the breakdowns of past periods stay as they were.
 * - Indexes by community and by network, and time, for contributions and helpful marks (the
 *   per-day counters have theirs since the library began).
 */
export class ResourcesReports1763900000300 implements MigrationInterface {
  name = 'ResourcesReports1763900000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE resources ADD COLUMN submitted_community_id uuid');
    await runner.query('UPDATE resources SET submitted_community_id = community_id');
    await runner.query(`
      UPDATE resources r SET submitted_community_id = (v.snapshot->>'communityId')::uuid
      FROM resource_revisions v
      WHERE v.resource_id = r.id AND v.change = 'CREATED' AND v.snapshot ? 'communityId'`);
    await runner.query('CREATE INDEX resources_submitted ON resources (submitted_community_id, created_at)');

    await runner.query(`
      ALTER TABLE resource_helpful_marks
        ADD COLUMN former_participant_type text,
        ADD COLUMN former_profession_term_id uuid,
        ADD COLUMN former_region_term_id uuid,
        -- Only a mark whose owner is gone carries attributes of its own.
        ADD CONSTRAINT resource_helpful_marks_former CHECK (
          member_id IS NULL OR (former_participant_type IS NULL AND former_profession_term_id IS NULL AND former_region_term_id IS NULL)
        )`);
    await runner.query('CREATE INDEX resource_helpful_marks_network ON resource_helpful_marks (network_id, marked_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX resource_helpful_marks_network');
    await runner.query(`
      ALTER TABLE resource_helpful_marks
        DROP CONSTRAINT resource_helpful_marks_former,
        DROP COLUMN former_region_term_id,
        DROP COLUMN former_profession_term_id,
        DROP COLUMN former_participant_type`);
    await runner.query('DROP INDEX resources_submitted');
    await runner.query('ALTER TABLE resources DROP COLUMN submitted_community_id');
  }
}
