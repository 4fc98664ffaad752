import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';

export const ACCESS_TOKEN_ALGORITHM = 'ES256';

export interface SigningKeys {
  /** Signs new tokens. */
  readonly active: { kid: string; key: CryptoKey };
  /** Every key's public half, published as the JWKS so tokens signed by retiring keys still verify. */
  readonly jwks: { keys: JWK[] };
}

/**
 * Loads private JWKs; the first signs, the rest are kept only to be published while tokens they
 * signed are still alive. Rotation: put a new key first, keep the old one until tokens expire.
 */
export async function loadSigningKeys(privateJwks: JWK[]): Promise<SigningKeys> {
  if (privateJwks.length === 0) throw new Error('at least one signing key is needed');
  const keys = await Promise.all(
    privateJwks.map(async (jwk) => {
      if (!jwk.kid || !jwk.d) throw new Error('signing keys must be private JWKs with a kid');
      return { kid: jwk.kid, key: (await importJWK(jwk, ACCESS_TOKEN_ALGORITHM)) as CryptoKey, jwk };
    }),
  );
  const publicKeys = keys.map(({ jwk }) => {
    const { d: _private, ...publicPart } = jwk;
    return { ...publicPart, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
  });
  return { active: { kid: keys[0]!.kid, key: keys[0]!.key }, jwks: { keys: publicKeys } };
}

export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
}

/** `sessionId` is the refresh-token family the token belongs to (claim `sid`), so a request can tell its own session. */
export async function signAccessToken(keys: SigningKeys, claims: { memberId: string; issuer: string; audience: string; ttlSeconds: number; sessionId?: string }): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = new Date((issuedAt + claims.ttlSeconds) * 1000);
  const token = await new SignJWT({ scope: 'read write reports', ...(claims.sessionId ? { sid: claims.sessionId } : {}) })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: keys.active.kid, typ: 'at+jwt' })
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setSubject(claims.memberId)
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keys.active.key);
  return { token, expiresAt };
}
