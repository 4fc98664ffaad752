import { createServiceDataSource } from '../db/datasource';
import { runMigrationsLocked } from '../db/migrate';
import { JobQueue } from '../jobs/queue';
import { createLogger, type Logger } from '../logging/logger';
import { shutdownTracing } from '../tracing/sdk';
import type { RuntimeParts, ServiceRuntimeConfig } from './runtime';

/** What `node dist/main.js migrate` applied. */
export interface MigrateResult {
  /** The names of the migrations this run applied; empty when another run (or an earlier one) had. */
  applied: string[];
}

/**
 * A service's schema brought up to this build, then the connections closed: the work of
 * `node dist/main.js migrate`, which a Kubernetes init container runs before the main container
 * starts with `<NAME>_MIGRATE_ON_START=false`. The migrations run under the advisory lock every
 * start-up takes (`runMigrationsLocked`), so init containers of many pods starting together
 * migrate once; the job queue's tables are installed or upgraded too (pg-boss takes its own lock),
 * so the main container changes no schema.
 */
export async function migrateService(config: ServiceRuntimeConfig, parts: RuntimeParts, logger?: Logger): Promise<MigrateResult> {
  const log = logger ?? createLogger({ service: config.service, level: config.logLevel, pretty: config.prettyLogs });
  const { dataSource } = createServiceDataSource({
    url: config.databaseUrl,
    schema: config.schema,
    entities: parts.entities,
    migrations: parts.migrations,
    // One connection holds the lock, one runs the migrations.
    poolSize: 2,
    // Requests' 30 s would fail a long migration, and a pod waiting on the lock while another migrates.
    statementTimeoutMs: 0,
    applicationName: `praxis-${config.service}-migrate`,
    logger: log,
  });
  await dataSource.initialize();
  let applied: string[];
  try {
    applied = await runMigrationsLocked(dataSource, config.schema);
  } finally {
    await dataSource.destroy();
  }
  const jobs = new JobQueue({ url: config.databaseUrl, schema: config.jobSchema, logger: log, workers: false, applicationName: `praxis-${config.service}-migrate` });
  await jobs.start();
  await jobs.stop();
  return { applied };
}

/** What `runMigrateCommand` needs of a service: `defineSubgraph` gives every subgraph this. */
export interface Migratable {
  name: string;
  configFrom(source: Record<string, string | undefined>): { runtime: ServiceRuntimeConfig };
  migrate(config: never, options?: { logger?: Logger }): Promise<MigrateResult>;
}

/**
 * Runs `migrate` as a command: one log line saying what was applied and exit 0, or one error
 * line naming the failure and exit 1, so an init container's log says why its pod waits.
 */
export function runMigrateCommand(service: Migratable, source: Record<string, string | undefined>): void {
  void (async () => {
    let code = 0;
    let logger: Logger | undefined;
    try {
      const config = service.configFrom(source);
      logger = createLogger({ service: config.runtime.service, level: config.runtime.logLevel, pretty: config.runtime.prettyLogs });
      const { applied } = await service.migrate(config as never, { logger });
      if (applied.length > 0) logger.info({ applied }, `migrations applied (${applied.length}); the schema is current`);
      else logger.info('migrations current: nothing to apply');
    } catch (error) {
      code = 1;
      const message = error instanceof Error ? error.message : String(error);
      if (logger) logger.error({ err: error }, `migrations failed: ${message}`);
      else console.error(`${service.name}: migrations failed: ${message}`);
    }
    await shutdownTracing();
    // Exits at once: a logger or pool left open must not keep an init container waiting.
    process.exit(code);
  })();
}
