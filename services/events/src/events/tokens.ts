import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { errors, isUuid, parseInput, text } from '@praxis/platform';

const PREFIX = 'pxc_';
/** Like API tokens: enough for every calendar program a member uses, few enough to review. */
export const MAX_CALENDAR_TOKENS = 20;
const DEFAULT_NAME = 'Calendar';

/** A calendar token as its owner sees it: never the secret, which is shown once. */
export interface CalendarTokenRecord {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const createInput = z
  .object({
    name: text.trimmed(1, 80, 'Name').nullish(),
  })
  .nullish();

function hash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

const COLUMNS = `id, name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt"`;

/**
 * Private calendar tokens: a member may hold several, one per calendar program, each named,
 * stored as a hash and shown once. Deleting one revokes every feed subscribed with it on the
 * next fetch and leaves the others working.
 */
export class CalendarTokens {
  constructor(private readonly db: DataSource) {}

  async create(memberId: string, raw: unknown): Promise<{ token: string; record: CalendarTokenRecord }> {
    const input = parseInput(createInput, raw);
    const token = `${PREFIX}${randomBytes(24).toString('base64url')}`;
    return this.db.transaction(async (manager) => {
      // Serialises one member's creates, so the cap holds under concurrent requests.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`event_calendar_tokens:${memberId}`]);
      const held: { count: string }[] = await manager.query('SELECT count(*) FROM event_calendar_tokens WHERE member_id = $1', [memberId]);
      if (Number(held[0]?.count ?? 0) >= MAX_CALENDAR_TOKENS) {
        throw errors.conflict('INVALID_STATE', `You have ${MAX_CALENDAR_TOKENS} calendar tokens. Revoke one first.`);
      }
      const rows: CalendarTokenRecord[] = await manager.query(
        `INSERT INTO event_calendar_tokens (member_id, token_hash, name, prefix) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [memberId, hash(token), input?.name ?? DEFAULT_NAME, token.slice(0, PREFIX.length + 6)],
      );
      return { token, record: rows[0]! };
    });
  }

  /** The member's tokens, newest first. */
  list(memberId: string): Promise<CalendarTokenRecord[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM event_calendar_tokens WHERE member_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [memberId, MAX_CALENDAR_TOKENS]);
  }

  /** Revokes one of the member's tokens, or with no id all of them (the form from before tokens were named). */
  async revoke(memberId: string, id?: unknown): Promise<void> {
    if (id === undefined || id === null) {
      await this.db.query(`DELETE FROM event_calendar_tokens WHERE member_id = $1`, [memberId]);
      return;
    }
    const deleted: unknown[] = isUuid(id) ? (await this.db.query(`DELETE FROM event_calendar_tokens WHERE id = $1 AND member_id = $2 RETURNING id`, [id, memberId]))[0] : [];
    if (deleted.length === 0) throw errors.notFound('Calendar token');
  }

  /**
   * The member a token belongs to, or null for unknown, revoked or malformed tokens.
   * `last_used_at` is written at most once a minute per token.
   */
  async resolve(token: string | undefined): Promise<string | null> {
    if (!token || !token.startsWith(PREFIX) || token.length > 100) return null;
    const rows: { id: string; member_id: string; stale: boolean }[] = await this.db.query(
      `SELECT id, member_id, (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale FROM event_calendar_tokens WHERE token_hash = $1`,
      [hash(token)],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.stale) await this.db.query('UPDATE event_calendar_tokens SET last_used_at = now() WHERE id = $1', [row.id]);
    return row.member_id;
  }
}
