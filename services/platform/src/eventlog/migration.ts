import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform's tables inside every service schema: the outbox it publishes through and the
 * positions of the consumers it runs. Each service lists this migration first.
 */
export class PlatformEventTables1763769600000 implements MigrationInterface {
  name = 'PlatformEventTables1763769600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox (
        id          uuid PRIMARY KEY,
        position    bigserial NOT NULL UNIQUE,
        type        text NOT NULL,
        version     integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload     jsonb NOT NULL,
        relayed_at  timestamptz
      )`);
    await runner.query('CREATE INDEX outbox_unrelayed ON outbox (position) WHERE relayed_at IS NULL');
    await runner.query(`
      CREATE TABLE event_positions (
        consumer   text NOT NULL,
        publisher  text NOT NULL,
        seq        bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, publisher)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE event_positions');
    await runner.query('DROP TABLE outbox');
  }
}
