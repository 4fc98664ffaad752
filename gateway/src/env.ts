import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, env, REPO_ROOT } from '@praxis/platform';
import { DEFAULT_MAX_COST } from './cost';

/** Proxy addresses in the forms Fastify's proxy-addr takes: an IP, a CIDR range, or a named range. */
const proxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(['loopback', 'linklocal', 'uniquelocal'])]);

/** The local front-end and the admin app's Vite dev server (by either local name). */
export const DEV_CORS_ORIGINS = ['http://localhost:3000', 'http://localhost:5173', 'http://127.0.0.1:5173'];

const trustedIssuer = z.object({ issuer: z.string().min(1), jwksUrl: z.url(), audience: z.string().min(1) });

/** Every setting of the gateway. Each is documented in the README's configuration table. */
export const gatewayEnv = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  LOG_PRETTY: env.bool(false),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: env.port(4000),
  /**
   * The address browsers reach the gateway at. Calendar, certificate and library links are
   * served through it (see public-routes.ts); the subgraphs build their links on it.
   */
  PUBLIC_GRAPH_URL: env.httpUrl().optional(),
  INTERNAL_AUTH_SECRET: env.internalSecret(),
  /** On by default except in production, where the schema is published through schema/api.graphql instead. */
  GRAPHQL_INTROSPECTION: z.stringbool().optional(),
  SUPERGRAPH_PATH: z.string().default(resolve(REPO_ROOT, 'schema/supergraph.graphql')),
  /** Overrides of subgraph URLs from the supergraph, as name=url pairs separated by commas. */
  SUBGRAPH_URLS: z.string().default(''),
  /** The deadline of one call to a subgraph, answer included; past it the subgraph's fields are null. */
  SUBGRAPH_TIMEOUT_MS: env.int(5000, 100, 300_000),
  /** How long a subgraph's open circuit breaker answers at once before letting a call through to try again. */
  SUBGRAPH_BREAKER_RESET_MS: env.int(10_000, 100, 600_000),
  /** Identical subgraph queries of the same viewer share one call while it is in flight; off only to measure. */
  SUBGRAPH_DEDUPE: env.bool(true),
  MEMBERSHIP_INTERNAL_URL: env.httpUrl().optional(),
  AUTH_ISSUER: z.string().min(1).default('praxis'),
  AUTH_AUDIENCE: z.string().min(1).default('praxis'),
  AUTH_JWKS_URL: env.httpUrl().optional(),
  /** Organisations' OpenID Connect providers whose tokens are accepted, as a JSON array. */
  AUTH_TRUSTED_ISSUERS: z.string().default('[]'),
  /**
   * Browser origins allowed to call the graph and the session routes with credentials. Unset, the
   * local front-end and the admin app's Vite dev server are allowed outside production, and none
   * in production (the admin app is served from the gateway's own origin there).
   */
  CORS_ORIGINS: env.list().optional(),
  /** The built admin app (`vite build` of admin/), served at /admin/; absent means not served. */
  ADMIN_APP_DIR: z.string().min(1).default(resolve(REPO_ROOT, 'admin/dist')),
  LIMIT_MAX_DEPTH: env.int(12, 2, 100),
  LIMIT_MAX_ALIASES: env.int(30, 1, 1000),
  LIMIT_MAX_TOKENS: env.int(5000, 100, 100_000),
  LIMIT_MAX_COST: env.int(DEFAULT_MAX_COST, 100, 100_000_000),
  LIMIT_MAX_DIRECTIVES: env.int(50, 1, 1000),
  RATE_LIMIT_IP_PER_MINUTE: env.int(600, 1, 1_000_000),
  RATE_LIMIT_MEMBER_PER_MINUTE: env.int(1200, 1, 1_000_000),
  /** Failed authentications (unknown tokens, bad JWTs) per address per minute before 429 without a lookup. */
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: env.int(30, 1, 100_000),
  RATE_LIMIT_STORE: z.enum(['memory', 'postgres']).default('memory'),
  /**
   * The reverse proxies whose X-Forwarded-For is believed, comma-separated. Empty (the default)
   * believes none: the client address is the connection's, so a client cannot pick its own.
   */
  TRUST_PROXY: env.list().pipe(z.array(proxyAddress, { error: 'must list IP addresses, CIDR ranges, loopback, linklocal or uniquelocal' })).default([]),
  RATE_LIMIT_DATABASE_URL: env.postgresUrl().optional(),
});

export type GatewayEnv = z.infer<typeof gatewayEnv>;

