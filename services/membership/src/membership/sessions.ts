import type { EntityManager } from 'typeorm';
import { errors, type Viewer } from '@praxis/platform';
import { AccountEntity, MemberEntity } from '../entities';
import type { Deps } from './deps';

/** Where a sign-in came from, as the gateway saw it (both travel in its signed viewer statement). */
export interface Device {
  userAgent?: string | null;
  address?: string | null;
}

/** A session as the viewer sees it in `me.sessions`. */
export interface SessionView {
  id: string;
  userAgent: string | null;
  address: string | null;
  device: string;
  createdAt: Date;
  lastUsedAt: Date;
  current: boolean;
}

/** The newest sessions `me.sessions` lists; more than this means scripts signing in, not people. */
const LISTED = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A family is active while one of its refresh tokens can still be used. */
const ACTIVE = `EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.id AND t.revoked_at IS NULL AND t.used_at IS NULL AND t.expires_at > $2)`;

/**
 * Ends a member's sessions: every refresh token of their families is revoked, so the next
 * refresh fails. `except` keeps one family (the session that asked). Answers how many active
 * sessions it ended. For a password change, a second-factor reset and `revokeOtherSessions`.
 */
export async function endSessions(manager: EntityManager, memberId: string, options: { except?: string | null } = {}): Promise<number> {
  const rows: { ended: number }[] = await manager.query(
    `WITH ended AS (
       UPDATE refresh_tokens SET revoked_at = now()
       WHERE member_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2::uuid
       RETURNING family_id, used_at, expires_at)
     SELECT count(DISTINCT family_id) FILTER (WHERE used_at IS NULL AND expires_at > now())::int AS ended FROM ended`,
    [memberId, options.except && UUID.test(options.except) ? options.except : null],
  );
  return rows[0]?.ended ?? 0;
}

/**
 * A short name for a user agent, such as "Chrome on macOS", for the list of sessions and the
 * new-device email. Only the common browsers and systems are told apart; anything else is
 * named by its first product token (`curl/8.5.0`).
 */
