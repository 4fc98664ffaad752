import { scrub } from '@praxis/platform';
import { ident, withClient, type OpsTarget } from './target';

export interface ConsumerStatus {
  service: string;
  consumer: string;
  publisher: string;
  /** The last event of this publisher the consumer applied. */
  position: number;
  /** The publisher's last event in the log. */
  head: number;
  /** Events of the publisher after the position (of any type: see the note in formatStatus). */
  behind: number;
  /** How long ago the oldest of those entered the log (recorded_at); 0 when none. */
  lagSeconds: number;
  updatedAt: Date;
}

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
type JobState = (typeof JOB_STATES)[number];

export interface QueueStatus {
  service: string;
  queue: string;
  states: Record<JobState, number>;
  /** How long the oldest due job (created or retrying, not scheduled for later) has waited. */
  oldestWaitingSeconds: number;
}

export interface FailedJob {
  service: string;
  id: string;
  queue: string;
  failedAt: Date | null;
  retries: number;
  /** The error's message, shortened, without addresses or tokens. */
  error: string;
}

export interface Status {
  target: string;
  consumers: ConsumerStatus[];
  queues: QueueStatus[];
  failed: FailedJob[];
}

const FAILED_SHOWN = 20;
const ERROR_LENGTH = 140;

async function exists(client: { query: (sql: string, params: unknown[]) => Promise<{ rows: { found: string | null }[] }> }, table: string): Promise<boolean> {
  return (await client.query('SELECT to_regclass($1)::text AS found', [table])).rows[0]?.found != null;
}

/** Reads every service's consumer positions and job queues, and the event log behind them. */
export async function readStatus(target: OpsTarget): Promise<Status> {
  const positions: { service: string; consumer: string; publisher: string; seq: string; updated_at: Date }[] = [];
  const queues: QueueStatus[] = [];
  const failed: FailedJob[] = [];
  for (const service of target.services) {
    await withClient(service.url, async (client) => {
      const table = `${ident(service.schema)}.event_positions`;
      if (await exists(client, table)) {
        const { rows } = await client.query<{ consumer: string; publisher: string; seq: string; updated_at: Date }>(`SELECT consumer, publisher, seq, updated_at FROM ${table} ORDER BY consumer, publisher`);
        positions.push(...rows.map((row) => ({ service: service.name, ...row })));
      }
      const jobs = `${ident(service.jobSchema)}.job`;
      if (!(await exists(client, jobs))) return;
      // pg-boss's own queues (`__pgboss__…`) are its machinery, not work anyone sent.
      const names = (await client.query<{ name: string }>(`SELECT name FROM ${ident(service.jobSchema)}.queue WHERE left(name, 10) <> '__pgboss__' ORDER BY name`)).rows.map((row) => row.name);
      const { rows: counts } = await client.query<{ name: string; state: JobState; count: number; waited: number | null }>(
        `SELECT name, state::text AS state, count(*)::int AS count,
                extract(epoch FROM now() - min(start_after) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS waited
         FROM ${jobs} WHERE left(name, 10) <> '__pgboss__' GROUP BY name, state`,
      );
      for (const queue of [...new Set([...names, ...counts.map((row) => row.name)])].sort()) {
        const own = counts.filter((row) => row.name === queue);
        queues.push({
          service: service.name,
          queue,
          states: Object.fromEntries(JOB_STATES.map((state) => [state, own.find((row) => row.state === state)?.count ?? 0])) as Record<JobState, number>,
          oldestWaitingSeconds: Math.max(0, ...own.map((row) => row.waited ?? 0)),
        });
      }
      const { rows: failures } = await client.query<{ id: string; name: string; completed_on: Date | null; retry_count: number; output: unknown }>(
        `SELECT id, name, completed_on, retry_count, output FROM ${jobs} WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT ${FAILED_SHOWN}`,
      );
      failed.push(...failures.map((row) => ({ service: service.name, id: row.id, queue: row.name, failedAt: row.completed_on, retries: row.retry_count, error: shortError(row.output) })));
    });
  }
  const consumers = await withClient(target.eventlogUrl, async (client) => {
    const heads = new Map<string, number>();
    for (const publisher of new Set(positions.map((row) => row.publisher))) {
      const { rows } = await client.query<{ head: string | null }>('SELECT max(seq) AS head FROM eventlog.events WHERE publisher = $1', [publisher]);
      heads.set(publisher, Number(rows[0]?.head ?? 0));
    }
    const out: ConsumerStatus[] = [];
    for (const row of positions) {
      // By when events entered the log, not when they happened: backdated events are normal.
      const { rows } = await client.query<{ behind: number; seconds: number | null }>(
        'SELECT count(*)::int AS behind, extract(epoch FROM now() - min(recorded_at))::float8 AS seconds FROM eventlog.events WHERE publisher = $1 AND seq > $2',
        [row.publisher, row.seq],
      );
      out.push({
        service: row.service,
        consumer: row.consumer,
        publisher: row.publisher,
        position: Number(row.seq),
        head: heads.get(row.publisher) ?? 0,
        behind: rows[0]?.behind ?? 0,
        lagSeconds: Math.max(0, rows[0]?.seconds ?? 0),
        updatedAt: row.updated_at,
      });
    }
    return out;
  });
  failed.sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0));
  return { target: target.description, consumers, queues, failed: failed.slice(0, FAILED_SHOWN) };
}

