import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit of privileged reads and exports (docs/adr/0010-audit-of-privileged-reads.md).
 * Append-only in the database itself: a trigger refuses deletes and every update except the one
 * erasure makes, blanking an erased actor's address.
 */
export class MembershipAudit1765000000003 implements MigrationInterface {
  name = 'MembershipAudit1765000000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE audit_records (
        id uuid PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid REFERENCES members(id),
        action text NOT NULL CHECK (action IN ('DIRECTORY_READ', 'JOIN_ANSWERS_READ', 'REPORT_READ', 'DATA_EXPORT', 'ROLE_CHANGED', 'SECOND_FACTOR_RESET', 'API_TOKEN_CREATED')),
        network_id uuid REFERENCES networks(id),
        community_id uuid REFERENCES communities(id),
        subject_id uuid,
        detail jsonb NOT NULL DEFAULT '{}',
        address text,
        request_id text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX audit_records_network ON audit_records (network_id, occurred_at DESC, id DESC)');
    await runner.query('CREATE INDEX audit_records_actor ON audit_records (actor_id, occurred_at DESC, id DESC)');
    await runner.query(`
      CREATE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.address IS NULL AND (to_jsonb(NEW) - 'address') = (to_jsonb(OLD) - 'address') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit records are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await runner.query(`
      CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
      FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE audit_records');
    await runner.query('DROP FUNCTION audit_records_append_only()');
  }
}
