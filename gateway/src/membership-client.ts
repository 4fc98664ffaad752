import DataLoader from 'dataloader';
import { request, type Agent, type Dispatcher } from 'undici';
import { resendingLostCalls, SERVICE_HEADER, type DeletedMembersResponse, type InternalAuth, type Scope } from '@praxis/platform';

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

/** Whether a signed-in viewer may still act: their account exists and their session was not ended. */
export type Standing = 'ACTIVE' | 'ACCOUNT_DELETED' | 'SESSION_ENDED';

/** The gateway's calls to membership's internal API: API tokens, external identities, account and session standing. */
export class MembershipClient {
  /** The standing call on its way, if any: the next batch waits for it to answer. */
  private standingInFlight?: Promise<unknown>;

  /**
   * Concurrent requests share one call (keyed by member and session); nothing is cached, so a
   * deletion or a sign-out counts from the very next request. While one call is on its way, the
   * requests that arrive meanwhile wait and go together in the next, sent after each of them
   * arrived: under load that is one call per round trip, not one per request, and no request is
   * answered from a call that left before it came.
   */
  private readonly standings = new DataLoader<string, Standing>(
    async (keys) => {
      const pairs = keys.map((key) => key.split('\u0000') as [string, string]);
      const call = this.post<DeletedMembersResponse>('/internal/members/deleted', {
        ids: [...new Set(pairs.map(([memberId]) => memberId))],
        sessions: [...new Set(pairs.map(([, sessionId]) => sessionId).filter(Boolean))],
      });
      this.standingInFlight = call;
      let answer: DeletedMembersResponse | null;
      try {
        answer = await call;
      } finally {
        if (this.standingInFlight === call) this.standingInFlight = undefined;
      }
      const deleted = new Set(answer?.deleted ?? []);
      const ended = new Set(answer?.endedSessions ?? []);
      return pairs.map(([memberId, sessionId]) => (deleted.has(memberId) ? 'ACCOUNT_DELETED' : sessionId && ended.has(sessionId) ? 'SESSION_ENDED' : 'ACTIVE'));
    },
    {
      cache: false,
      maxBatchSize: 500,
      batchScheduleFn: (dispatch) => {
        const send = () => process.nextTick(dispatch);
        if (this.standingInFlight) void this.standingInFlight.then(send, send);
        else send();
      },
    },
  );

  private readonly dispatcher: Dispatcher;

  constructor(
    private readonly baseUrl: string,
    private readonly auth: InternalAuth,
    agent: Agent,
  ) {
    this.dispatcher = resendingLostCalls(agent);
  }

  resolveApiToken(token: string): Promise<{ memberId: string; scopes: Scope[] } | null> {
    return this.post('/internal/tokens/resolve', { token });
  }

  async resolveIdentity(claims: { issuer: string; subject: string; email?: string; emailVerified?: boolean; name?: string }): Promise<string | null> {
    return (await this.post<{ memberId: string }>('/internal/identities/resolve', claims))?.memberId ?? null;
  }

  /** Whether the member's account still exists and, for Praxis's own tokens, their session is still open. */
  standing(memberId: string, sessionId?: string): Promise<Standing> {
    return this.standings.load(`${memberId}\u0000${sessionId ?? ''}`);
  }

  private async post<T>(path: string, body: unknown): Promise<T | null> {
    let response;
    try {
      response = await request(new URL(path, this.baseUrl), {
        method: 'POST',
        dispatcher: this.dispatcher,
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
