import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { runInBackground } from '../db/query-counter';
import type { ConsumerDefinition } from '../eventlog/consumer';
import { JOB_STATES, type JobQueue, type QueueStats } from '../jobs/queue';
import type { ServiceMetrics } from './registry';

/** When the background work of a process counts as behind; its readiness still answers 200. */
export interface HealthThresholds {
  /** A consumer whose oldest unapplied event entered the log longer ago than this (CONSUMER_LAG_DEGRADED_MINUTES). */
  consumerLagDegradedMinutes: number;
  /** A queue whose oldest due job has waited longer than this (JOB_QUEUE_AGE_DEGRADED_MINUTES). */
  queueAgeDegradedMinutes: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { consumerLagDegradedMinutes: 5, queueAgeDegradedMinutes: 10 };

export interface ConsumerLag {
  consumer: string;
  publisher: string;
  /** Events of the types it handles that it has not applied yet. */
  events: number;
  /** How long ago the oldest of them entered the log (recorded_at): backdated events are not lag. */
  seconds: number;
}

/** Scrapes and readiness probes arriving together share one reading. */
const SAMPLE_TTL_MS = 1000;

/**
 * Reads how far a worker process's consumers are behind the event log and how its job queues
 * stand, for `/metrics` (on each scrape) and for readiness. Lag is one statement for the
 * positions and one per publisher, however many consumers read it.
 */
export class BackgroundHealth {
  private readonly cache = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly readers: { consumer: string; publisher: string; types: string[] }[];

  constructor(
    private readonly options: {
      metrics: ServiceMetrics;
      dataSource: DataSource;
      eventlog: Pool;
      consumers: ConsumerDefinition[];
      jobs: JobQueue;
      thresholds?: HealthThresholds;
    },
  ) {
    this.readers = options.consumers.flatMap((consumer) => {
      const publishers = [...new Set(consumer.events.map((event) => event.publisher))];
      return publishers.map((publisher) => ({
        consumer: consumer.name,
        publisher,
        types: [...new Set(consumer.events.filter((event) => event.publisher === publisher).map((event) => event.type))],
      }));
    });
    const { metrics } = options;
    if (this.readers.length > 0) {
      metrics.gauge('praxis_eventlog_consumer_lag_events', 'Events a consumer has not applied yet, by consumer and publisher.', ['consumer', 'publisher'], async (gauge) => {
        const lag = await this.consumerLag();
        gauge.reset();
        for (const { consumer, publisher, events } of lag) gauge.set({ consumer, publisher }, events);
      });
      metrics.gauge('praxis_eventlog_consumer_lag_seconds', 'Age by recorded_at of the oldest event a consumer has not applied; 0 when caught up.', ['consumer', 'publisher'], async (gauge) => {
        const lag = await this.consumerLag();
        gauge.reset();
        for (const { consumer, publisher, seconds } of lag) gauge.set({ consumer, publisher }, seconds);
      });
    }
    metrics.gauge('praxis_job_queue_jobs', 'Jobs in a queue, by pg-boss state.', ['queue', 'state'], async (gauge) => {
      const queues = await this.queues();
      gauge.reset();
      for (const { queue, states } of queues) for (const state of JOB_STATES) gauge.set({ queue, state }, states[state]);
    });
    metrics.gauge('praxis_job_queue_oldest_waiting_seconds', 'How long the oldest due job of a queue has waited (created or retrying); 0 when none waits.', ['queue'], async (gauge) => {
      const queues = await this.queues();
      gauge.reset();
      for (const { queue, oldestWaitingSeconds } of queues) gauge.set({ queue }, oldestWaitingSeconds);
    });
  }

  private get thresholds(): HealthThresholds {
    return this.options.thresholds ?? DEFAULT_HEALTH_THRESHOLDS;
  }

  consumerLag(): Promise<ConsumerLag[]> {
    return this.sampled('lag', () => runInBackground(() => this.readLag()));
  }

