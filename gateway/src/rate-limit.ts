import { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayConfig } from './env';

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Per-IP and per-member request budgets per minute, and a smaller per-IP budget of failed
 * authentications. Memory by default (one gateway); PostgreSQL when several gateway replicas
 * must share the count. rate-limiter-flexible also has Redis stores, which slot in here the same way.
 */
export class RateLimits {
  private constructor(
    private readonly byIp: RateLimiterAbstract,
    private readonly byMember: RateLimiterAbstract,
    private readonly authFailuresByIp: RateLimiterAbstract,
    private readonly pool?: Pool,
  ) {}

  static async create(config: GatewayConfig['rateLimits']): Promise<RateLimits> {
    if (config.store === 'memory') {
      return new RateLimits(
        new RateLimiterMemory({ keyPrefix: 'ip', points: config.ipPerMinute, duration: 60 }),
        new RateLimiterMemory({ keyPrefix: 'member', points: config.memberPerMinute, duration: 60 }),
        new RateLimiterMemory({ keyPrefix: 'auth-failures', points: config.authFailuresPerMinute, duration: 60 }),
      );
    }
    const pool = new Pool({ connectionString: config.databaseUrl, max: 4, application_name: 'praxis-gateway-rate-limits' });
    // The store creates its table on first use; wait for it, or the first requests would fail.
    const make = (keyPrefix: string, points: number) =>
      new Promise<RateLimiterAbstract>((resolve, reject) => {
        const limiter: RateLimiterPostgres = new RateLimiterPostgres(
          { storeClient: pool, storeType: 'pool', tableName: 'praxis_gateway_rate_limits', keyPrefix, points, duration: 60 },
          (error?: Error) => (error ? reject(error) : resolve(limiter)),
        );
      });
    const byIp = await make('ip', config.ipPerMinute);
    const byMember = await make('member', config.memberPerMinute);
    const authFailures = await make('auth-failures', config.authFailuresPerMinute);
    return new RateLimits(byIp, byMember, authFailures, pool);
  }

  async check(ip: string, memberId: string | null): Promise<RateDecision> {
    const ipDecision = await this.consume(this.byIp, ip);
    if (!ipDecision.allowed || !memberId) return ipDecision;
    return this.consume(this.byMember, memberId);
  }

  /**
   * Whether an address has used up its failed authentications for this minute. Asked before
   * a credential is looked up, so a flood of made-up tokens costs a counter read, not a query.
   */
  async authFailuresExhausted(ip: string): Promise<RateDecision> {
    const state = await this.authFailuresByIp.get(ip);
    if (!state || state.remainingPoints > 0) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1000)) };
  }

  async recordAuthFailure(ip: string): Promise<void> {
    await this.consume(this.authFailuresByIp, ip);
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }

  private async consume(limiter: RateLimiterAbstract, key: string): Promise<RateDecision> {
    try {
      await limiter.consume(key);
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      throw rejection;
    }
  }
}
