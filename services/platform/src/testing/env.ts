import { z } from 'zod';
import { parseEnv } from '../config/env';

/** The settings of a test run. Parsed here, once, like every other process's. */
export const testEnv = parseEnv(
  z.object({
    TEST_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//).optional(),
    /** Set by the global setup for the workers it starts. */
    PRAXIS_TEST_ADMIN_URL: z.string().optional(),
    JEST_WORKER_ID: z.string().default('1'),
    TEST_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('silent'),
  }),
  process.env,
);
