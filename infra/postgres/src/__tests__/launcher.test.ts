import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../embedded';
import { reachableBinaries, reachableDataDir, runningAsRoot, serverUser, shippedBinaries } from '../launcher';

jest.setTimeout(60_000);

// Only root hands PostgreSQL to another user, so only root can meet a folder that user cannot enter.
const asRoot = runningAsRoot() ? describe : describe.skip;

asRoot('embedded PostgreSQL started by root from a folder other users cannot enter', () => {
  let privateDir: string;

  beforeEach(async () => {
    // mkdtemp makes the folder 0700, like root's home or `mktemp -d`.
    privateDir = await mkdtemp(join(tmpdir(), 'praxis-private-'));
  });

  afterEach(async () => {
    await rm(privateDir, { recursive: true, force: true });
  });

  it('starts a new cluster there, keeping its data where the server user can reach it behind a link', async () => {
    const configured = join(privateDir, 'checkout', '.praxis', 'postgres');
    const pg = await startEmbeddedPostgres({ dataDir: configured, persistent: false, durability: 'throwaway' });
    try {
      const client = new Client({ connectionString: pg.adminUrl });
      await client.connect();
      expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      await client.end();
      expect(pg.dataDir!.startsWith(privateDir)).toBe(false);
      expect(realpathSync(configured)).toBe(pg.dataDir);
    } finally {
      await pg.stop();
    }
  });

  it('does not move an existing cluster, and says exactly what to do', async () => {
    const configured = join(privateDir, 'postgres');
    mkdirSync(configured);
    writeFileSync(join(configured, 'PG_VERSION'), '18\n');
    await expect(reachableDataDir(serverUser(), configured)).rejects.toThrow(
      `PostgreSQL runs as the unprivileged user "postgres", which cannot reach its data folder ${configured} (${privateDir} does not let it through). ` +
        `Set PRAXIS_DATA_DIR to a folder that user can reach, for example PRAXIS_DATA_DIR=/var/lib/praxis, ` +
        `moving the existing folder there first to keep its data (mkdir -p /var/lib/praxis && mv ${configured} /var/lib/praxis/postgres).`,
    );
  });

  it('runs binaries the server user cannot reach from a root-owned copy it can', async () => {
    const shipped = shippedBinaries();
    const native = dirname(dirname(shipped.postgres));
    const hidden = join(privateDir, 'native');
    expect(spawnSync('cp', ['-a', native, hidden]).status).toBe(0);
    const version = `test-${process.pid}-${Date.now()}`;
    const user = serverUser()!;
    const binaries = await reachableBinaries(user, { version, initdb: join(hidden, 'bin', 'initdb'), postgres: join(hidden, 'bin', 'postgres') });
    try {
      expect(binaries.postgres.startsWith(privateDir)).toBe(false);
      const run = spawnSync(binaries.postgres, ['--version'], { uid: user.uid, gid: user.gid, encoding: 'utf8' });
      expect(run.stdout).toMatch(/^postgres \(PostgreSQL\) 18\./);
    } finally {
      await rm(dirname(dirname(binaries.postgres)), { recursive: true, force: true });
    }
  });
});
