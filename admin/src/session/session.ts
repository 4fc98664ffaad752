import { ApiError, toProblem, type ApiProblem } from '../ui/errors';

/**
 * The browser side of the session (docs/adr/0009-admin-app.md). The access token lives only in
 * this object's memory; the refresh token is an httpOnly cookie on /auth that script never sees.
 * A reload therefore starts with `restore()`, which trades the cookie for a fresh access token.
 */
export interface SessionDeps {
  fetch: typeof fetch;
  now: () => number;
  /** Called once when the session cannot be renewed; the app goes back to sign-in with the message. */
  onSessionLost: (message: string) => void;
}

interface AccessToken {
  token: string;
  expiresAt: number;
}

/** Refresh this long before the access token's stated expiry, so a request never races it. */
const EXPIRY_MARGIN_MS = 30_000;
/** The custom header the gateway's session routes insist on: other sites cannot send it without a preflight. */
export const CSRF_HEADER = { 'X-Praxis-CSRF': '1' } as const;
export const SESSION_ENDED = 'Your session has ended. Please sign in again.';

export class Session {
  private access?: AccessToken;
  private refreshing?: Promise<boolean>;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: SessionDeps) {}

  get signedIn(): boolean {
    return this.access !== undefined;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signIn(email: string, password: string): Promise<void> {
    const response = await this.post('/auth/session', { email, password });
    this.accept(await readTokens(response));
  }

  /** Picks up an existing session from the refresh cookie (after a reload). False when there is none. */
  restore(): Promise<boolean> {
    return this.refresh();
  }

  /**
   * Renews the access token. Concurrent callers share one request: each refresh token works
   * once, and presenting a used one revokes the whole session.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const response = await this.post('/auth/refresh');
        this.accept(await readTokens(response));
        return true;
      } catch (error) {
        if (error instanceof ApiError) {
          this.clear();
          return false;
        }
        throw error;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    try {
      await this.deps.fetch('/auth/sign-out', { method: 'POST', headers: CSRF_HEADER, credentials: 'same-origin' });
    } finally {
      this.clear();
    }
  }

  /**
   * `fetch` for the GraphQL link: sends the access token, renews it first when it is about to
   * expire, and on UNAUTHENTICATED renews once and retries once; failing that, the session is
   * over and the app returns to sign-in.
   */
  readonly fetch: typeof fetch = async (input, init) => {
    if (this.access && this.access.expiresAt - EXPIRY_MARGIN_MS <= this.deps.now()) await this.renewOrEnd();
    const first = await this.send(input, init);
    if (!(await isUnauthenticated(first))) return first;
    if (!(await this.renewOrEnd())) return first;
    const second = await this.send(input, init);
    if (await isUnauthenticated(second)) this.end();
    return second;
  };

  private async renewOrEnd(): Promise<boolean> {
    const renewed = await this.refresh();
    if (!renewed) this.end();
    return renewed;
  }

  private send(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<Response> {
    const headers = new Headers(init?.headers);
    if (this.access) headers.set('Authorization', `Bearer ${this.access.token}`);
    else headers.delete('Authorization');
    return this.deps.fetch(input, { ...init, headers, credentials: 'same-origin' });
  }

  private async post(path: string, body?: unknown): Promise<Response> {
    const response = await this.deps.fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...CSRF_HEADER, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new ApiError(await problemsInBody(response));
    return response;
  }

  private accept(tokens: AccessToken): void {
    this.access = tokens;
    this.notify();
  }

  private clear(): void {
    const had = this.access !== undefined;
    this.access = undefined;
    if (had) this.notify();
  }

  private end(): void {
    this.clear();
    this.deps.onSessionLost(SESSION_ENDED);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

async function readTokens(response: Response): Promise<AccessToken> {
  const body = (await response.json()) as { accessToken: string; accessTokenExpiresAt: string };
  return { token: body.accessToken, expiresAt: Date.parse(body.accessTokenExpiresAt) };
}

async function problemsInBody(response: Response): Promise<ApiProblem[]> {
  try {
    const body = (await response.json()) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
    if (body.errors?.length) return body.errors.map(toProblem);
  } catch {
    // Not JSON: a proxy's error page, say. The status is all there is.
  }
  return [{ code: response.status === 401 ? 'UNAUTHENTICATED' : response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL_SERVER_ERROR', message: '' }];
}

/** A 401 from the gateway, or an answer whose errors say UNAUTHENTICATED. */
async function isUnauthenticated(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  if (!response.headers.get('content-type')?.includes('json')) return false;
  const text = await response.clone().text();
  if (!text.includes('UNAUTHENTICATED')) return false;
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
    return body.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED') ?? false;
  } catch {
    return false;
  }
}
