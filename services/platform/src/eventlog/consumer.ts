import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../logging/logger';
import { runInBackground } from '../db/query-counter';
import type { EventDefinition, EventEnvelope } from './envelope';
import { EVENTLOG_CHANNEL } from './relay';

export interface ConsumerDefinition {
  /** Unique within the consuming service; its position is stored under this name. */
  name: string;
  /** The event versions it handles. Others from the same publishers are skipped. */
  events: EventDefinition[];
  /**
   * Applies one event inside the consumer's transaction. Delivery is at least once,
   * so a handler must be idempotent (upserts, "where not already").
   */
  handle(event: EventEnvelope, manager: EntityManager): Promise<void>;
  /**
   * Optional: applies a whole batch at once (in log order), for projections that would
   * otherwise spend one statement per event while backfilling a large history.
   */
  handleBatch?(events: EventEnvelope[], manager: EntityManager): Promise<void>;
}

export interface EventConsumersOptions {
  dataSource: DataSource;
  eventlog: Pool;
  consumers: ConsumerDefinition[];
  logger: Logger;
  batchSize?: number;
  pollMs?: number;
}

interface LogRow {
  id: string;
  publisher: string;
  seq: string;
  type: string;
  version: number;
  occurred_at: Date;
  recorded_at: Date;
  payload: unknown;
}

interface ConsumerState {
  definition: ConsumerDefinition;
  byKey: Map<string, EventDefinition>;
  publishers: string[];
  types: string[];
  running?: Promise<void>;
  /** Publishers with news since the running pass began: read again once it ends. */
  again: Set<string>;
  failures: number;
  retryAt: number;
}

/**
 * Runs a service's consumers of the event log. Each consumer keeps its own position per
 * publisher in the service's `event_positions` table, and applies a batch of events and the
 * new position in one transaction. A new consumer starts at zero, so it backfills everything
 * that happened before it existed, seeded data included.
 */
export class EventConsumers {
  private readonly states: ConsumerState[];
  private listener?: PoolClient;
  private detachListener?: () => void;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = true;

  constructor(private readonly options: EventConsumersOptions) {
    this.states = options.consumers.map((definition) => ({
      definition,
      byKey: new Map(definition.events.map((event) => [`${event.type}@${event.version}`, event])),
      publishers: [...new Set(definition.events.map((event) => event.publisher))],
      types: [...new Set(definition.events.map((event) => event.type))],
      again: new Set(),
      failures: 0,
      retryAt: 0,
    }));
  }

  get names(): string[] {
    return this.states.map((state) => state.definition.name);
  }

