/**
 * Backup and restore of an embedded cluster with no binaries beyond the server: the embedded
 * package ships no pg_dump or pg_basebackup, and a distribution's client is often an older major
 * version. PostgreSQL's low-level base-backup API needs only SQL and file copies; see
 * "Making a Base Backup Using the Low Level API" in the PostgreSQL manual.
 */
import { existsSync } from 'node:fs';
import { chmod, chown, copyFile, lstat, mkdir, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { PASSWORD, startEmbeddedPostgres, USER } from './embedded';
import { reachableDataDir, serverUser, type SystemUser } from './launcher';

export interface BackupSummary {
  dir: string;
  label: string;
  startWal: string;
  stopWal: string;
  stopLsn: string;
  walFiles: number;
}

const MANIFEST = 'praxis-backup.json';

/**
 * Left out of the copy, as the manual lists: the server rebuilds or discards these at start-up,
 * and pg_wal's segments are copied separately, only those the backup needs.
 */
const EMPTIED = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'backup_label.old', 'tablespace_map', 'tablespace_map.old', 'backup_manifest', 'pg_internal.init']);

/**
 * Copies a running cluster into `outDir`: `outDir/data` is a data folder that starts as the
 * cluster was when the backup ended, once PostgreSQL has replayed the WAL copied into it.
 */
export async function backupCluster(options: { adminUrl: string; dataDir: string; outDir: string; label?: string }): Promise<BackupSummary> {
  const dataDir = await realpath(options.dataDir);
  if (existsSync(options.outDir) && (await readdir(options.outDir)).length > 0) throw new Error(`${options.outDir} is not empty; back up into a new folder`);
  if ((await readdir(join(dataDir, 'pg_tblspc'))).length > 0) throw new Error('the cluster has tablespaces, which this backup does not copy');
  const target = join(options.outDir, 'data');
  await mkdir(target, { recursive: true, mode: 0o700 });
  const label = options.label ?? `praxis ${new Date().toISOString()}`;
  const client = new Client({ connectionString: options.adminUrl });
  await client.connect();
  try {
    // A temporary slot holds the WAL from before the backup's checkpoint until this session ends,
    // so a checkpoint during the copy cannot recycle a segment the backup needs.
    await client.query('SELECT pg_create_physical_replication_slot($1, true, true)', [`praxis_backup_${process.pid}_${Date.now()}`]);
    await client.query('SELECT pg_backup_start($1, fast => true)', [label]);
    await copyData(dataDir, target);
    // pg_backup_stop switches to a new WAL segment, so the segment holding its end is complete.
    const stop = await client.query<{ lsn: string; labelfile: string; spcmapfile: string; stop_wal: string }>(
      'SELECT lsn::text, labelfile, spcmapfile, pg_walfile_name(lsn) AS stop_wal FROM pg_backup_stop(wait_for_archive => false)',
    );
    const { lsn, labelfile, spcmapfile, stop_wal: stopWal } = stop.rows[0]!;
    await writeFile(join(target, 'backup_label'), labelfile, { mode: 0o600 });
    if (spcmapfile) await writeFile(join(target, 'tablespace_map'), spcmapfile, { mode: 0o600 });
    const startWal = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(labelfile)?.[1];
    if (!startWal) throw new Error('backup_label names no start WAL file');
    const walFiles = await copyWal(join(dataDir, 'pg_wal'), join(target, 'pg_wal'), startWal, stopWal);
    const summary: BackupSummary = { dir: options.outDir, label, startWal, stopWal, stopLsn: lsn, walFiles };
    await writeFile(join(options.outDir, MANIFEST), `${JSON.stringify({ ...summary, createdAt: new Date().toISOString() }, null, 2)}\n`);
    return summary;
  } finally {
    await client.end();
  }
}

async function copyData(source: string, target: string): Promise<void> {
  for (const entry of await readdir(source, { withFileTypes: true }).catch(() => [])) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (SKIPPED.has(entry.name) || entry.name.startsWith('pgsql_tmp')) continue;
    if (entry.isDirectory()) {
      await mkdir(to, { mode: 0o700 });
      if (EMPTIED.has(entry.name)) continue;
      await copyData(from, to);
    } else if (entry.isFile()) {
      // A file can vanish while the server runs (a dropped table, a finished temporary file).
      await copyFile(from, to).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }
}

