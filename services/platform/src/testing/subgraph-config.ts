import type { ServiceRuntimeConfig } from '../server/runtime';
import { workerDatabase } from './database';
import { testEnv } from './env';

/**
 * A subgraph's config for tests, from its defineSubgraph service: this worker's database, port 0,
 * no migrations (the template has them), quiet logs and fast polling. `env` adds the service's
 * own test settings and, last, the caller's.
 */
export async function subgraphTestConfig<Config>(
  service: { name: string; configFrom(source: Record<string, string | undefined>): Config },
  env: Record<string, string | undefined> = {},
): Promise<Config> {
  const db = await workerDatabase();
  const prefix = service.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return service.configFrom({
    NODE_ENV: 'test',
    LOG_LEVEL: testEnv.TEST_LOG_LEVEL,
    [`${prefix}_PORT`]: '0',
    [`${prefix}_DATABASE_URL`]: db.urlFor(service.name),
    [`${prefix}_DB_POOL_SIZE`]: '5',
    [`${prefix}_MIGRATE_ON_START`]: 'false',
    JOBS_POLL_SECONDS: '0.5',
    EVENTLOG_POLL_MS: '100',
    ...env,
  });
}

/**
 * A runtime's settings for a probe service that a platform test makes up: its own schema, on the
 * administrator's connection given, quiet, with nothing in the background and no migrations at
 * start unless the test says otherwise.
 */
export function probeRuntimeConfig(probe: Pick<ServiceRuntimeConfig, 'service' | 'schema' | 'databaseUrl'> & Partial<ServiceRuntimeConfig>): ServiceRuntimeConfig {
  return {
    jobSchema: `${probe.schema}_jobs`,
    poolSize: 2,
    nodeEnv: 'test',
    logLevel: 'silent',
    prettyLogs: false,
    internalSecret: `${probe.service}-test-secret-at-least-32-characters`,
    introspection: false,
    workers: false,
    migrateOnStart: false,
    eventsPollMs: 1000,
    jobsPollSeconds: 2,
    host: '127.0.0.1',
    port: 0,
    ...probe,
  };
}
