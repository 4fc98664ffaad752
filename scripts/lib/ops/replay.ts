import { resetActivityProjection } from '@praxis/membership';
import { ident, type OpsTarget } from './target';
import { Client } from 'pg';

/** Runs inside the replay's transaction, with the service's schema first on the search path. */
export type ReplayHook = (query: (sql: string) => Promise<unknown>) => Promise<void>;

/**
 * Projections that a replay must empty first, by `<service>:<consumer>`: their handlers skip an
 * event they have seen (by id), so moving the position back alone would rebuild nothing. Every
 * other consumer's handlers are idempotent upserts, and replaying over what they hold is safe.
 */
export const REPLAY_HOOKS: Record<string, ReplayHook> = {
  'membership:member-activity': resetActivityProjection,
};

export interface ReplayRequest {
  service: string;
  consumer: string;
  /** The position to go back to: one for every publisher, or per publisher. */
  from: number | Record<string, number>;
}

export interface ReplayResult {
  positions: { publisher: string; before: number; after: number }[];
  emptied: boolean;
}

/** `<n>` or `publisher=<n>,publisher=<n>`. */
export function parseFrom(text: string): number | Record<string, number> {
  const position = (value: string) => {
    if (!/^\d+$/.test(value)) throw new Error(`--from takes a position (a whole number) or publisher=position pairs, not "${value}"`);
    return Number(value);
  };
  if (!text.includes('=')) return position(text);
  return Object.fromEntries(
    text.split(',').map((pair) => {
      const [publisher, value] = pair.split('=');
      if (!publisher || value === undefined) throw new Error(`--from: "${pair}" is not publisher=position`);
      return [publisher.trim(), position(value.trim())];
    }),
  );
}

/**
 * Moves a consumer back so it applies the log again from `from`, emptying its projection first
 * when it has a hook. Only backwards: skipping events is not a replay. A batch the consumer has
 * in flight when this commits may still write its own later position; stop the service's
 * workers first, or check `status` afterwards.
 */
export async function replay(target: OpsTarget, request: ReplayRequest): Promise<ReplayResult> {
  const service = target.services.find((candidate) => candidate.name === request.service);
  if (!service) throw new Error(`no service "${request.service}"; services: ${target.services.map((candidate) => candidate.name).join(', ')}`);
  const hook = REPLAY_HOOKS[`${service.name}:${request.consumer}`];
  const client = new Client({ connectionString: service.url, application_name: 'praxis-ops' });
  await client.connect();
  try {
    await client.query('BEGIN');
    const positions = `${ident(service.schema)}.event_positions`;
    const { rows } = await client.query<{ publisher: string; seq: string }>(`SELECT publisher, seq FROM ${positions} WHERE consumer = $1 ORDER BY publisher FOR UPDATE`, [request.consumer]);
    if (rows.length === 0) {
      const known = await client.query<{ consumer: string }>(`SELECT DISTINCT consumer FROM ${positions} ORDER BY consumer`);
      throw new Error(`${service.name} has no positions for consumer "${request.consumer}"; its consumers: ${known.rows.map((row) => row.consumer).join(', ') || 'none yet'}`);
    }
    const changes = rows.map((row) => {
      const before = Number(row.seq);
      const after = typeof request.from === 'number' ? request.from : (request.from[row.publisher] ?? before);
      if (after > before) throw new Error(`${request.consumer} is at ${before} of ${row.publisher}; replay goes back, not forward to ${after}`);
      return { publisher: row.publisher, before, after };
    });
    if (typeof request.from === 'object') {
      const unknown = Object.keys(request.from).filter((publisher) => !rows.some((row) => row.publisher === publisher));
      if (unknown.length > 0) throw new Error(`${request.consumer} reads no events of ${unknown.join(', ')}; it reads ${rows.map((row) => row.publisher).join(', ')}`);
    }
    if (hook) {
      if (changes.some((change) => change.after !== 0)) throw new Error(`${service.name}:${request.consumer} is rebuilt from empty: replay it --from 0`);
      await client.query(`SET LOCAL search_path TO ${ident(service.schema)}, public`);
      await hook((sql) => client.query(sql));
    }
    for (const change of changes) {
      await client.query(`UPDATE ${positions} SET seq = $3, updated_at = now() WHERE consumer = $1 AND publisher = $2`, [request.consumer, change.publisher, change.after]);
    }
    await client.query('COMMIT');
    return { positions: changes, emptied: Boolean(hook) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
