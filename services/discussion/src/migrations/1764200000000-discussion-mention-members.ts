import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who a mention names, as membership resolved the handle when the post became visible, so a
 * mention keeps pointing at its member after they change handle or delete their account ("Former
 * member"), as a post keeps its author. Null until resolved, and for handles nobody held.
 * Mentions written before this migration stay unresolved (`mentionedHandles` still lists them):
 * resolving them would announce them again, and so notify the people mentioned twice.
 */
export class DiscussionMentionMembers1764200000000 implements MigrationInterface {
  name = 'DiscussionMentionMembers1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE post_mentions ADD COLUMN member_id uuid`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE post_mentions DROP COLUMN member_id`);
  }
}
