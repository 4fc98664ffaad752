import { Agent, request } from 'undici';
import type { InternalAuth } from '../identity/assertion';
import { SERVICE_HEADER } from '../identity/assertion';

/**
 * POSTs JSON to membership's internal API with this service's assertion, over keep-alive
 * connections of its own. The permission client and the contacts client both speak through one.
 */
export class InternalClient {
  private readonly agent: Agent;

  constructor(
    private readonly membershipUrl: string,
    private readonly auth: InternalAuth,
    private readonly service: string,
    connections: number,
  ) {
    this.agent = new Agent({ keepAliveTimeout: 30_000, connections });
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const response = await request(new URL(path, this.membershipUrl), {
      method: 'POST',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/json', [SERVICE_HEADER]: await this.auth.serviceToken(this.service) },
      body: JSON.stringify(body),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      throw new Error(`membership ${path} failed with ${response.statusCode}: ${text.slice(0, 200)}`);
    }
    return (await response.body.json()) as T;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
