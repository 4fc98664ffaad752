import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Announces every follow that exists, as `discussion.FollowChanged` (version 1) in the outbox, so
 * a service that keeps followers from the event log (notifications) also knows the follows made
 * before the event did. Written here rather than from the contract, so the migration keeps
 * writing what version 1 said. Dated now: a follow tells nobody anything, whenever it was made.
 */
export class DiscussionAnnounceFollows1766000000000 implements MigrationInterface {
  name = 'DiscussionAnnounceFollows1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      INSERT INTO outbox (id, type, version, occurred_at, payload)
      SELECT gen_random_uuid(), 'discussion.FollowChanged', 1, now(), payload
      FROM (
        SELECT f.created_at, f.member_id, jsonb_build_object(
                 'memberId', f.member_id, 'target', 'THREAD', 'targetId', f.thread_id,
                 'communityId', t.community_id, 'networkId', t.network_id, 'following', true) AS payload
        FROM thread_follows f JOIN threads t ON t.id = f.thread_id
        UNION ALL
        SELECT f.created_at, f.member_id, jsonb_build_object(
                 'memberId', f.member_id, 'target', 'FORUM', 'targetId', f.forum_id,
                 'communityId', fo.community_id, 'networkId', fo.network_id, 'following', true)
        FROM forum_follows f JOIN forums fo ON fo.id = f.forum_id
      ) follows
      ORDER BY created_at, member_id`);
  }

  /**
   * Nothing to undo: the announcements may have been relayed to the shared log already, where
   * consumers have read them, and the follows they describe still exist after a revert.
   */
  async down(): Promise<void> {}
}
