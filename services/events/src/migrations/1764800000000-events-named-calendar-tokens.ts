import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member may hold several calendar tokens, one per calendar program, each named so they can
 * tell them apart and revoke one alone. The one token a member held before becomes "Calendar";
 * only its hash was kept, so its shown prefix is the bare `pxc_`.
 */
export class EventsNamedCalendarTokens1764800000000 implements MigrationInterface {
  name = 'EventsNamedCalendarTokens1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE event_calendar_tokens DROP CONSTRAINT event_calendar_tokens_pkey`);
    await runner.query(`
      ALTER TABLE event_calendar_tokens
        ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
        ADD COLUMN name text NOT NULL DEFAULT 'Calendar',
        ADD COLUMN prefix text NOT NULL DEFAULT 'pxc_',
        ADD COLUMN last_used_at timestamptz`);
    await runner.query(`ALTER TABLE event_calendar_tokens ALTER COLUMN name DROP DEFAULT, ALTER COLUMN prefix DROP DEFAULT`);
    await runner.query(`ALTER TABLE event_calendar_tokens ADD PRIMARY KEY (id)`);
    await runner.query(`ALTER TABLE event_calendar_tokens ADD CONSTRAINT event_calendar_tokens_name CHECK (char_length(name) BETWEEN 1 AND 80)`);
    await runner.query(`CREATE INDEX event_calendar_tokens_member ON event_calendar_tokens (member_id, created_at DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // One token per member again: the newest stays, as "a new token replaces the old" did.
    await runner.query(`
      DELETE FROM event_calendar_tokens t USING event_calendar_tokens newer
      WHERE newer.member_id = t.member_id AND (newer.created_at, newer.id) > (t.created_at, t.id)`);
    await runner.query(`DROP INDEX event_calendar_tokens_member`);
    await runner.query(`ALTER TABLE event_calendar_tokens DROP CONSTRAINT event_calendar_tokens_pkey`);
    await runner.query(`ALTER TABLE event_calendar_tokens DROP COLUMN id, DROP COLUMN name, DROP COLUMN prefix, DROP COLUMN last_used_at`);
    await runner.query(`ALTER TABLE event_calendar_tokens ADD PRIMARY KEY (member_id)`);
  }
}
