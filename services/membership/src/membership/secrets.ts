import { createHash, randomBytes } from 'node:crypto';

/**
 * Opaque secrets (refresh tokens, email links, invitations, API tokens) are random, shown once,
 * and stored only as a SHA-256 hash: a database leak does not leak usable tokens.
 */
export function newSecret(prefix = ''): { token: string; hash: Buffer } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSecret(token) };
}

export function hashSecret(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export const API_TOKEN_PREFIX = 'prx_';
