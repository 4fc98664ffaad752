import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, DEVELOPMENT_INTERNAL_SECRET, env, parseEnv, REPO_ROOT } from '@praxis/platform';

/** Public on purpose, like the other development secrets: production refuses it. */
export const DEVELOPMENT_DB_SERVICE_PASSWORD = 'praxis-dev';

const schema = z.object({
  NODE_ENV: env.nodeEnv(),
  PRAXIS_DATA_DIR: z.string().default(resolve(REPO_ROOT, '.praxis')),
  DATABASE_URL: env.postgresUrl().optional(),
  PRAXIS_PG_PORT: env.port(54320),
  DB_SERVICE_PASSWORD: z.string().min(8).default(DEVELOPMENT_DB_SERVICE_PASSWORD),
  /** Demo data in development; none in production, where its public passwords have no place. */
  PRAXIS_SEED: z.enum(['demo', 'scale', 'none']).optional(),
  PRAXIS_SEED_RANDOM: env.int(20260522),
  /** Whether `npm start` builds admin/dist when it is missing or older than its sources; off for a graph-only stack. */
  PRAXIS_ADMIN_BUILD: env.bool(true),
  LOG_LEVEL: env.logLevel(),
  LOG_PRETTY: env.bool(true),
  // Read here only to refuse a production start up front, naming every missing secret at once;
  // each service parses and uses its own.
  INTERNAL_AUTH_SECRET: z.string().optional(),
  RESOURCES_URL_SIGNING_SECRET: z.string().optional(),
  AUTH_SIGNING_KEYS: z.string().optional(),
  AUTH_SIGNING_KEYS_FILE: z.string().optional(),
  SECOND_FACTOR_ENCRYPTION_KEY: z.string().optional(),
});

export type StackEnv = Omit<z.infer<typeof schema>, 'PRAXIS_SEED'> & { PRAXIS_SEED: 'demo' | 'scale' | 'none' };

export function parseStackEnv(source: Record<string, string | undefined>): StackEnv {
  const value = parseEnv(schema, source);
  return { ...value, PRAXIS_SEED: value.PRAXIS_SEED ?? (value.NODE_ENV === 'production' ? 'none' : 'demo') };
}

/**
 * What keeps `NODE_ENV=production npm start` from starting: a development value, committed in
 * this repository and so known to everyone, or signing keys that would be made up on the spot.
 */
export function productionProblems(value: StackEnv): { variable: string; message: string }[] {
  if (value.NODE_ENV !== 'production') return [];
  const problems: { variable: string; message: string }[] = [];
  const privateValue = 'must be set to a private value in production';
  if (value.DB_SERVICE_PASSWORD === DEVELOPMENT_DB_SERVICE_PASSWORD) problems.push({ variable: 'DB_SERVICE_PASSWORD', message: privateValue });
  if (!value.INTERNAL_AUTH_SECRET || value.INTERNAL_AUTH_SECRET === DEVELOPMENT_INTERNAL_SECRET) problems.push({ variable: 'INTERNAL_AUTH_SECRET', message: privateValue });
  if (!value.RESOURCES_URL_SIGNING_SECRET) problems.push({ variable: 'RESOURCES_URL_SIGNING_SECRET', message: privateValue });
  if (!value.AUTH_SIGNING_KEYS && !value.AUTH_SIGNING_KEYS_FILE) {
    problems.push({ variable: 'AUTH_SIGNING_KEYS', message: 'required in production (or AUTH_SIGNING_KEYS_FILE): keys kept and backed up with the deployment' });
  }
  if (!value.SECOND_FACTOR_ENCRYPTION_KEY) {
    problems.push({ variable: 'SECOND_FACTOR_ENCRYPTION_KEY', message: 'required in production: 32 random bytes in base64 that seal TOTP secrets, kept and backed up with the deployment' });
  }
  return problems;
}

export function assertProductionProfile(value: StackEnv): void {
  const problems = productionProblems(value);
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The settings of `npm start` and `npm run seed` themselves; each service parses its own. */
export const stackEnv = parseStackEnv(process.env);
