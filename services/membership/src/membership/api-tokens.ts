import { z } from 'zod';
import { IsNull } from 'typeorm';
import { ACCOUNT_DELETED, errors, parseInput, type Scope, type Viewer } from '@praxis/platform';
import { ApiTokenEntity } from '../entities';
import { requireSignedIn } from './accounts';
import type { Deps } from './deps';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from './secrets';
import { isUuid, text } from './validation';
import { auditChange, type AuditOrigin } from './audit';

export const MAX_ACTIVE_API_TOKENS = 20;

const createInput = z.object({
  name: text.trimmed(1, 80, 'Name'),
  scopes: z.array(z.enum(['READ', 'WRITE', 'REPORTS'])).max(3),
  expiresInDays: z.number().int().min(1, 'Use 1 to 365 days.').max(365, 'Use 1 to 365 days.').nullish(),
});

/** Personal API tokens for scripts and analysts: scoped, revocable, shown once. */
export class ApiTokens {
  constructor(private readonly deps: Deps) {}

  async create(viewer: Viewer, raw: unknown, origin?: AuditOrigin): Promise<{ token: string; apiToken: ApiTokenEntity }> {
    const memberId = requireSignedIn(viewer);
    // A token cannot mint tokens: otherwise a leaked read-only token could become a full one.
    if (viewer.source === 'api_token') throw errors.forbidden('Create API tokens while signed in, not with another token.', 'INSUFFICIENT_SCOPE');
    const input = parseInput(createInput, raw);
    const scopes = [...new Set(['read', ...input.scopes.map((scope) => scope.toLowerCase())])];
    const secret = newSecret(API_TOKEN_PREFIX);
    return this.deps.runtime.transaction(async (manager) => {
      // Serialises concurrent creates by one member, so the cap holds, and waits for a deletion
      // under way, so no token is left behind by a request that began before it.
      const live: unknown[] = await manager.query('SELECT 1 FROM members WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [memberId]);
      if (live.length === 0) throw errors.unauthenticated(ACCOUNT_DELETED, 'ACCOUNT_DELETED');
      const active: { count: string }[] = await manager.query(
        `SELECT count(*) FROM api_tokens WHERE member_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
        [memberId, this.deps.runtime.clock.now()],
      );
      if (Number(active[0]?.count ?? 0) >= MAX_ACTIVE_API_TOKENS) {
        throw errors.conflict('INVALID_STATE', `You have ${MAX_ACTIVE_API_TOKENS} active tokens. Revoke one first.`);
      }
      const apiToken = await manager.save(
        manager.create(ApiTokenEntity, {
          memberId,
          name: input.name,
          prefix: secret.token.slice(0, API_TOKEN_PREFIX.length + 6),
          tokenHash: secret.hash,
          scopes,
          expiresAt: input.expiresInDays ? new Date(this.deps.runtime.clock.now().getTime() + input.expiresInDays * 86_400_000) : null,
        }),
      );
      await auditChange(manager, { actorId: memberId, action: 'API_TOKEN_CREATED', detail: { tokenId: apiToken.id, scopes }, ...origin });
      return { token: secret.token, apiToken };
    });
  }

  async revoke(viewer: Viewer, id: unknown): Promise<ApiTokenEntity> {
    const memberId = requireSignedIn(viewer);
    if (!isUuid(id)) throw errors.notFound('API token');
    return this.deps.runtime.transaction(async (manager) => {
      const token = await manager.findOneBy(ApiTokenEntity, { id, memberId });
      if (!token) throw errors.notFound('API token');
      if (!token.revokedAt) {
        await manager.update(ApiTokenEntity, { id }, { revokedAt: () => 'now()' });
      }
      return manager.findOneByOrFail(ApiTokenEntity, { id });
    });
  }

  list(memberId: string): Promise<ApiTokenEntity[]> {
    return this.deps.runtime.db.manager.find(ApiTokenEntity, {
      where: [{ memberId, revokedAt: IsNull() }],
      order: { createdAt: 'DESC' },
      take: MAX_ACTIVE_API_TOKENS,
    });
  }

  /**
   * What the gateway asks on each request that carries an API token. Revocation is effective
   * on the next request. `last_used_at` is written at most once a minute per token.
   */
  async resolve(token: string): Promise<{ memberId: string; scopes: Scope[] } | null> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    const rows: { id: string; member_id: string; scopes: Scope[]; stale: boolean }[] = await this.deps.runtime.db.query(
      `SELECT t.id, t.member_id, t.scopes, (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
       FROM api_tokens t JOIN members m ON m.id = t.member_id AND m.deleted_at IS NULL
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)`,
      [hashSecret(token), this.deps.runtime.clock.now()],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.stale) await this.deps.runtime.db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.id]);
    return { memberId: row.member_id, scopes: row.scopes };
  }
}