/** A failed job's error on one short line; pg-boss keeps what the handler threw as `output`. */
export function shortError(output: unknown): string {
  const message =
    output && typeof output === 'object' && 'message' in output && typeof (output as { message: unknown }).message === 'string'
      ? (output as { message: string }).message
      : JSON.stringify(output ?? null);
  const line = scrub(message).replace(/\s+/g, ' ').trim();
  return line.length > ERROR_LENGTH ? `${line.slice(0, ERROR_LENGTH - 1)}…` : line;
}

export function duration(seconds: number): string {
  if (seconds < 1) return '0 s';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return cells.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** The status as a person reads it at a terminal. */
export function formatStatus(status: Status): string {
  const parts = [`Target: ${status.target}`, ''];
  parts.push('Consumers (lag by when events entered the log, recorded_at)');
  parts.push(
    status.consumers.length === 0
      ? '  none has a position yet'
      : table(
          ['SERVICE', 'CONSUMER', 'PUBLISHER', 'POSITION', 'HEAD', 'BEHIND', 'LAG'],
          status.consumers.map((row) => [row.service, row.consumer, row.publisher, row.position, row.head, row.behind, duration(row.lagSeconds)]),
        ),
  );
  parts.push('  BEHIND counts every event of the publisher after the position. A running consumer moves past the types it does');
  parts.push('  not handle as it polls, so what stays behind is work it has yet to do.');
  parts.push('', 'Job queues');
  parts.push(
    status.queues.length === 0
      ? '  none'
      : table(
          ['SERVICE', 'QUEUE', 'CREATED', 'RETRY', 'ACTIVE', 'COMPLETED', 'FAILED', 'CANCELLED', 'OLDEST WAITING'],
          status.queues.map((row) => [row.service, row.queue, ...JOB_STATES.map((state) => row.states[state]), duration(row.oldestWaitingSeconds)]),
        ),
  );
  parts.push('', `Failed jobs (newest ${FAILED_SHOWN}; retry one with: npm run ops -- retry <id>)`);
  parts.push(
    status.failed.length === 0
      ? '  none'
      : table(
          ['SERVICE', 'ID', 'QUEUE', 'FAILED AT', 'RETRIES', 'ERROR'],
          status.failed.map((row) => [row.service, row.id, row.queue, row.failedAt?.toISOString().slice(0, 19).replace('T', ' ') ?? '', row.retries, row.error]),
        ),
  );
  return `${parts.join('\n')}\n`;
}
