import { request, type Agent } from 'undici';
import { deletedMemberBatcher, SERVICE_HEADER, type DeletedMembersResponse, type InternalAuth, type Scope } from '@praxis/platform';

/**
 * Membership could not answer (down, slow, or refusing the call). Its details are for the
 * gateway's log only: they name internal routes, so they never reach a client.
 */
export class MembershipUnavailable extends Error {
  constructor(readonly detail: string) {
    super('membership did not answer');
    this.name = 'MembershipUnavailable';
  }
}

/** The gateway's calls to membership's internal API: API tokens, external identities, deleted accounts. */
export class MembershipClient {
  private readonly deleted = deletedMemberBatcher(async (ids) => (await this.post<DeletedMembersResponse>('/internal/members/deleted', { ids }))?.deleted ?? []);

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

  /** Whether the member deleted their account. Concurrent requests share one call; nothing is cached. */
  isDeleted(memberId: string): Promise<boolean> {
    return this.deleted(memberId);
  }

  private async post<T>(path: string, body: unknown): Promise<T | null> {
    let response;
    try {
      response = await request(new URL(path, this.baseUrl), {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/json', [SERVICE_HEADER]: await this.auth.serviceToken('gateway') },
        body: JSON.stringify(body),
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
    } catch (error) {
      throw new MembershipUnavailable(`${path}: ${(error as Error).message}`);
    }
    if (response.statusCode === 404) {
      await response.body.dump();
      return null;
    }
    if (response.statusCode !== 200) throw new MembershipUnavailable(`${path} answered ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}`);
    return (await response.body.json()) as T;
  }
}
