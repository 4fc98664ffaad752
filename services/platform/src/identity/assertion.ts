import { Hs256, type Claims } from './hs256';
import { SCOPES, type Scope, type Viewer, type ViewerSource } from './viewer';

/** The header the gateway uses to tell subgraphs who the viewer is. */
export const VIEWER_HEADER = 'x-praxis-viewer';
/** The header a service uses on internal calls to another service. */
export const SERVICE_HEADER = 'x-praxis-service';
export const REQUEST_ID_HEADER = 'x-request-id';

const ISSUER = 'praxis-gateway';
const VIEWER_AUDIENCE = 'praxis-subgraphs';
const SERVICE_AUDIENCE = 'praxis-internal';
const CLOCK_TOLERANCE = 5;

/**
 * Signs and checks what the gateway and services tell each other about identity.
 * The gateway has verified the viewer's own token; it passes on a short-lived statement,
 * HMAC-signed with a secret only the gateway and services hold, so a subgraph called directly
 * with a made-up header can tell (see docs/adr/0002-identity-across-the-graph.md). Signed and
 * checked by fast-jwt with Node's HMAC, not WebCrypto: every request pays for it (ADR 14).
 */
export class InternalAuth {
  private readonly statements: Hs256;
  private readonly serviceTokens = new Map<string, { value: string; expires: number }>();

  constructor(secret: string, private readonly ttlSeconds = 60) {
    this.statements = new Hs256(Buffer.from(secret, 'utf8'));
  }

  async signViewer(viewer: Viewer, requestId: string): Promise<string> {
    const claims: Claims = {
      scp: viewer.scopes,
      src: viewer.source,
      rid: requestId,
      ...(viewer.clientAddress ? { adr: viewer.clientAddress } : {}),
      ...(viewer.userAgent ? { uag: viewer.userAgent } : {}),
      ...(viewer.sessionId ? { sid: viewer.sessionId } : {}),
      iss: ISSUER,
      aud: VIEWER_AUDIENCE,
      ...(viewer.memberId ? { sub: viewer.memberId } : {}),
    };
    return this.statements.sign(claims, this.ttlSeconds);
  }

  /** Throws when the statement is forged, tampered with or stale. */
  async verifyViewer(token: string): Promise<Viewer> {
    const payload = this.statements.verify(token, { issuer: ISSUER, audience: VIEWER_AUDIENCE, clockTolerance: CLOCK_TOLERANCE });
    const scopes = Array.isArray(payload.scp) ? (payload.scp.filter((scope): scope is Scope => (SCOPES as readonly string[]).includes(scope as string))) : [];
    const source = (['anonymous', 'session', 'api_token', 'oidc'] as const).find((candidate) => candidate === payload.src) ?? 'anonymous';
    const clientAddress = typeof payload.adr === 'string' ? { clientAddress: payload.adr } : {};
    const userAgent = typeof payload.uag === 'string' ? { userAgent: payload.uag } : {};
    const sessionId = typeof payload.sid === 'string' ? { sessionId: payload.sid } : {};
    return { memberId: typeof payload.sub === 'string' ? payload.sub : null, scopes, source: source as ViewerSource, ...clientAddress, ...userAgent, ...sessionId };
  }

  /**
   * A service assertion reused for half its lifetime: callers send one with every internal call,
   * and signing per call would be wasted work.
   */
  async serviceToken(service: string): Promise<string> {
    const now = Date.now();
    const cached = this.serviceTokens.get(service);
    if (cached && cached.expires > now) return cached.value;
    const value = await this.signService(service);
    this.serviceTokens.set(service, { value, expires: now + (this.ttlSeconds * 1000) / 2 });
    return value;
  }

  async signService(service: string): Promise<string> {
    return this.statements.sign({ iss: service, sub: service, aud: SERVICE_AUDIENCE }, this.ttlSeconds);
  }

  /** Returns the calling service's name; throws if the call is not from a Praxis service. */
  async verifyService(token: string): Promise<string> {
    const payload = this.statements.verify(token, { audience: SERVICE_AUDIENCE, clockTolerance: CLOCK_TOLERANCE });
    if (typeof payload.sub !== 'string') throw new Error('service assertion without subject');
    return payload.sub;
  }
}
