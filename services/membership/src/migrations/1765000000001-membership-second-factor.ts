import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor sign-in (TOTP): one authenticator per account, its single-use recovery codes, and
 * the network setting that requires two factors of the network's staff.
 */
export class MembershipSecondFactor1765000000001 implements MigrationInterface {
  name = 'MembershipSecondFactor1765000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE second_factors (
        member_id uuid PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        last_used_step bigint
      )`);
    await runner.query(`
      CREATE TABLE second_factor_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES second_factors(member_id) ON DELETE CASCADE,
        code_hash bytea NOT NULL UNIQUE,
        used_at timestamptz
      )`);
    await runner.query(`CREATE INDEX second_factor_recovery_codes_member ON second_factor_recovery_codes (member_id)`);
    await runner.query(`ALTER TABLE networks ADD COLUMN require_second_factor_for_staff boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE networks DROP COLUMN require_second_factor_for_staff`);
    await runner.query(`DROP TABLE second_factor_recovery_codes`);
    await runner.query(`DROP TABLE second_factors`);
  }
}