async function copyWal(source: string, target: string, startWal: string, stopWal: string): Promise<number> {
  await mkdir(join(target, 'archive_status'), { recursive: true, mode: 0o700 });
  let copied = 0;
  for (const name of await readdir(source)) {
    const needed = /^[0-9A-F]{24}$/.test(name) ? name >= startWal && name <= stopWal : name.endsWith('.history');
    if (!needed) continue;
    await copyFile(join(source, name), join(target, name));
    copied++;
  }
  const segments = (await readdir(target)).filter((name) => /^[0-9A-F]{24}$/.test(name));
  if (!segments.includes(startWal) || !segments.includes(stopWal)) throw new Error(`WAL from ${startWal} to ${stopWal} is no longer all in ${source}`);
  return copied;
}

/** Whether a server runs on the folder, judged by the pid in its lock file. */
export async function runningPostmaster(dataDir: string): Promise<number | undefined> {
  const lock = join(dataDir, 'postmaster.pid');
  if (!existsSync(lock)) return undefined;
  const pid = Number((await readFile(lock, 'utf8')).split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Replaces the cluster in `dataDir` with the backup in `fromDir`. The server must be stopped;
 * on its next start it finds backup_label and replays the WAL copied with the backup.
 */
export async function restoreCluster(options: { fromDir: string; dataDir: string; user?: SystemUser }): Promise<void> {
  const source = join(options.fromDir, 'data');
  if (!existsSync(join(source, 'backup_label')) || !existsSync(join(source, 'PG_VERSION'))) {
    throw new Error(`${options.fromDir} is not a backup made by npm run backup (no data/backup_label)`);
  }
  const dataDir = existsSync(options.dataDir) ? await realpath(options.dataDir) : options.dataDir;
  const pid = await runningPostmaster(dataDir);
  if (pid !== undefined) throw new Error(`PostgreSQL is running on ${dataDir} (pid ${pid}); stop Praxis first (Ctrl-C where npm start runs)`);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  for (const entry of await readdir(dataDir)) await rm(join(dataDir, entry), { recursive: true, force: true });
  await copyRestored(source, dataDir, options.user);
  await chmod(dataDir, 0o700);
  if (options.user) await chown(dataDir, options.user.uid, options.user.gid);
}

async function copyRestored(source: string, target: string, user: SystemUser | undefined): Promise<void> {
  for (const entry of await readdir(source)) {
    const from = join(source, entry);
    const to = join(target, entry);
    if ((await lstat(from)).isDirectory()) {
      await mkdir(to, { mode: 0o700 });
      await copyRestored(from, to, user);
    } else {
      await copyFile(from, to);
      await chmod(to, 0o600);
    }
    // PostgreSQL refuses a data folder it does not own.
    if (user) await chown(to, user.uid, user.gid);
  }
}

/**
 * `npm run backup`: backs up the cluster in `dataDir` while npm start serves from it, or, when
 * nothing runs there, starts it just for the backup.
 */
export async function backupDataDir(options: { dataDir: string; outDir: string; onLog?: (line: string) => void }): Promise<BackupSummary> {
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) throw new Error(`there is no PostgreSQL cluster in ${options.dataDir}`);
  if (await runningPostmaster(options.dataDir)) {
    // The lock file's fourth line is the port the running server listens on.
    const port = Number((await readFile(join(options.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[3]);
    return backupCluster({ adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, dataDir: options.dataDir, outDir: options.outDir });
  }
  const pg = await startEmbeddedPostgres({ dataDir: options.dataDir, persistent: true, onLog: options.onLog });
  try {
    return await backupCluster({ adminUrl: pg.adminUrl, dataDir: pg.dataDir!, outDir: options.outDir });
  } finally {
    await pg.stop();
  }
}

/**
 * `npm run restore`: puts the backup in place, then starts the server once, so the WAL is replayed
 * and a broken backup shows now rather than at the next npm start.
 */
export async function restoreDataDir(options: { dataDir: string; fromDir: string; onLog?: (line: string) => void }): Promise<void> {
  const user = serverUser();
  const dataDir = await reachableDataDir(user, options.dataDir);
  await restoreCluster({ fromDir: options.fromDir, dataDir, user });
  const pg = await startEmbeddedPostgres({ dataDir, persistent: true, onLog: options.onLog });
  try {
    const client = new Client({ connectionString: pg.adminUrl });
    await client.connect();
    await client.query('SELECT 1');
    await client.end();
  } finally {
    await pg.stop();
  }
}
