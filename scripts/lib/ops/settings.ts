import { resolve } from 'node:path';
import { z } from 'zod';
import { env, parseEnv, REPO_ROOT } from '@praxis/platform';

/** A service as the operator's tools see it: where its tables and its job queue live. */
export interface OpsService {
  name: string;
  schema: string;
  jobSchema: string;
}

export interface OpsSettings {
  /** An administrator connection to the one database that holds every service (as `npm start` with DATABASE_URL). */
  databaseUrl?: string;
  /** The event log's database, when the services have one each (EVENTLOG_DATABASE_URL). */
  eventlogUrl?: string;
  /** Each service's own connection (<NAME>_DATABASE_URL), where given. */
  serviceUrls: Record<string, string>;
  /** Where `npm start` keeps its embedded PostgreSQL. */
  dataDir: string;
  pgPort: number;
}

export function serviceUrlVariable(service: string): string {
  return `${service.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_DATABASE_URL`;
}

/** The settings of `npm run ops`, parsed once; a wrong one stops it naming the variable. */
export function parseOpsSettings(source: Record<string, string | undefined>, services: readonly OpsService[]): OpsSettings {
  const perService = Object.fromEntries(services.map((service) => [serviceUrlVariable(service.name), env.postgresUrl().optional()]));
  const schema = z.object({
    DATABASE_URL: env.postgresUrl().optional(),
    EVENTLOG_DATABASE_URL: env.postgresUrl().optional(),
    PRAXIS_DATA_DIR: z.string().default(resolve(REPO_ROOT, '.praxis')),
    PRAXIS_PG_PORT: env.port(54320),
    ...perService,
  });
  const value = parseEnv(schema, source) as Record<string, unknown> & z.infer<typeof schema>;
  const serviceUrls: Record<string, string> = {};
  for (const service of services) {
    const url = value[serviceUrlVariable(service.name)];
    if (typeof url === 'string') serviceUrls[service.name] = url;
  }
  return {
    databaseUrl: value.DATABASE_URL,
    eventlogUrl: value.EVENTLOG_DATABASE_URL,
    serviceUrls,
    dataDir: value.PRAXIS_DATA_DIR,
    pgPort: value.PRAXIS_PG_PORT,
  };
}
