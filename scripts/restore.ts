/**
 * `npm run restore -- --from <folder>`: replaces npm start's embedded PostgreSQL with a backup made
 * by `npm run backup`. Praxis must be stopped; the cluster is started once to replay the backup.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { restoreDataDir } from '@praxis/postgres';
import { stackEnv } from './lib/env';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' } } });
  if (!values.from) throw new Error('usage: npm run restore -- --from <backup folder>');
  if (stackEnv.DATABASE_URL) throw new Error('DATABASE_URL names an external PostgreSQL: restore it with that server’s own tools');
  const dataDir = join(stackEnv.PRAXIS_DATA_DIR, 'postgres');
  await restoreDataDir({ dataDir, fromDir: resolve(values.from) });
  process.stdout.write(`Restored ${dataDir} from ${resolve(values.from)}. Start Praxis with npm start.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Restore failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
