import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import type { Logger } from '../logging/logger';
import { CountingLogger } from './query-counter';

export interface ServiceDataSourceOptions {
  url: string;
  /** The PostgreSQL schema the service owns. Its tables and its migrations table live there. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName: string;
  logger?: Logger;
  slowQueryMs?: number;
  /** How long one statement may run; 30 s unless given, 0 for no limit (the migrate command: a migration may be long, and another pod's wait on the lock longer). */
  statementTimeoutMs?: number;
}

export interface ServiceDataSource {
  dataSource: DataSource;
  queries: CountingLogger;
}

export function createServiceDataSource(options: ServiceDataSourceOptions): ServiceDataSource {
  const queries = new CountingLogger(options.logger);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Never on: the schema changes only through reviewed, reversible migrations.
    synchronize: false,
    migrationsRun: false,
    logging: true,
    logger: queries,
    maxQueryExecutionTime: options.slowQueryMs ?? 500,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      // The service's own schema first, then public for extensions such as citext and pg_trgm.
      options: `-c search_path=${options.schema},public`,
      // A statement that hangs should fail the request, not hold a pool slot for ever.
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      idle_in_transaction_session_timeout: 60_000,
    },
  });
  return { dataSource, queries };
}
