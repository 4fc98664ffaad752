import { resolve } from 'node:path';
import { z } from 'zod';
import { env, parseEnv, REPO_ROOT } from '@praxis/platform';

/** The settings of `npm start` and `npm run seed` themselves; each service parses its own. */
export const stackEnv = parseEnv(
  z.object({
    PRAXIS_DATA_DIR: z.string().default(resolve(REPO_ROOT, '.praxis')),
    DATABASE_URL: env.postgresUrl().optional(),
    PRAXIS_PG_PORT: env.port(54320),
    DB_SERVICE_PASSWORD: z.string().min(8).default('praxis-dev'),
    PRAXIS_SEED: z.enum(['demo', 'scale', 'none']).default('demo'),
    PRAXIS_SEED_RANDOM: env.int(20260522),
    LOG_LEVEL: env.logLevel(),
    LOG_PRETTY: env.bool(true),
  }),
  process.env,
);
