import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Covering indexes for the report's contributions and helpful marks. A year of a large
 * community's contributions is thousands of rows scattered over a wide table (bodies, search
 * vectors); with the columns the report reads in the index it never visits the table. They
 * replace the plain indexes on the same keys, and add the one network reports lacked.
 */
export class ResourcesReportIndexes1764000000300 implements MigrationInterface {
  name = 'ResourcesReportIndexes1764000000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX resources_report_community ON resources (submitted_community_id, created_at) INCLUDE (contributor_id, network_id)');
    await runner.query('CREATE INDEX resources_report_network ON resources (network_id, created_at) INCLUDE (contributor_id)');
    await runner.query('DROP INDEX resources_submitted');
    const former = 'former_participant_type, former_profession_term_id, former_region_term_id';
    await runner.query(`CREATE INDEX resource_helpful_marks_report_community ON resource_helpful_marks (community_id, marked_at) INCLUDE (member_id, network_id, ${former})`);
    await runner.query(`CREATE INDEX resource_helpful_marks_report_network ON resource_helpful_marks (network_id, marked_at) INCLUDE (member_id, ${former})`);
    await runner.query('DROP INDEX resource_helpful_marks_community');
    await runner.query('DROP INDEX resource_helpful_marks_network');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX resource_helpful_marks_network ON resource_helpful_marks (network_id, marked_at)');
    await runner.query('CREATE INDEX resource_helpful_marks_community ON resource_helpful_marks (community_id, marked_at)');
    await runner.query('DROP INDEX resource_helpful_marks_report_network');
    await runner.query('DROP INDEX resource_helpful_marks_report_community');
    await runner.query('CREATE INDEX resources_submitted ON resources (submitted_community_id, created_at)');
    await runner.query('DROP INDEX resources_report_network');
    await runner.query('DROP INDEX resources_report_community');
  }
}
