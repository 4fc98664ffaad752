/** What an API token may be allowed to do. Sessions from sign-in hold every scope. */
export const SCOPES = ['read', 'write', 'reports'] as const;
export type Scope = (typeof SCOPES)[number];

/** How the gateway learned who the viewer is. */
export type ViewerSource = 'anonymous' | 'session' | 'api_token' | 'oidc';

export interface Viewer {
  /** The member acting, or null for an anonymous request. */
  readonly memberId: string | null;
  readonly scopes: readonly Scope[];
  readonly source: ViewerSource;
  /**
   * The client's address as the gateway saw it (forwarded headers only from trusted proxies).
   * Membership throttles sign-in failures per address and account with it.
   */
  readonly clientAddress?: string;
  /** The client's User-Agent as the gateway received it, truncated; recorded with each session. */
  readonly userAgent?: string;
  /** The session (refresh-token family) a Praxis access token was issued for: its `sid` claim. */
  readonly sessionId?: string;
}

export const ANONYMOUS: Viewer = Object.freeze({ memberId: null, scopes: ['read'] as const, source: 'anonymous' });

export function memberViewer(memberId: string, source: Exclude<ViewerSource, 'anonymous'> = 'session', scopes: readonly Scope[] = SCOPES): Viewer {
  return { memberId, scopes, source };
}

export function hasScope(viewer: Viewer, scope: Scope): boolean {
  return viewer.scopes.includes(scope);
}