export function deviceLabel(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  const browsers: [RegExp, string][] = [[/Edg(e|A|iOS)?\//, 'Edge'], [/OPR\//, 'Opera'], [/Firefox\/|FxiOS\//, 'Firefox'], [/Chrome\/|CriOS\//, 'Chrome'], [/Version\/[\d.]+.*Safari\//, 'Safari']];
  const systems: [RegExp, string][] = [[/iPhone|iPad|iPod/, 'iOS'], [/Android/, 'Android'], [/CrOS/, 'ChromeOS'], [/Windows/, 'Windows'], [/Macintosh|Mac OS X/, 'macOS'], [/Linux/, 'Linux']];
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.split(/\s/)[0]!.slice(0, 40);
}

/**
 * Sessions: every refresh-token family, with the device and address it started from.
 *
 * A device, for the new-device email, is the pair (user agent, client address) of a sign-in: a
 * pair the account has no session from yet is a new device. The first sign-in of an account
 * sends nothing, nor does one of an account whose sessions predate devices being recorded.
 */
export class Sessions {
  constructor(private readonly deps: Deps) {}

  /** Records a new family at sign-in, and emails the owner when it comes from a new device. */
  async started(manager: EntityManager, memberId: string, familyId: string, device: Device): Promise<void> {
    const userAgent = device.userAgent || null;
    const address = device.address || null;
    const [known]: { recorded: number; seen: boolean | null }[] = await manager.query(
      `SELECT count(*) FILTER (WHERE user_agent IS NOT NULL OR address IS NOT NULL)::int AS recorded,
              bool_or(user_agent IS NOT DISTINCT FROM $2 AND address IS NOT DISTINCT FROM $3) AS seen
       FROM sessions WHERE member_id = $1`,
      [memberId, userAgent, address],
    );
    const now = this.deps.runtime.clock.now();
    await manager.query(`INSERT INTO sessions (id, member_id, user_agent, address, created_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $5)`, [familyId, memberId, userAgent, address, now]);
    if (!known || known.recorded === 0 || known.seen) return;
    const account = await manager.findOneBy(AccountEntity, { memberId });
    const member = await manager.findOneBy(MemberEntity, { id: memberId });
    if (!account || !member) return;
    await this.deps.emails.send(manager, 'newDeviceSignIn', account.email, {
      displayName: member.displayName ?? '',
      time: `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      device: deviceLabel(userAgent),
      address: address ?? 'an unknown address',
      resetLink: `${this.deps.config.publicAppUrl.replace(/\/$/, '')}/reset-password`,
    });
  }

  /** A refresh: the family was used now. A family from before sessions were recorded gets its row here. */
  async used(manager: EntityManager, memberId: string, familyId: string): Promise<void> {
    await manager.query(
      `INSERT INTO sessions (id, member_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (id) DO UPDATE SET last_used_at = EXCLUDED.last_used_at`,
      [familyId, memberId, this.deps.runtime.clock.now()],
    );
  }

  /**
   * Of these session ids, the ones that were ended: a revoked refresh token in the family means
   * a sign-out, a revocation, a reuse or a reset ended it. The gateway asks on every request, so
   * an ended session's access token stops working at once rather than when it expires. One
   * indexed statement for any number of ids.
   */
  async ended(ids: readonly string[]): Promise<string[]> {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    if (valid.length === 0) return [];
    const rows: { family_id: string }[] = await this.deps.runtime.db.query(
      `SELECT DISTINCT family_id FROM refresh_tokens WHERE family_id = ANY($1::uuid[]) AND revoked_at IS NOT NULL`,
      [valid],
    );
    const ended = new Set(rows.map((row) => row.family_id));
    return ids.filter((id) => ended.has(id.toLowerCase()));
  }

  /** The viewer's active sessions, last used first; `current` marks the one the request came with. */
  async list(viewer: Viewer, memberId: string): Promise<SessionView[]> {
    const rows: { id: string; user_agent: string | null; address: string | null; created_at: Date; last_used_at: Date }[] = await this.deps.runtime.db.query(
      `SELECT s.id, s.user_agent, s.address, s.created_at, s.last_used_at FROM sessions s
       WHERE s.member_id = $1 AND ${ACTIVE}
       ORDER BY s.last_used_at DESC, s.id LIMIT ${LISTED}`,
      [memberId, this.deps.runtime.clock.now()],
    );
    return rows.map((row) => ({
      id: row.id,
      userAgent: row.user_agent,
      address: row.address,
      device: deviceLabel(row.user_agent),
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      current: viewer.memberId === memberId && viewer.sessionId === row.id,
    }));
  }

  /** Ends one of the viewer's sessions. Another member's, or one already ended, is NOT_FOUND (ADR 8). */
  async revoke(viewer: Viewer, rawId: unknown): Promise<string> {
    const memberId = this.requireSessionViewer(viewer);
    const id = typeof rawId === 'string' ? rawId.trim() : '';
    const found = UUID.test(id)
      ? await this.deps.runtime.transaction(async (manager) => {
          const active: unknown[] = await manager.query(`SELECT 1 FROM sessions s WHERE s.id = $1 AND s.member_id = $3 AND ${ACTIVE}`, [id, this.deps.runtime.clock.now(), memberId]);
          if (active.length === 0) return false;
          await manager.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND member_id = $2 AND revoked_at IS NULL`, [id, memberId]);
          return true;
        })
      : false;
    if (!found) throw errors.notFound('Session');
    return id;
  }

  /** Ends every session of the viewer but the one the request came with; answers how many. */
  async revokeOthers(viewer: Viewer): Promise<number> {
    const memberId = this.requireSessionViewer(viewer);
    return this.deps.runtime.transaction((manager) => endSessions(manager, memberId, { except: viewer.sessionId }));
  }

  /** Sessions are ended by the person signed in, not by an API token acting for them. */
  private requireSessionViewer(viewer: Viewer): string {
    if (!viewer.memberId) throw errors.unauthenticated();
    if (viewer.source === 'api_token') throw errors.forbidden('End sessions while signed in, not with an API token.', 'INSUFFICIENT_SCOPE');
    return viewer.memberId;
  }
}
