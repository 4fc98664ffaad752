import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each row of member_active_months carries the member's attributes at its `last_at`, so monthly
 * reports count active members straight from the index, with no join per row. Triggers keep
 * them, because two writers move them: the activity consumer moving `last_at` (and the recut
 * for a new time zone), and the attribute consumer re-cutting a member's pieces when a change
 * arrives, possibly late. Both stay in this schema and in the writer's transaction.
 */
export class MembershipActiveAttributes1764000000001 implements MigrationInterface {
  name = 'MembershipActiveAttributes1764000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE member_active_months
        ADD COLUMN participant_type text,
        ADD COLUMN profession_term_id uuid,
        ADD COLUMN region_term_id uuid,
        DROP CONSTRAINT member_active_months_key,
        ADD CONSTRAINT member_active_months_key UNIQUE NULLS NOT DISTINCT (community_id, month, member_id, network_id)
          INCLUDE (last_at, participant_type, profession_term_id, region_term_id)`);
    await runner.query(`
      CREATE FUNCTION member_active_months_attributes() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        SELECT p.participant_type, p.profession_term_id, p.region_term_id
          INTO NEW.participant_type, NEW.profession_term_id, NEW.region_term_id
          FROM report_member_pieces p
          WHERE p.member_id = NEW.member_id AND p.network_id = NEW.network_id AND p.valid_from <= NEW.last_at AND NEW.last_at < p.valid_to;
        IF NOT FOUND THEN
          NEW.participant_type := NULL; NEW.profession_term_id := NULL; NEW.region_term_id := NULL;
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER member_active_months_attributes BEFORE INSERT OR UPDATE ON member_active_months
      FOR EACH ROW EXECUTE FUNCTION member_active_months_attributes()`);
    // A piece (re)written: the months whose latest activity falls in it take its attributes.
    await runner.query(`
      CREATE FUNCTION report_member_pieces_to_active_months() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        UPDATE member_active_months SET last_at = last_at
        WHERE member_id = NEW.member_id AND network_id = NEW.network_id AND last_at >= NEW.valid_from AND last_at < NEW.valid_to;
        RETURN NULL;
      END $$`);
    await runner.query(`
      CREATE TRIGGER report_member_pieces_to_active_months AFTER INSERT ON report_member_pieces
      FOR EACH ROW EXECUTE FUNCTION report_member_pieces_to_active_months()`);
    await runner.query('CREATE INDEX member_active_months_member ON member_active_months (member_id, network_id, last_at)');
    await runner.query('UPDATE member_active_months SET last_at = last_at');
    // Every row was rewritten: fresh statistics now; autovacuum then sets the visibility map
    // again, which the index-only count needs to stay off the table.
    await runner.query('ANALYZE member_active_months');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX member_active_months_member');
    await runner.query('DROP TRIGGER report_member_pieces_to_active_months ON report_member_pieces');
    await runner.query('DROP FUNCTION report_member_pieces_to_active_months()');
    await runner.query('DROP TRIGGER member_active_months_attributes ON member_active_months');
    await runner.query('DROP FUNCTION member_active_months_attributes()');
    await runner.query(`
      ALTER TABLE member_active_months
        DROP CONSTRAINT member_active_months_key,
        ADD CONSTRAINT member_active_months_key UNIQUE NULLS NOT DISTINCT (community_id, month, member_id, network_id) INCLUDE (last_at),
        DROP COLUMN region_term_id,
        DROP COLUMN profession_term_id,
        DROP COLUMN participant_type`);
  }
}
