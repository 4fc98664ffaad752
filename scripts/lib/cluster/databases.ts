import { Client } from 'pg';
import { startSupervisedPostgres, type LocalPostgres } from '@praxis/postgres';
import { loadServiceModules, provisionSeparateDatabases, serviceRole, withCredentials, type Logger } from '@praxis/platform';

/** The role of the gateways' shared rate-limit store. */
export const GATEWAY_ROLE = 'praxis_gateway';

export interface ClusterDatabases {
  postgres?: LocalPostgres;
  adminUrl: string;
  /** `<prefix>_<service>`; the event log's is `<prefix>_eventlog`, the gateways' `<prefix>_gateway`. */
  databaseOf(name: string): string;
  /** A service's own connection (its role) to its own database. */
  serviceUrl(service: string): string;
  /** A service's connection (its role) to the event log's database. */
  eventlogUrl(service: string): string;
  /** The gateways' connection to their rate-limit database. */
  gatewayUrl(): string;
  /** An administrator's connection to one of the cluster's databases, for tests and checks. */
  adminUrlOf(name: string): string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL for a cluster (embedded in the data folder unless an administrator URL is given)
 * with a database per service, one for the event log and one for the gateways' rate limits.
 * `fresh` drops them first, so every replica meets an empty database at the same moment.
 */
export async function bootClusterDatabases(options: { adminUrl?: string; pgDataDir: string; pgPort: number; prefix: string; servicePassword: string; fresh?: boolean; logger: Logger }): Promise<ClusterDatabases> {
  let postgres: LocalPostgres | undefined;
  let adminUrl = options.adminUrl;
  if (!adminUrl) {
    postgres = await startSupervisedPostgres({ dataDir: options.pgDataDir, persistent: true, port: options.pgPort });
    adminUrl = postgres.adminUrl;
    options.logger.info({ port: options.pgPort, dataDir: postgres.dataDir }, 'embedded PostgreSQL started');
  }
  const admin = adminUrl;
  const modules = loadServiceModules();
  const databaseOf = (name: string) => `${options.prefix}_${name}`;
  const adminUrlOf = (name: string) => withCredentials(admin, decodeURIComponent(new URL(admin).username), decodeURIComponent(new URL(admin).password), databaseOf(name));
  if (options.fresh) {
    const client = new Client({ connectionString: admin });
    await client.connect();
    try {
      for (const name of [...modules.map((module) => module.name), 'eventlog', 'gateway']) await client.query(`DROP DATABASE IF EXISTS "${databaseOf(name)}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  await provisionSeparateDatabases({
    adminUrl: admin,
    servicePassword: options.servicePassword,
    services: modules.map((module) => ({ name: module.name, schema: module.schema, jobSchema: module.jobSchema })),
    databaseOf,
    eventlogDatabase: databaseOf('eventlog'),
    gateway: { role: GATEWAY_ROLE, database: databaseOf('gateway') },
  });
  return {
    postgres,
    adminUrl: admin,
    databaseOf,
    serviceUrl: (service) => withCredentials(admin, serviceRole(service), options.servicePassword, databaseOf(service)),
    eventlogUrl: (service) => withCredentials(admin, serviceRole(service), options.servicePassword, databaseOf('eventlog')),
    gatewayUrl: () => withCredentials(admin, GATEWAY_ROLE, options.servicePassword, databaseOf('gateway')),
    adminUrlOf,
    stop: async () => postgres?.stop(),
  };
}