export interface GatewayConfig {
  nodeEnv: GatewayEnv['NODE_ENV'];
  logLevel: string;
  prettyLogs: boolean;
  host: string;
  port: number;
  /** Where browsers reach the gateway; `http://localhost:<GATEWAY_PORT>` unless PUBLIC_GRAPH_URL says otherwise. */
  publicUrl: string;
  internalSecret: string;
  introspection: boolean;
  supergraphPath: string;
  subgraphUrls: Record<string, string>;
  subgraphs: { timeoutMs: number; breakerResetMs: number; dedupe: boolean };
  membershipUrl?: string;
  auth: { issuer: string; audience: string; jwksUrl?: string; trustedIssuers: z.infer<typeof trustedIssuer>[] };
  corsOrigins: string[];
  /** The folder of the built admin app, served at /admin/ when it exists. */
  adminAppDir: string;
  limits: { maxDepth: number; maxAliases: number; maxTokens: number; maxCost: number; maxDirectives: number };
  rateLimits: { ipPerMinute: number; memberPerMinute: number; authFailuresPerMinute: number; store: 'memory' | 'postgres'; databaseUrl?: string };
  /** Proxies whose forwarded headers are believed; empty believes none. */
  trustProxy: string[];
}

export function gatewayConfig(value: GatewayEnv): GatewayConfig {
  const subgraphUrls: Record<string, string> = {};
  for (const pair of value.SUBGRAPH_URLS.split(',').map((item) => item.trim()).filter(Boolean)) {
    const [name, url] = pair.split('=');
    if (!name || !url || !/^https?:\/\//.test(url)) throw new ConfigError([{ variable: 'SUBGRAPH_URLS', message: `"${pair}" is not name=http(s)://url` }]);
    subgraphUrls[name] = url;
  }
  let trusted: unknown;
  try {
    trusted = JSON.parse(value.AUTH_TRUSTED_ISSUERS);
  } catch {
    throw new ConfigError([{ variable: 'AUTH_TRUSTED_ISSUERS', message: 'is not valid JSON' }]);
  }
  const trustedIssuers = z.array(trustedIssuer).safeParse(trusted);
  if (!trustedIssuers.success) throw new ConfigError([{ variable: 'AUTH_TRUSTED_ISSUERS', message: 'must be a JSON array of {issuer, jwksUrl, audience}' }]);
  if (value.RATE_LIMIT_STORE === 'postgres' && !value.RATE_LIMIT_DATABASE_URL) {
    throw new ConfigError([{ variable: 'RATE_LIMIT_DATABASE_URL', message: 'required when RATE_LIMIT_STORE is postgres' }]);
  }
  return {
    nodeEnv: value.NODE_ENV,
    logLevel: value.LOG_LEVEL,
    prettyLogs: value.LOG_PRETTY,
    host: value.HOST,
    port: value.GATEWAY_PORT,
    publicUrl: (value.PUBLIC_GRAPH_URL ?? `http://localhost:${value.GATEWAY_PORT}`).replace(/\/$/, ''),
    internalSecret: value.INTERNAL_AUTH_SECRET,
    introspection: value.GRAPHQL_INTROSPECTION ?? value.NODE_ENV !== 'production',
    supergraphPath: value.SUPERGRAPH_PATH,
    subgraphUrls,
    subgraphs: { timeoutMs: value.SUBGRAPH_TIMEOUT_MS, breakerResetMs: value.SUBGRAPH_BREAKER_RESET_MS, dedupe: value.SUBGRAPH_DEDUPE },
    membershipUrl: value.MEMBERSHIP_INTERNAL_URL,
    auth: { issuer: value.AUTH_ISSUER, audience: value.AUTH_AUDIENCE, jwksUrl: value.AUTH_JWKS_URL, trustedIssuers: trustedIssuers.data },
    corsOrigins: value.CORS_ORIGINS ?? (value.NODE_ENV === 'production' ? [] : DEV_CORS_ORIGINS),
    adminAppDir: resolve(value.ADMIN_APP_DIR),
    limits: { maxDepth: value.LIMIT_MAX_DEPTH, maxAliases: value.LIMIT_MAX_ALIASES, maxTokens: value.LIMIT_MAX_TOKENS, maxCost: value.LIMIT_MAX_COST, maxDirectives: value.LIMIT_MAX_DIRECTIVES },
    rateLimits: {
      ipPerMinute: value.RATE_LIMIT_IP_PER_MINUTE,
      memberPerMinute: value.RATE_LIMIT_MEMBER_PER_MINUTE,
      authFailuresPerMinute: value.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
      store: value.RATE_LIMIT_STORE,
      databaseUrl: value.RATE_LIMIT_DATABASE_URL,
    },
    trustProxy: value.TRUST_PROXY,
  };
}
