import { acquireTestPostgres } from '@praxis/postgres';
import { buildTemplate } from '../database';
import { testEnv } from '../env';
import { loadServiceModules } from '../../config/subgraphs';

/**
 * Runs once per `jest` run: picks a PostgreSQL (environment URL, then a container, then the
 * embedded binaries), builds the migrated template, and tells the workers where it is.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const pg = await acquireTestPostgres({ url: testEnv.TEST_DATABASE_URL });
  (globalThis as { __praxisPostgres?: { stop(): Promise<void> } }).__praxisPostgres = pg;
  await buildTemplate(pg.adminUrl, loadServiceModules());
  process.env.PRAXIS_TEST_ADMIN_URL = pg.adminUrl;
  process.stdout.write(`\nTest PostgreSQL: ${pg.source}, template ready in ${Date.now() - started} ms\n`);
}
