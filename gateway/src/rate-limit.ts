import { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayConfig } from './env';

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Per-IP and per-member request budgets per minute. Memory by default (one gateway);
 * PostgreSQL when several gateway replicas must share the count. rate-limiter-flexible also
 * has Redis stores, which slot in here the same way.
 */
export class RateLimits {
  private readonly byIp: RateLimiterAbstract;
  private readonly byMember: RateLimiterAbstract;
  private readonly pool?: Pool;

  private constructor(byIp: RateLimiterAbstract, byMember: RateLimiterAbstract, pool?: Pool) {
    this.byIp = byIp;
    this.byMember = byMember;
    this.pool = pool;
  }

  static async create(config: GatewayConfig['rateLimits']): Promise<RateLimits> {
    if (config.store === 'memory') {
      return new RateLimits(new RateLimiterMemory({ keyPrefix: 'ip', points: config.ipPerMinute, duration: 60 }), new RateLimiterMemory({ keyPrefix: 'member', points: config.memberPerMinute, duration: 60 }));
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
    return new RateLimits(byIp, byMember, pool);
  }

  async check(ip: string, memberId: string | null): Promise<RateDecision> {
    const ipDecision = await this.consume(this.byIp, ip);
    if (!ipDecision.allowed || !memberId) return ipDecision;
    return this.consume(this.byMember, memberId);
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
