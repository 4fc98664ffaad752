import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * HS256 JSON Web Tokens with Node's own HMAC, for the statements the gateway and services pass
 * each other on every call. jose computes the same HMAC through WebCrypto, whose promise round
 * trip through the thread pool cost more than the hash itself: 12% of the gateway's CPU under a
 * one-subgraph load (docs/adr/0014-identity-checks-without-webcrypto.md). The tokens are the same
 * compact JWS as before, so either side may still be checked with jose.
 *
 * Stricter than jose where that costs nothing: the header must name HS256 and nothing critical,
 * the signature must be the canonical encoding, and `exp` is required.
 */

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

export interface Claims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  iat?: number;
  exp?: number;
  nbf?: number;
  [claim: string]: unknown;
}

export class InvalidStatement extends Error {}

function signature(key: KeyObject, signingInput: string): string {
  return createHmac('sha256', key).update(signingInput).digest('base64url');
}

/** Signs `claims` with an `iat` of now and an `exp` of `ttlSeconds` later (jose's SignJWT, same output shape). */
export function signHs256(key: KeyObject, claims: Claims, ttlSeconds: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payload = Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds })).toString('base64url');
  const signingInput = `${HEADER}.${payload}`;
  return `${signingInput}.${signature(key, signingInput)}`;
}

export interface VerifyOptions {
  issuer?: string;
  audience: string;
  /** Seconds of clock difference tolerated on `exp` and `nbf`, as jose's `clockTolerance`. */
  clockTolerance: number;
  now?: number;
}

/** The claims of a statement this key signed; throws `InvalidStatement` when forged, tampered with, malformed or stale. */
export function verifyHs256(key: KeyObject, token: string, options: VerifyOptions): Claims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidStatement('malformed');
  const [header, payload, given] = parts as [string, string, string];
  // The signature is checked before anything in the token is parsed.
  const expected = Buffer.from(signature(key, `${header}.${payload}`));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new InvalidStatement('signature');
  const protectedHeader = parseObject(header);
  if (protectedHeader.alg !== 'HS256' || 'crit' in protectedHeader || 'b64' in protectedHeader) throw new InvalidStatement('header');
  const claims = parseObject(payload) as Claims;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (typeof claims.exp !== 'number' || now - options.clockTolerance >= claims.exp) throw new InvalidStatement('expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now + options.clockTolerance)) throw new InvalidStatement('not yet valid');
  if (claims.iat !== undefined && typeof claims.iat !== 'number') throw new InvalidStatement('iat');
  if (options.issuer !== undefined && claims.iss !== options.issuer) throw new InvalidStatement('issuer');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(options.audience)) throw new InvalidStatement('audience');
  return claims;
}

function parseObject(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidStatement('malformed');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidStatement('malformed');
  return value as Record<string, unknown>;
}
