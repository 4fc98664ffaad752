import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { backupCluster, restoreCluster } from '../backup';
import { startEmbeddedPostgres, type LocalPostgres } from '../embedded';
import { serverUser } from '../launcher';

jest.setTimeout(60_000);

async function connect(pg: LocalPostgres): Promise<Client> {
  const client = new Client({ connectionString: pg.adminUrl });
  await client.connect();
  return client;
}

describe('backup and restore of the embedded cluster', () => {
  let work: string;
  let pg: LocalPostgres | undefined;

  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'praxis-backup-'));
    // Reachable by the server user when run as root (launcher.test.ts covers a private folder).
    await chmod(work, 0o755);
  });

  afterEach(async () => {
    await pg?.stop();
    pg = undefined;
    await rm(work, { recursive: true, force: true });
  });

  it('backs up while a writer runs, and a wiped cluster restored from it has exactly the data of the backup', async () => {
    const dataDir = join(work, 'postgres');
    const outDir = join(work, 'backup');
    pg = await startEmbeddedPostgres({ dataDir, persistent: true });
    const setup = await connect(pg);
    await setup.query('CREATE TABLE items (id integer PRIMARY KEY, phase text NOT NULL)');
    await setup.query("INSERT INTO items SELECT n, 'before' FROM generate_series(1, 100) AS n");

    // One writer, one row at a time: what it wrote is always a prefix of the ids it was given.
    const writer = await connect(pg);
    const written: number[] = [];
    let writing = true;
    const writes = (async () => {
      for (let id = 1001; writing; id++) {
        await writer.query("INSERT INTO items VALUES ($1, 'during')", [id]);
        written.push(id);
      }
    })();
    while (written.length < 50) await new Promise((done) => setTimeout(done, 5));
    const writtenBeforeBackup = written.length;
    const summary = await backupCluster({ adminUrl: pg.adminUrl, dataDir, outDir });
    writing = false;
    await writes;
    await writer.end();
    await setup.query("INSERT INTO items SELECT n, 'after' FROM generate_series(5001, 5050) AS n");
    await setup.end();
    await pg.stop();

    await rm(dataDir, { recursive: true, force: true });
    await restoreCluster({ fromDir: outDir, dataDir, user: serverUser() });
    pg = await startEmbeddedPostgres({ dataDir, persistent: true });
    const restored = await connect(pg);
    try {
      const rows = (await restored.query<{ id: number; phase: string }>('SELECT id, phase FROM items ORDER BY id')).rows;
      const during = rows.filter((row) => row.phase === 'during').map((row) => row.id);
      expect(rows.filter((row) => row.phase === 'before')).toHaveLength(100);
      expect(rows.filter((row) => row.phase === 'after')).toEqual([]);
      expect(during.length).toBeGreaterThanOrEqual(writtenBeforeBackup);
      expect(during).toEqual(written.slice(0, during.length));
      expect(summary.walFiles).toBeGreaterThan(0);
    } finally {
      await restored.end();
    }
  });

  it('refuses to restore over a running cluster', async () => {
    const dataDir = join(work, 'postgres');
    pg = await startEmbeddedPostgres({ dataDir, persistent: true, durability: 'throwaway' });
    await backupCluster({ adminUrl: pg.adminUrl, dataDir, outDir: join(work, 'backup') });
    await expect(restoreCluster({ fromDir: join(work, 'backup'), dataDir })).rejects.toThrow(/PostgreSQL is running on .* stop Praxis first/);
  });
});
