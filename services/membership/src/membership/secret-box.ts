import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets membership must read back (a TOTP secret checks every code, so it cannot be hashed like
 * tokens are) are sealed with AES-256-GCM before they reach the database: a copy of the database
 * or a backup alone does not yield anyone's second factor. The row's owner is the additional
 * data, so a sealed secret moved to another member's row does not open.
 */
const VERSION = 'v1';

export function seal(key: Buffer, plaintext: string, owner: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(owner, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** Opens what `seal` wrote; throws when the key, the owner or the text do not match. */
export function open(key: Buffer, sealed: string, owner: string): string {
  const [version, iv, body] = sealed.split('.');
  if (version !== VERSION || !iv || !body) throw new Error('not a sealed secret');
  const bytes = Buffer.from(body, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(owner, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
}

/**
 * Outside production the key may be derived from the internal secret, so `npm start` and tests
 * need no extra setting. Production sets its own key: rotating the internal secret must not lock
 * every member out of their second factor.
 */
export function derivedKey(internalSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', internalSecret, 'praxis', 'membership/second-factor-secrets', 32));
}
