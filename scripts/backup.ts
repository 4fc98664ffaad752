/**
 * `npm run backup -- --out <folder>`: a base backup of npm start's embedded PostgreSQL into a new
 * folder, while Praxis runs or not. Restore it with `npm run restore -- --from <folder>`.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDataDir } from '@praxis/postgres';
import { stackEnv } from './lib/env';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) throw new Error('usage: npm run backup -- --out <new folder>');
  if (stackEnv.DATABASE_URL) throw new Error('DATABASE_URL names an external PostgreSQL: back it up with that server’s own tools (pg_basebackup or pg_dump)');
  const started = performance.now();
  const summary = await backupDataDir({ dataDir: join(stackEnv.PRAXIS_DATA_DIR, 'postgres'), outDir: resolve(values.out) });
  process.stdout.write(
    `Backed up to ${summary.dir} in ${((performance.now() - started) / 1000).toFixed(1)} s (WAL ${summary.startWal} to ${summary.stopWal}).\n` +
      `Signing keys and uploaded files live beside it in ${stackEnv.PRAXIS_DATA_DIR}; copy keys/ and resources-files/ too.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
