import { request, type Agent } from 'undici';
import { SERVICE_HEADER, type InternalAuth, type Scope } from '@praxis/platform';

/** The gateway's calls to membership's internal API: API tokens and external identities. */
export class MembershipClient {
  private token?: { value: string; expires: number };

  constructor(
    private readonly baseUrl: string,
    private readonly auth: InternalAuth,
    private readonly agent: Agent,
  ) {}

  resolveApiToken(token: string): Promise<{ memberId: string; scopes: Scope[] } | null> {
    return this.post('/internal/tokens/resolve', { token });
  }

  async resolveIdentity(claims: { issuer: string; subject: string; email?: string; emailVerified?: boolean; name?: string }): Promise<string | null> {
    return (await this.post<{ memberId: string }>('/internal/identities/resolve', claims))?.memberId ?? null;
  }

  private async post<T>(path: string, body: unknown): Promise<T | null> {
    const response = await request(new URL(path, this.baseUrl), {
      method: 'POST',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/json', [SERVICE_HEADER]: await this.serviceToken() },
      body: JSON.stringify(body),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    if (response.statusCode === 404) {
      await response.body.dump();
      return null;
    }
    if (response.statusCode !== 200) throw new Error(`membership ${path} answered ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}`);
    return (await response.body.json()) as T;
  }

  private async serviceToken(): Promise<string> {
    const now = Date.now();
    if (!this.token || this.token.expires < now) this.token = { value: await this.auth.signService('gateway'), expires: now + 30_000 };
    return this.token.value;
  }
}
