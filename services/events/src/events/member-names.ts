import { Agent, request } from 'undici';

/**
 * Display names from membership, through its public graph, for the few places this service
 * prints a person (certificates). Names are membership's data: read at the time, never copied.
 */
export class MemberNames {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 4 });

  constructor(private readonly membershipUrl: string) {}

  async displayName(memberId: string | null): Promise<string> {
    if (!memberId) return 'Former member';
    const response = await request(new URL('/graphql', this.membershipUrl), {
      method: 'POST',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: 'query ($id: ID!) { member(id: $id) { displayName } }', variables: { id: memberId } }),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const body = (await response.body.json()) as { data?: { member?: { displayName?: string } | null } };
    return body.data?.member?.displayName ?? 'Former member';
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
