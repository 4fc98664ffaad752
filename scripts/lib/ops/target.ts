import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@praxis/postgres';
import { ConfigError } from '@praxis/platform';
import { serviceUrlVariable, type OpsService, type OpsSettings } from './settings';

export interface ServiceTarget extends OpsService {
  url: string;
}

/** Where each service's tables and the event log are, and how to let go of them. */
export interface OpsTarget {
  services: ServiceTarget[];
  eventlogUrl: string;
  /** How the target was found, for the first line of the output. */
  description: string;
  close(): Promise<void>;
}

/** The superuser `npm start`'s embedded PostgreSQL is made with (infra/postgres); local only. */
const EMBEDDED_ADMIN = 'postgres:postgres';
const EMBEDDED_DATABASE = 'praxis';

/**
 * Finds the databases: one per service (<NAME>_DATABASE_URL for each, with EVENTLOG_DATABASE_URL),
 * one for all (DATABASE_URL, which fills in any service not given its own), or else the embedded
 * PostgreSQL of `npm start`: the running one, or started on its data folder for the command.
 */
export async function openTarget(settings: OpsSettings, services: readonly OpsService[]): Promise<OpsTarget> {
  const own = services.filter((service) => settings.serviceUrls[service.name]);
  if (own.length > 0 || settings.databaseUrl) {
    const missing = services.filter((service) => !settings.serviceUrls[service.name] && !settings.databaseUrl);
    if (missing.length > 0) {
      throw new ConfigError(missing.map((service) => ({ variable: serviceUrlVariable(service.name), message: 'required when other services have their own database (or set DATABASE_URL)' })));
    }
    const eventlogUrl = settings.eventlogUrl ?? settings.databaseUrl;
    if (!eventlogUrl) throw new ConfigError([{ variable: 'EVENTLOG_DATABASE_URL', message: 'required when each service has its own database' }]);
    return {
      services: services.map((service) => ({ ...service, url: settings.serviceUrls[service.name] ?? settings.databaseUrl! })),
      eventlogUrl,
      description: own.length === services.length ? 'a database per service' : 'DATABASE_URL',
      close: async () => undefined,
    };
  }
  const dataDir = join(settings.dataDir, 'postgres');
  const port = runningPort(dataDir);
  if (port !== undefined) return embeddedTarget(`postgres://${EMBEDDED_ADMIN}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`, services, `npm start's PostgreSQL (running, port ${port})`, async () => undefined);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) throw new Error(`no database: ${dataDir} holds no PostgreSQL yet (run npm start once) and neither DATABASE_URL nor <SERVICE>_DATABASE_URL is set`);
  const postgres = await startEmbeddedPostgres({ dataDir, persistent: true, port: settings.pgPort });
  const url = new URL(postgres.adminUrl);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return embeddedTarget(url.toString(), services, `npm start's PostgreSQL (started on ${dataDir} for this command)`, () => postgres.stop());
}

function embeddedTarget(url: string, services: readonly OpsService[], description: string, close: () => Promise<void>): OpsTarget {
  return { services: services.map((service) => ({ ...service, url })), eventlogUrl: url, description, close };
}

/** The port of a PostgreSQL running on the data folder, from its lock file; undefined when none runs. */
function runningPort(dataDir: string): number | undefined {
  const lock = join(dataDir, 'postmaster.pid');
  if (!existsSync(lock)) return undefined;
  const lines = readFileSync(lock, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
  } catch (error) {
    // EPERM: alive, but another user's (the `postgres` system user when run as root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return Number(lines[3]);
}

/** Runs `work` with a connection to `url`, closed afterwards. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'praxis-ops' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A schema name as an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
