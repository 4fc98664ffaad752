import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per refresh-token family, for the list of sessions: the device and address it was
 * started from, and when it was started and last used. Families that exist already get a row
 * with what their tokens tell (no device, no address).
 */
export class MembershipSessions1765000000002 implements MigrationInterface {
  name = 'MembershipSessions1765000000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sessions (
        id           uuid PRIMARY KEY,
        member_id    uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        user_agent   text,
        address      text,
        created_at   timestamptz NOT NULL,
        last_used_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX sessions_member ON sessions (member_id, last_used_at DESC)`);
    await runner.query(`
      INSERT INTO sessions (id, member_id, created_at, last_used_at)
      SELECT family_id, min(member_id::text)::uuid, min(created_at), max(created_at) FROM refresh_tokens GROUP BY family_id`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE sessions`);
  }
}
