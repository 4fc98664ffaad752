import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What discussion's part of participation reports reads (docs/adr/0007-participation-reports.md).
 *
 * Reports count participation as it happened, so a closed period never changes. Posts stay as
 * rows when deleted or hidden, but a withdrawn reaction is deleted from `reactions`; so every
 * reaction given is also kept in `reactions_given`, which nothing deletes from. Existing
 * reactions are copied in. Reactions withdrawn before this migration are lost to reports.
 *
 * Posts count by their writing time once they have ever been published; the partial indexes
 * hold exactly those, per community and per network, with what the count needs.
 */
export class DiscussionReports1763900000001 implements MigrationInterface {
  name = 'DiscussionReports1763900000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE reactions_given (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        post_id      uuid NOT NULL REFERENCES posts (id),
        kind         text NOT NULL CHECK (kind IN ('LIKE', 'HELPFUL')),
        member_id    uuid NOT NULL,
        community_id uuid NOT NULL,
        network_id   uuid NOT NULL,
        given_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      INSERT INTO reactions_given (post_id, kind, member_id, community_id, network_id, given_at)
      SELECT r.post_id, r.kind, r.member_id, r.community_id, p.network_id, r.created_at
      FROM reactions r JOIN posts p ON p.id = r.post_id
      ORDER BY r.created_at`);
    await runner.query('CREATE INDEX reactions_given_community ON reactions_given (community_id, given_at) INCLUDE (member_id, network_id)');
    await runner.query('CREATE INDEX reactions_given_network ON reactions_given (network_id, given_at) INCLUDE (member_id)');
    await runner.query('CREATE INDEX reactions_given_post ON reactions_given (post_id)');
    await runner.query('CREATE INDEX posts_report_community ON posts (community_id, created_at) INCLUDE (author_id, network_id, is_opening) WHERE published_at IS NOT NULL');
    await runner.query('CREATE INDEX posts_report_network ON posts (network_id, created_at) INCLUDE (author_id, is_opening) WHERE published_at IS NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX posts_report_network');
    await runner.query('DROP INDEX posts_report_community');
    await runner.query('DROP TABLE reactions_given');
  }
}