  async start(): Promise<void> {
    if (this.states.length === 0) return;
    this.stopped = false;
    await this.listen();
    this.timer = setInterval(() => this.poll(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await Promise.all(this.states.map((state) => state.running?.catch(() => undefined)));
    if (this.listener) {
      const listener = this.listener;
      this.listener = undefined;
      await listener.query(`UNLISTEN ${EVENTLOG_CHANNEL}`).catch(() => undefined);
      this.detachListener?.();
      listener.release();
    }
  }

  /**
   * Asks the consumers to read the log soon. A notification names the publisher that relayed, so
   * only the consumers of that publisher read, and only its part of the log: a service with a
   * dozen consumers of four publishers otherwise answers every event with some fifty statements.
   */
  kick(publisher?: string): void {
    for (const state of this.states) {
      if (publisher === undefined) this.schedule(state, state.publishers);
      else if (state.publishers.includes(publisher)) this.schedule(state, [publisher]);
    }
  }

  /**
   * The poll, for what no NOTIFY announced (a listener that was down, a position moved back by
   * `npm run ops -- replay`): two statements for the whole service, the consumers' positions and
   * the publishers' heads, and only a consumer behind a head reads the log. Reading the log for
   * every consumer and publisher on each tick kept an idle stack of five services at some 400
   * statements a second. A consumer that has caught up stands at the head, as it moves past
   * trailing events it ignores, so being behind is exactly having something to do.
   */
  private poll(): void {
    if (this.stopped || this.polling) return;
    this.polling = runInBackground(async () => {
      const { dataSource, eventlog } = this.options;
      const publishers = [...new Set(this.states.flatMap((state) => state.publishers))];
      const [positions, heads] = await Promise.all([
        dataSource.query('SELECT consumer, publisher, seq FROM event_positions WHERE consumer = ANY($1::text[])', [this.names]) as Promise<{ consumer: string; publisher: string; seq: string }[]>,
        eventlog.query<{ publisher: string; head: string | null }>('SELECT p AS publisher, (SELECT max(seq) FROM eventlog.events WHERE publisher = p) AS head FROM unnest($1::text[]) AS p', [publishers]),
      ]);
      const at = new Map(positions.map((row) => [`${row.consumer}\u0000${row.publisher}`, BigInt(row.seq)]));
      const head = new Map(heads.rows.map((row) => [row.publisher, row.head === null ? null : BigInt(row.head)]));
      for (const state of this.states) {
        const behind = state.publishers.filter((publisher) => {
          const top = head.get(publisher);
          return top != null && (at.get(`${state.definition.name}\u0000${publisher}`) ?? 0n) < top;
        });
        if (behind.length > 0) this.schedule(state, behind);
      }
    })
      .catch((error: unknown) => {
        // The consumers' own reads then meet the same fault, and back off as they do.
        this.options.logger.debug({ err: error }, 'event log poll failed; every consumer reads');
        this.kick();
      })
      .finally(() => {
        this.polling = undefined;
      });
  }

  /** Processes until every consumer has caught up with the log. Tests and backfills use it. */
  async drain(): Promise<void> {
    for (const state of this.states) {
      while (state.running) await state.running;
      await this.exclusively(state, async () => {
        while (await this.runBatch(state, state.publishers)) {
          // keep going until caught up
        }
      });
    }
  }

  private schedule(state: ConsumerState, publishers: string[]): void {
    if (this.stopped || Date.now() < state.retryAt) return;
    if (state.running) {
      for (const publisher of publishers) state.again.add(publisher);
      return;
    }
    void this.exclusively(state, async () => {
      try {
        while (!this.stopped && (await this.runBatch(state, publishers))) {
          // drain what is there
        }
        state.failures = 0;
      } catch (error) {
        state.failures += 1;
        // Ordered projections must not skip an event, so a failing one halts this consumer
        // (and only it) and is retried with back-off until it succeeds or someone fixes it.
        state.retryAt = Date.now() + Math.min(60_000, 500 * 2 ** state.failures);
        this.options.logger.error({ err: error, consumer: state.definition.name }, 'event consumer failed; will retry');
      }
    });
  }

  /**
   * Runs a pass of one consumer while no other pass of it runs in this process: a woken pass and
   * a drain at once would apply the same events in two transactions, and the second would meet
   * the first's rows. News that arrives meanwhile is read once the pass ends. `state.running`
   * never rejects; the pass itself does, to its caller.
   */
  private exclusively(state: ConsumerState, pass: () => Promise<void>): Promise<void> {
    const running = pass();
    state.running = running
      .catch(() => undefined)
      .finally(() => {
        state.running = undefined;
        if (state.again.size > 0) {
          const again = [...state.again];
          state.again.clear();
          this.schedule(state, again);
        }
      });
    return running;
  }

  private runBatch(state: ConsumerState, publishers: string[]): Promise<boolean> {
    return runInBackground(() => this.runBatchNow(state, publishers));
  }

  /**
   * Applies one batch from each publisher; true when a batch came back full, so more may wait.
   * A short batch has read everything up to the head its statement saw, and anything relayed
   * after that statement comes with a NOTIFY of its own (or the poll), so no pass is spent
   * confirming that nothing is left.
   */
  private async runBatchNow(state: ConsumerState, publishers: string[]): Promise<boolean> {
    const { dataSource, eventlog } = this.options;
    const name = state.definition.name;
    let more = false;
    const limit = this.options.batchSize ?? (state.definition.handleBatch ? 1000 : 200);
    for (const publisher of publishers) {
      const positions: { seq: string }[] = await dataSource.query('SELECT seq FROM event_positions WHERE consumer = $1 AND publisher = $2', [name, publisher]);
      const after = positions[0]?.seq ?? '0';
      // One statement, so one snapshot: the publisher's head is read with the batch. Seqs are
      // gap-free and assigned under the relay's lock, so nothing at or below that head can still
      // appear, and a consumer that has seen every event it handles up to the head may move there.
      // Without that, trailing events of types it ignores would count as lag for ever.
      const { rows: found } = await eventlog.query<LogRow & { head: string | null }>(
        `SELECT h.head, e.* FROM (SELECT max(seq) AS head FROM eventlog.events WHERE publisher = $1) AS h
         LEFT JOIN LATERAL (
           SELECT id, publisher, seq, type, version, occurred_at, recorded_at, payload FROM eventlog.events
           WHERE publisher = $1 AND seq > $2 AND type = ANY($3::text[]) ORDER BY seq LIMIT $4
         ) AS e ON true`,
        [publisher, after, state.types, limit],
      );
      const head = found[0]?.head ?? null;
      const rows = found.filter((row) => row.id !== null);
      // A full batch may stop short of events it handles; only a short one has seen all up to the head.
      const through = rows.length < limit && head !== null && BigInt(head) > BigInt(rows[rows.length - 1]?.seq ?? after) ? head : rows[rows.length - 1]?.seq;
      if (rows.length === 0) {
        // Moves past events it ignores; a position that has not moved is not written again.
        if (through !== undefined && through !== after) await this.savePosition(dataSource, name, publisher, through);
        continue;
      }
      await dataSource.transaction(async (manager) => {
        const envelopes: EventEnvelope[] = [];
        for (const row of rows) {
          const definition = state.byKey.get(`${row.type}@${row.version}`);
          // A version this consumer does not know yet is skipped, as its code declared.
          if (!definition) continue;
          envelopes.push({
            id: row.id,
            type: row.type,
            version: row.version,
            publisher: row.publisher,
            seq: Number(row.seq),
            occurredAt: row.occurred_at,
            recordedAt: row.recorded_at,
            payload: definition.schema.parse(row.payload),
          });
        }
        if (state.definition.handleBatch) await state.definition.handleBatch(envelopes, manager);
        else for (const envelope of envelopes) await state.definition.handle(envelope, manager);
        await this.savePosition(manager, name, publisher, through!);
      });
      if (rows.length === limit) more = true;
    }
    return more;
  }

  private async savePosition(db: { query(sql: string, params: unknown[]): Promise<unknown> }, consumer: string, publisher: string, seq: string): Promise<void> {
    await db.query(
      `INSERT INTO event_positions (consumer, publisher, seq, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (consumer, publisher) DO UPDATE SET seq = EXCLUDED.seq, updated_at = now()`,
      [consumer, publisher, seq],
    );
  }

  private async listen(): Promise<void> {
    try {
      const client = await this.options.eventlog.connect();
      // The relay names its publisher in the payload; anything else wakes every consumer.
      const onNotification = (message: { payload?: string }) => this.kick(message.payload || undefined);
      const onError = (error: Error) => {
        client.off('notification', onNotification);
        client.off('error', onError);
        this.options.logger.warn({ err: error }, 'event log listener lost; falling back to polling until it reconnects');
        this.listener = undefined;
        client.release(error);
        if (!this.stopped) setTimeout(() => void this.listen(), 1000).unref();
      };
      client.on('notification', onNotification);
      client.on('error', onError);
      // Once released at stop, the client belongs to the pool: our handlers must not release it again.
      this.detachListener = () => {
        client.off('notification', onNotification);
        client.off('error', onError);
      };
      await client.query(`LISTEN ${EVENTLOG_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not LISTEN on the event log; polling only');
    }
  }
}
