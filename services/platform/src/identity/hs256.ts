import { createSigner, createVerifier } from 'fast-jwt';

/**
 * HS256 JSON Web Tokens for the statements the gateway and services pass each other on every
 * call, signed and checked by fast-jwt, which hashes with Node's crypto in the calling thread.
 * jose computes the same HMAC through WebCrypto, whose promise round trip through the thread pool
 * cost more than the hash itself: 12% of the gateway's CPU under a one-subgraph load
 * (docs/adr/0014-identity-checks-without-webcrypto.md). The tokens are plain compact JWS, so
 * either side may still be checked with jose, as during a rolling update.
 */

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

export interface VerifyOptions {
  issuer?: string;
  audience: string;
  /** Seconds of clock difference tolerated on `exp` and `nbf`. */
  clockTolerance: number;
  /** For tests: the time to check against, in milliseconds. */
  now?: number;
}

type Signer = (claims: Claims) => string;
type Verifier = (token: string) => Claims;

/** One secret's signers and verifiers, built once per lifetime and set of checks, then reused. */
export class Hs256 {
  private readonly signers = new Map<number, Signer>();
  private readonly verifiers = new Map<string, Verifier>();

  constructor(private readonly secret: Buffer) {}

  /** Signs `claims` with an `iat` of now and an `exp` of `ttlSeconds` later. */
  sign(claims: Claims, ttlSeconds: number, now?: number): string {
    if (now !== undefined) return this.signer(ttlSeconds, now)(claims);
    let signer = this.signers.get(ttlSeconds);
    if (!signer) this.signers.set(ttlSeconds, (signer = this.signer(ttlSeconds)));
    return signer(claims);
  }

  /** The claims of a statement this secret signed; throws `InvalidStatement` when forged, tampered with, malformed or stale. */
  verify(token: string, options: VerifyOptions): Claims {
    const key = `${options.issuer ?? ''}\n${options.audience}\n${options.clockTolerance}`;
    let verifier = options.now === undefined ? this.verifiers.get(key) : undefined;
    if (!verifier) {
      verifier = this.verifier(options);
      if (options.now === undefined) this.verifiers.set(key, verifier);
    }
    try {
      return verifier(token);
    } catch (error) {
      throw new InvalidStatement((error as Error).message);
    }
  }

  private signer(ttlSeconds: number, now?: number): Signer {
    return createSigner({ key: this.secret, algorithm: 'HS256', expiresIn: ttlSeconds * 1000, ...(now === undefined ? {} : { clockTimestamp: now }) }) as Signer;
  }

  private verifier(options: VerifyOptions): Verifier {
    return createVerifier({
      key: this.secret,
      algorithms: ['HS256'],
      allowedAud: options.audience,
      ...(options.issuer === undefined ? {} : { allowedIss: options.issuer }),
      clockTolerance: options.clockTolerance * 1000,
      requiredClaims: ['exp'],
      ...(options.now === undefined ? {} : { clockTimestamp: options.now }),
    }) as Verifier;
  }
}
