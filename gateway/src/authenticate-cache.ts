import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';

export interface VerifiedToken {
  /** The trusted issuer that signed it. */
  issuer: string;
  payload: JWTPayload;
}

export interface VerifiedTokenCacheOptions {
  maxEntries: number;
  /** The longest an entry is kept, however long the token has left. */
  maxAgeMs: number;
  now: () => number;
}

/**
 * Access tokens whose signature and claims were checked, so a client's next requests skip the
 * ES256 verification (the gateway's largest cost per signed-in request). Only the signature
 * check is remembered: the account and session standing is still asked on every request. An
 * entry never outlives the token's `exp`, and tokens without one are not kept. Keyed by the
 * token's SHA-256, so the cache holds no bearer tokens and a token changed in any byte misses.
 * Least recently used entries go first once `maxEntries` is reached.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken & { until: number }>();

  constructor(private readonly options: VerifiedTokenCacheOptions) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string): VerifiedToken | undefined {
    const key = digest(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.until <= this.options.now()) return undefined;
    this.entries.set(key, entry);
    return { issuer: entry.issuer, payload: entry.payload };
  }

  /** Keeps a token that has just passed verification. */
  set(token: string, verified: VerifiedToken): void {
    if (typeof verified.payload.exp !== 'number') return;
    const now = this.options.now();
    const until = Math.min(verified.payload.exp * 1000, now + this.options.maxAgeMs);
    if (until <= now) return;
    const key = digest(token);
    this.entries.delete(key);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { ...verified, until });
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
