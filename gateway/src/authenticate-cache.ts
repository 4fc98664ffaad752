import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';

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
  private readonly entries: LRUCache<string, VerifiedToken>;

  constructor(private readonly options: VerifiedTokenCacheOptions) {
    // ttlResolution 0: the clock is read on every get, so an entry is never served past its end.
    this.entries = new LRUCache({ max: options.maxEntries, ttl: options.maxAgeMs, ttlResolution: 0, perf: { now: options.now } });
  }

  get size(): number {
    return this.entries.size;
  }

  get(token: string): VerifiedToken | undefined {
    return this.entries.get(digest(token));
  }

  /** Keeps a token that has just passed verification. */
  set(token: string, verified: VerifiedToken): void {
    if (typeof verified.payload.exp !== 'number') return;
    // The cache serves an entry until its age exceeds the ttl; a token is void from the instant of its exp.
    const ttl = Math.min(verified.payload.exp * 1000 - this.options.now(), this.options.maxAgeMs) - 1;
    if (ttl <= 0) return;
    this.entries.set(digest(token), verified, { ttl });
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
