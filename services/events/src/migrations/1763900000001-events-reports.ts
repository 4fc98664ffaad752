import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indexes participation reports read by (docs/adr/0007-participation-reports.md). Events held
 * in a period are found by start among published events of a community or a network, deleted
 * ones included (an event deleted after it took place still counts), which the list indexes,
 * limited to undeleted events, cannot serve. A network's registrations are found through the
 * communities its events belong to. Registrations by community and time, and attendance by
 * event, are served by the initial indexes. Nothing here covers `registered_count`, which
 * changes with every registration, so those updates stay heap-only.
 */
export class EventsReports1763900000001 implements MigrationInterface {
  name = 'EventsReports1763900000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX events_report_community ON events (community_id, starts_at) WHERE status = 'SCHEDULED'`);
    await runner.query(`CREATE INDEX events_report_network ON events (network_id, starts_at) WHERE status = 'SCHEDULED'`);
    await runner.query(`CREATE INDEX events_network_communities ON events (network_id, community_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX events_network_communities');
    await runner.query('DROP INDEX events_report_network');
    await runner.query('DROP INDEX events_report_community');
  }
}
