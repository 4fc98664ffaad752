import { createSecretKey, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { SCOPES, type Scope, type Viewer, type ViewerSource } from './viewer';

/** The header the gateway uses to tell subgraphs who the viewer is. */
export const VIEWER_HEADER = 'x-praxis-viewer';
/** The header a service uses on internal calls to another service. */
export const SERVICE_HEADER = 'x-praxis-service';
export const REQUEST_ID_HEADER = 'x-request-id';

const ISSUER = 'praxis-gateway';
const VIEWER_AUDIENCE = 'praxis-subgraphs';
const SERVICE_AUDIENCE = 'praxis-internal';
const ALGORITHM = 'HS256';

/**
 * Signs and checks what the gateway and services tell each other about identity.
 * The gateway has verified the viewer's own token; it passes on a short-lived statement,
 * HMAC-signed with a secret only the gateway and services hold, so a subgraph called directly
 * with a made-up header can tell (see docs/adr/0002-identity-across-the-graph.md).
 */
export class InternalAuth {
  private readonly key: KeyObject;
  private readonly serviceTokens = new Map<string, { value: string; expires: number }>();

  constructor(secret: string, private readonly ttlSeconds = 60) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  async signViewer(viewer: Viewer, requestId: string): Promise<string> {
    const jwt = new SignJWT({
      scp: viewer.scopes,
      src: viewer.source,
      rid: requestId,
      ...(viewer.clientAddress ? { adr: viewer.clientAddress } : {}),
      ...(viewer.userAgent ? { uag: viewer.userAgent } : {}),
      ...(viewer.sessionId ? { sid: viewer.sessionId } : {}),
    })
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(ISSUER)
      .setAudience(VIEWER_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`);
    if (viewer.memberId) jwt.setSubject(viewer.memberId);
    return jwt.sign(this.key);
  }

  /** Throws when the statement is forged, tampered with or stale. */
  async verifyViewer(token: string): Promise<Viewer> {
    const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: VIEWER_AUDIENCE, algorithms: [ALGORITHM], clockTolerance: 5 });
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
    return new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(service)
      .setSubject(service)
      .setAudience(SERVICE_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** Returns the calling service's name; throws if the call is not from a Praxis service. */
  async verifyService(token: string): Promise<string> {
    const { payload } = await jwtVerify(token, this.key, { audience: SERVICE_AUDIENCE, algorithms: [ALGORITHM], clockTolerance: 5 });
    if (typeof payload.sub !== 'string') throw new Error('service assertion without subject');
    return payload.sub;
  }
}
