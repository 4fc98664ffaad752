import { z } from 'zod';

/** Thrown when a setting is missing or malformed; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses an environment with a zod object schema, once, at start-up.
 * Nothing else in a process reads `process.env`: everything downstream receives typed config.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  // Empty strings are how shells and .env files spell "unset"; treat them so, so defaults apply.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(root)', message: issue.message })),
    );
  }
  return result.data;
}

/** Reusable field schemas, so every service spells its settings the same way. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(fallback),
  bool: (fallback: boolean) => z.stringbool().default(fallback),
  postgresUrl: () => z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  httpUrl: () => z.url({ protocol: /^https?$/ }),
  list: () =>
    z
      .string()
      .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean)),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  nodeEnv: () => z.enum(['development', 'test', 'production']).default('development'),
  /** Shared by the gateway (which signs viewer assertions) and every subgraph (which checks them). */
  internalSecret: () => z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_INTERNAL_SECRET),
};

/** Public on purpose: it only protects a development machine. Production refuses to start with it. */
export const DEVELOPMENT_INTERNAL_SECRET = 'praxis-development-internal-secret-do-not-deploy';

export function assertProductionSafe(config: { nodeEnv: string; internalSecret: string }): void {
  if (config.nodeEnv === 'production' && config.internalSecret === DEVELOPMENT_INTERNAL_SECRET) {
    throw new ConfigError([{ variable: 'INTERNAL_AUTH_SECRET', message: 'must be set to a private value in production' }]);
  }
}
