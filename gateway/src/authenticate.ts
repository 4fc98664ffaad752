import { createRemoteJWKSet, decodeJwt, errors as jose, jwtVerify, type JWTPayload } from 'jose';
import { ACCOUNT_DELETED, ANONYMOUS, DomainError, errors, memberViewer, type Logger, type Viewer } from '@praxis/platform';
import { VerifiedTokenCache } from './authenticate-cache';
import type { GatewayConfig } from './env';
import type { MembershipClient } from './membership-client';

interface Issuer {
  issuer: string;
  audience: string;
  keys: ReturnType<typeof createRemoteJWKSet>;
  /** Praxis's own tokens name a member; an organisation's name an identity to map. */
  own: boolean;
}

const API_TOKEN_PREFIX = 'prx_';
/** What membership issues: the prefix and 32 random bytes in base64url. Anything else is not worth a lookup. */
const API_TOKEN_SHAPE = /^prx_[A-Za-z0-9_-]{43}$/;
const IDENTITY_CACHE_MS = 5 * 60_000;
const CLOCK_TOLERANCE_SECONDS = 5;

export interface AuthenticatorOptions {
  /** Verified access tokens kept (by digest) so their signature is checked once a minute, not per request. */
  verifiedTokens?: VerifiedTokenCache;
  /** The clock for token lifetimes; tests move it. */
  now?: () => number;
}

/**
 * A genuine token past its lifetime: the ordinary cue for a client to refresh, not a guess, so
 * it does not count against the client's address as a failed authentication does.
 */
export class ExpiredAccessToken extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'The access token has expired. Refresh the session.');
  }
}

const UNKNOWN_API_TOKEN = 'This API token is not valid: it is unknown, revoked or expired.';

/**
 * Turns the Authorization header into a viewer. Praxis access tokens and trusted OpenID
 * Connect tokens are JWTs checked against their issuer's published JWKS (fetched again when
 * an unknown key id appears, so keys can rotate); API tokens are looked up in membership on
 * every request, so revoking one takes effect at once. A JWT's verified signature is remembered
 * for at most a minute and never past its expiry (ADR 14); the account and session standing is
 * asked on every request all the same.
 */
export class Authenticator {
  private readonly issuers = new Map<string, Issuer>();
  private readonly identities = new Map<string, { memberId: string | null; expires: number }>();
  private readonly verified: VerifiedTokenCache;
  private readonly now: () => number;

  constructor(
    config: GatewayConfig['auth'] & { jwksUrl: string },
    private readonly membership: MembershipClient,
    private readonly logger: Logger,
    options: AuthenticatorOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.verified = options.verifiedTokens ?? new VerifiedTokenCache({ maxEntries: 10_000, maxAgeMs: 60_000, now: this.now });
    const jwks = (url: string) => createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    this.issuers.set(config.issuer, { issuer: config.issuer, audience: config.audience, keys: jwks(config.jwksUrl), own: true });
    for (const trusted of config.trustedIssuers) {
      this.issuers.set(trusted.issuer, { issuer: trusted.issuer, audience: trusted.audience, keys: jwks(trusted.jwksUrl), own: false });
    }
  }

  async viewerOf(authorization: string | undefined): Promise<Viewer> {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw errors.unauthenticated('Send credentials as "Authorization: Bearer <token>".');
    const token = match[1]!;
    if (token.startsWith(API_TOKEN_PREFIX)) return this.apiToken(token);
    return this.jwt(token);
  }

  private async apiToken(token: string): Promise<Viewer> {
    if (!API_TOKEN_SHAPE.test(token)) throw errors.unauthenticated(UNKNOWN_API_TOKEN);
    const resolved = await this.membership.resolveApiToken(token);
    // Membership resolves only tokens of accounts that still exist.
    if (!resolved) throw errors.unauthenticated(UNKNOWN_API_TOKEN);
    return memberViewer(resolved.memberId, 'api_token', resolved.scopes);
  }

  private async jwt(token: string): Promise<Viewer> {
    const { issuer, payload } = this.cached(token) ?? (await this.verify(token));
    if (typeof payload.sub !== 'string') throw errors.unauthenticated('The access token names no subject.');
    const memberId = issuer.own ? payload.sub : await this.identity(issuer.issuer, payload);
    if (!memberId) throw errors.unauthenticated('No Praxis member is linked to this identity.');
    // Praxis's own tokens name their session, so membership can tell which one is asking.
    const sessionId = issuer.own && typeof payload.sid === 'string' ? payload.sid : undefined;
    // A signed token outlives its account, and its session, by up to its lifetime; their state
    // does not: a deleted account or an ended session is refused from the next request.
    const standing = await this.membership.standing(memberId, sessionId);
    if (standing === 'ACCOUNT_DELETED') throw errors.unauthenticated(ACCOUNT_DELETED, 'ACCOUNT_DELETED');
    if (standing === 'SESSION_ENDED') throw errors.unauthenticated('This session was ended. Sign in again.', 'SESSION_ENDED');
    const viewer = memberViewer(memberId, issuer.own ? 'session' : 'oidc');
    return sessionId ? { ...viewer, sessionId } : viewer;
  }

  private cached(token: string): { issuer: Issuer; payload: JWTPayload } | undefined {
    const hit = this.verified.get(token);
    const issuer = hit && this.issuers.get(hit.issuer);
    return issuer && hit ? { issuer, payload: hit.payload } : undefined;
  }

  /** Checks the token's signature and claims against its issuer, and remembers a token that passes. */
  private async verify(token: string): Promise<{ issuer: Issuer; payload: JWTPayload }> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw errors.unauthenticated('The access token is malformed.');
    }
    const issuer = typeof claims.iss === 'string' ? this.issuers.get(claims.iss) : undefined;
    if (!issuer) throw errors.unauthenticated('The access token comes from an issuer Praxis does not trust.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, issuer.keys, {
        issuer: issuer.issuer,
        audience: issuer.audience,
        algorithms: ['ES256', 'RS256', 'EdDSA'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(this.now()),
      }));
    } catch (error) {
      // The issuer's key set could not be fetched: the token was not judged, so it is not the
      // client's failure. The caller answers 503 and logs why.
      if (!(error instanceof jose.JOSEError) || error.code === 'ERR_JWKS_TIMEOUT' || error.code === 'ERR_JOSE_GENERIC') throw error;
      if (error.code === 'ERR_JWT_EXPIRED') throw new ExpiredAccessToken();
      throw errors.unauthenticated('The access token is not valid.');
    }
    this.verified.set(token, { issuer: issuer.issuer, payload: Object.freeze(payload) });
    return { issuer, payload };
  }

  private async identity(issuer: string, payload: JWTPayload): Promise<string | null> {
    const key = `${issuer}\u0000${payload.sub}`;
    const cached = this.identities.get(key);
    if (cached && cached.expires > Date.now()) return cached.memberId;
    const memberId = await this.membership.resolveIdentity({
      issuer,
      subject: payload.sub!,
      email: typeof payload.email === 'string' ? payload.email : undefined,
      emailVerified: payload.email_verified === true,
      name: typeof payload.name === 'string' ? payload.name : undefined,
    });
    if (this.identities.size > 10_000) this.identities.clear();
    this.identities.set(key, { memberId, expires: Date.now() + IDENTITY_CACHE_MS });
    this.logger.debug({ issuer, linked: Boolean(memberId) }, 'external identity resolved');
    return memberId;
  }
}
