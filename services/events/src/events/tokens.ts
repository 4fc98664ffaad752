import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

const PREFIX = 'pxc_';

function hash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * Private calendar tokens: one per member, stored as a hash, shown once. A new one replaces
 * the old; deleting it revokes every feed subscribed with it on the next fetch.
 */
export class CalendarTokens {
  constructor(private readonly db: DataSource) {}

  async create(memberId: string): Promise<string> {
    const token = `${PREFIX}${randomBytes(24).toString('base64url')}`;
    await this.db.query(
      `INSERT INTO event_calendar_tokens (member_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (member_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [memberId, hash(token)],
    );
    return token;
  }

  async revoke(memberId: string): Promise<void> {
    await this.db.query(`DELETE FROM event_calendar_tokens WHERE member_id = $1`, [memberId]);
  }

  /** The member a token belongs to, or null for unknown, revoked or malformed tokens. */
  async resolve(token: string | undefined): Promise<string | null> {
    if (!token || !token.startsWith(PREFIX) || token.length > 100) return null;
    const rows: { member_id: string }[] = await this.db.query(`SELECT member_id FROM event_calendar_tokens WHERE token_hash = $1`, [hash(token)]);
    return rows[0]?.member_id ?? null;
  }
}