  queues(): Promise<QueueStats[]> {
    return this.sampled('queues', () => this.options.jobs.stats());
  }

  /**
   * What readiness adds to its body: each consumer's lag and each queue's state, and
   * `status: 'degraded'` with the reasons when one is behind. It never throws: work piling up
   * is a reason to look, not to take the process out of rotation.
   */
  async check(): Promise<Record<string, unknown>> {
    const degraded: string[] = [];
    const details: Record<string, unknown> = {};
    if (this.readers.length > 0) {
      try {
        const consumers: Record<string, { events: number; seconds: number }> = {};
        for (const { consumer, events, seconds } of await this.consumerLag()) {
          const entry = (consumers[consumer] ??= { events: 0, seconds: 0 });
          entry.events += events;
          entry.seconds = Math.max(entry.seconds, seconds);
        }
        for (const [name, entry] of Object.entries(consumers)) {
          if (entry.seconds > this.thresholds.consumerLagDegradedMinutes * 60) degraded.push(`consumer ${name} is ${duration(entry.seconds)} behind the event log`);
          entry.seconds = Math.round(entry.seconds);
        }
        details.consumers = consumers;
      } catch {
        degraded.push('the event log cannot be read');
      }
    }
    try {
      const queues: Record<string, { waiting: number; active: number; failed: number; oldestWaitingSeconds: number }> = {};
      for (const { queue, states, oldestWaitingSeconds } of await this.queues()) {
        queues[queue] = { waiting: states.created + states.retry, active: states.active, failed: states.failed, oldestWaitingSeconds: Math.round(oldestWaitingSeconds) };
        if (oldestWaitingSeconds > this.thresholds.queueAgeDegradedMinutes * 60) degraded.push(`queue ${queue} has a job waiting for ${duration(oldestWaitingSeconds)}`);
      }
      details.queues = queues;
    } catch {
      degraded.push('the job queues cannot be read');
    }
    return degraded.length > 0 ? { status: 'degraded', degraded, ...details } : details;
  }

  private async readLag(): Promise<ConsumerLag[]> {
    const { dataSource, eventlog } = this.options;
    const positions = (await dataSource.query('SELECT consumer, publisher, seq FROM event_positions WHERE consumer = ANY($1::text[])', [
      [...new Set(this.readers.map((reader) => reader.consumer))],
    ])) as { consumer: string; publisher: string; seq: string }[];
    const after = (consumer: string, publisher: string) => positions.find((row) => row.consumer === consumer && row.publisher === publisher)?.seq ?? '0';
    const publishers = [...new Set(this.readers.map((reader) => reader.publisher))];
    const perPublisher = await Promise.all(
      publishers.map(async (publisher) => {
        const readers = this.readers.filter((reader) => reader.publisher === publisher).map((reader) => ({ consumer: reader.consumer, after: after(reader.consumer, publisher), types: reader.types }));
        const { rows } = await eventlog.query<{ consumer: string; events: number; seconds: number | null }>(
          `SELECT c.consumer, count(e.seq)::int AS events, extract(epoch FROM now() - min(e.recorded_at))::float8 AS seconds
           FROM jsonb_to_recordset($2::jsonb) AS c(consumer text, after bigint, types text[])
           LEFT JOIN eventlog.events e ON e.publisher = $1 AND e.seq > c.after AND e.type = ANY(c.types)
           GROUP BY c.consumer`,
          [publisher, JSON.stringify(readers)],
        );
        return rows.map((row) => ({ consumer: row.consumer, publisher, events: row.events, seconds: Math.max(0, row.seconds ?? 0) }));
      }),
    );
    return perPublisher.flat();
  }

  private sampled<T>(key: string, read: () => Promise<T>): Promise<T> {
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < SAMPLE_TTL_MS) return cached.value as Promise<T>;
    const value = read();
    this.cache.set(key, { at: Date.now(), value });
    void value.catch(() => this.cache.delete(key));
    return value;
  }
}

function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} minutes`;
}
