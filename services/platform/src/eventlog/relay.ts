import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logging/logger';
import { runInBackground } from '../db/query-counter';

export const EVENTLOG_CHANNEL = 'praxis_eventlog';

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  occurred_at: Date;
  payload: unknown;
}

export interface OutboxRelayOptions {
  publisher: string;
  dataSource: DataSource;
  eventlog: Pool;
  logger: Logger;
  batchSize?: number;
  intervalMs?: number;
  /** How long relayed rows stay in the outbox, for diagnosis, before they are deleted. */
  retentionDays?: number;
}

/**
 * Moves committed outbox rows into the event log, assigning each publisher's gap-free sequence.
 *
 * The sequence is assigned here, by one relay at a time (an advisory lock), and not by a
 * sequence at insert time: transactions commit out of order, so numbers taken at insert time
 * would let a consumer read seq 7 before seq 6 becomes visible and skip it for ever.
 * Inserting into the log is idempotent by event id, so a relay that dies between the log
 * commit and marking its outbox rows re-sends nothing twice.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private pending = false;
  private stopped = false;
  private lastCleanup = 0;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Asks for a relay pass soon; calls while one runs coalesce into one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = runInBackground(() => this.relayAll())
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'outbox relay failed; will retry');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.pending) {
          this.pending = false;
          this.kick();
        }
      });
  }

  /** Relays until the outbox is empty. Tests and shutdown use it. */
  async drain(): Promise<number> {
    await this.running?.catch(() => undefined);
    return runInBackground(() => this.relayAll());
  }

  private async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.relayOnce();
      total += moved;
      if (moved === 0) break;
    }
    await this.cleanup();
    return total;
  }

  async relayOnce(): Promise<number> {
    const { dataSource, eventlog, publisher } = this.options;
    const rows: OutboxRow[] = await dataSource.query(
      'SELECT id, type, version, occurred_at, payload FROM outbox WHERE relayed_at IS NULL ORDER BY position LIMIT $1',
      [this.options.batchSize ?? 500],
    );
    if (rows.length === 0) return 0;
    const client = await eventlog.connect();
    // A checked-out client emits connection errors on itself; without a listener they crash the process.
    const onError = (error: Error) => this.options.logger.warn({ err: error }, 'event log connection lost during relay');
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`praxis:relay:${publisher}`]);
      const ids = rows.map((row) => row.id);
      const known = await client.query<{ id: string }>('SELECT id FROM eventlog.events WHERE id = ANY($1::uuid[])', [ids]);
      const seen = new Set(known.rows.map((row) => row.id));
      const fresh = rows.filter((row) => !seen.has(row.id));
      if (fresh.length > 0) {
        await client.query(
          `INSERT INTO eventlog.events (publisher, seq, id, type, version, occurred_at, payload)
           SELECT $1, base.max_seq + t.ord, t.id, t.type, t.version, t.occurred_at, t.payload::jsonb
           FROM (SELECT coalesce(max(seq), 0) AS max_seq FROM eventlog.events WHERE publisher = $1) AS base,
                unnest($2::uuid[], $3::text[], $4::int[], $5::timestamptz[], $6::text[]) WITH ORDINALITY
                  AS t(id, type, version, occurred_at, payload, ord)`,
          [
            publisher,
            fresh.map((row) => row.id),
            fresh.map((row) => row.type),
            fresh.map((row) => row.version),
            fresh.map((row) => row.occurred_at),
            fresh.map((row) => JSON.stringify(row.payload)),
          ],
        );
        await client.query(`SELECT pg_notify($1, $2)`, [EVENTLOG_CHANNEL, publisher]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      client.release();
    }
    await dataSource.query('UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::uuid[])', [rows.map((row) => row.id)]);
    return rows.length;
  }

  private async cleanup(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = now;
    const days = this.options.retentionDays ?? 7;
    await this.options.dataSource.query(`DELETE FROM outbox WHERE relayed_at < now() - make_interval(days => $1)`, [days]);
  }
}
