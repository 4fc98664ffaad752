import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { startEmbeddedPostgres, type LocalPostgres } from '../embedded';
import { killCluster } from './helpers';

jest.setTimeout(60_000);

describe('embedded PostgreSQL for npm start (durable)', () => {
  let dataDir: string;
  let pg: LocalPostgres | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'praxis-durability-'));
  });

  afterEach(async () => {
    await pg?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write when the postmaster and its backends are killed mid-burst', async () => {
    pg = await startEmbeddedPostgres({ dataDir, persistent: true });
    const pool = new Pool({ connectionString: pg.adminUrl, max: 12 });
    pool.on('error', () => undefined);
    await pool.query('CREATE TABLE acknowledged (id integer PRIMARY KEY, payload text NOT NULL)');
    // On disk whatever the settings, so a failure shows lost rows rather than a lost table.
    await pool.query('CHECKPOINT');
    const acknowledged: number[] = [];
    let next = 0;
    const writer = async () => {
      for (;;) {
        const id = next++;
        try {
          await pool.query('INSERT INTO acknowledged VALUES ($1, $2)', [id, 'x'.repeat(500)]);
        } catch {
          return;
        }
        acknowledged.push(id);
      }
    };
    const writers = Array.from({ length: 12 }, writer);
    while (acknowledged.length < 400) await new Promise((done) => setTimeout(done, 5));
    await killCluster(dataDir);
    await Promise.all(writers);
    await pool.end().catch(() => undefined);
    await pg.stop();

    pg = await startEmbeddedPostgres({ dataDir, persistent: true });
    const after = new Client({ connectionString: pg.adminUrl });
    await after.connect();
    try {
      const { rows } = await after.query<{ id: number }>('SELECT id FROM acknowledged');
      const present = new Set(rows.map((row) => row.id));
      const lost = acknowledged.filter((id) => !present.has(id));
      expect({ acknowledged: acknowledged.length, lost }).toEqual({ acknowledged: acknowledged.length, lost: [] });
      // A kill cannot show whether the OS cache reached the disk, so read the settings too.
      const settings: Record<string, string> = {};
      for (const name of ['fsync', 'synchronous_commit', 'full_page_writes']) {
        settings[name] = ((await after.query(`SHOW ${name}`)).rows[0] as Record<string, string>)[name]!;
      }
      expect(settings).toEqual({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' });
    } finally {
      await after.end();
    }
  });

  it('keeps the fast settings for throwaway test clusters only', async () => {
    pg = await startEmbeddedPostgres({ dataDir, persistent: true, durability: 'throwaway' });
    // A client, not a pool: a pool's end() resolves before its connections have closed.
    const client = new Client({ connectionString: pg.adminUrl });
    await client.connect();
    try {
      expect((await client.query('SHOW fsync')).rows[0]).toEqual({ fsync: 'off' });
    } finally {
      await client.end();
    }
  });
});
