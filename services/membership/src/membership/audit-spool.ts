import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** An audit record as it waits on disk; dates as ISO strings. */
export interface SpooledRecord {
  id: string;
  occurredAt: string;
  actorId: string | null;
  action: string;
  networkId: string | null;
  communityId: string | null;
  subjectId: string | null;
  detail: Record<string, unknown>;
  address: string | null;
  requestId: string | null;
}

/**
 * The durable local queue of audit records whose insert was too slow for the read that made them
 * (docs/adr/0010-audit-of-privileged-reads.md). A record is on disk, fsynced with its folder,
 * before the read answers; a drain moves it into the table later, idempotently by id.
 */
export class AuditSpool {
  constructor(private readonly dir: string) {}

  async append(record: SpooledRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const final = join(this.dir, `${record.id}.json`);
    const temporary = `${final}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(JSON.stringify(record));
      await file.sync();
    } finally {
      await file.close();
    }
    // The rename makes a record appear whole or not at all; syncing the folder makes the rename last.
    await rename(temporary, final);
    const folder = await open(this.dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  /** The records waiting, oldest file name first; a half-written `.tmp` never counts. */
  async pending(): Promise<{ file: string; record: SpooledRecord }[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: { file: string; record: SpooledRecord }[] = [];
    for (const name of names.filter((entry) => entry.endsWith('.json')).sort()) {
      const file = join(this.dir, name);
      out.push({ file, record: JSON.parse(await readFile(file, 'utf8')) as SpooledRecord });
    }
    return out;
  }

  async remove(file: string): Promise<void> {
    await unlink(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
