import { PgBoss, type Db, type Job, type JobResult, type WorkOptions } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import type { Logger } from '../logging/logger';
import { poolOfJobs, watchPool } from '../metrics/pool';
import type { ServiceMetrics } from '../metrics/registry';
import { withServiceMetrics } from '../metrics/scope';

export interface JobDefinition<D extends object = object> {
  name: string;
  handle(data: D, job: Job<D>): Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** How long a finished job is kept. Short for jobs whose data is sensitive, such as emails with tokens. */
  deleteAfterSeconds?: number;
  /** A cron expression; when set, the job is scheduled to recur. */
  cron?: string;
  /** Jobs claimed per fetch. A full batch (of 2 or more) fetches again at once, so a backlog drains without waiting for a poll. */
  batchSize?: number;
  /** How many jobs of a batch run at once. Each job completes or fails (and is retried) on its own. */
  concurrency?: number;
  /** Releases what the handler holds open, such as an SMTP pool, once the queue has stopped. */
  close?(): void | Promise<void>;
}

const DEFAULT_BATCH_SIZE = 5;
const DEFAULT_CONCURRENCY = 1;
/** pg-boss refuses shorter heartbeats. */
export const MIN_HEARTBEAT_SECONDS = 10;
export const DEFAULT_HEARTBEAT_SECONDS = 30;

export interface JobQueueOptions {
  url: string;
  /** The schema pg-boss installs into; each service owns its own. */
  schema: string;
  logger: Logger;
  /** Whether this process works the queues, or only sends to them. */
  workers: boolean;
  /** How often an idle worker looks for jobs that no NOTIFY announced: ones due later, and retries. */
  pollingIntervalSeconds?: number;
  applicationName: string;
  /**
   * How long a running job may go without its worker's heartbeat (sent every half of it) before
   * another worker takes it: a process killed mid-job holds it this long (and up to half as long
   * again, the supervisor's round), not the job's whole expiry.
   */
  heartbeatSeconds?: number;
  /** Where failed runs are counted; the jobs' own work (emails) counts there too. */
  metrics?: ServiceMetrics;
}

/** A queue's jobs by pg-boss state, and how long its oldest due job has waited. */
export interface QueueStats {
  queue: string;
  states: Record<JobState, number>;
  oldestWaitingSeconds: number;
}

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface SendOptions {
  /** Enqueue inside the caller's transaction: the job exists only if the transaction commits. */
  manager?: EntityManager;
  startAfter?: Date;
  singletonKey?: string;
}

/**
 * The service's job queue: pg-boss on PostgreSQL, in the service's own schema.
 * Reminders, link checks and emails all run here (docs/adr/0003-domain-events-and-jobs.md).
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private started = false;

  constructor(private readonly options: JobQueueOptions) {
    const heartbeatSeconds = this.heartbeatSeconds;
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: options.schema,
      application_name: options.applicationName,
      max: 4,
      useListenNotify: true,
      // Provisioning creates the schema, owned by the service's role; the role may not create schemas itself.
      createSchema: false,
      supervise: options.workers,
      schedule: options.workers,
      // The supervisor fails jobs whose heartbeat stopped (and expired ones) once a round; at pg-boss's
      // 60 s a dead worker's job would wait that long again after its heartbeat lapsed.
      superviseIntervalSeconds: Math.max(1, Math.round(heartbeatSeconds / 2)),
      monitorIntervalSeconds: Math.max(1, Math.round(heartbeatSeconds / 2)),
    });
    this.boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  }

  private get heartbeatSeconds(): number {
    return Math.max(MIN_HEARTBEAT_SECONDS, Math.round(this.options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS));
  }

  register<D extends object>(definition: JobDefinition<D>): void {
    if (this.started) throw new Error(`register ${definition.name} before start()`);
    this.definitions.set(definition.name, definition as unknown as JobDefinition<never>);
  }

  async start(): Promise<void> {
    await this.boss.start();
    // pg-boss holds connections of its own, beside the service's pool and the event log's.
    const pool = poolOfJobs(this.boss);
    if (pool && this.options.metrics) watchPool(this.options.metrics, 'jobs', pool);
    for (const definition of this.definitions.values()) {
      const queueOptions = {
        retryLimit: definition.retryLimit ?? 5,
        retryDelay: definition.retryDelaySeconds ?? 10,
        retryBackoff: true,
        expireInSeconds: definition.expireInSeconds ?? 300,
        // A worker that dies mid-job stops its heartbeat; the job is retried within heartbeatSeconds
        // rather than after the whole expiry, which stays the bound for a live but stuck handler.
        heartbeatSeconds: this.heartbeatSeconds,
        deleteAfterSeconds: definition.deleteAfterSeconds ?? 7 * 86_400,
        notify: true,
      };
      await this.boss.createQueue(definition.name, queueOptions);
      // createQueue leaves an existing queue as it was, so a changed definition would otherwise never apply.
      await this.boss.updateQueue(definition.name, queueOptions);
      if (this.options.workers) {
        await this.work(definition);
        if (definition.cron) await this.boss.schedule(definition.name, definition.cron);
      }
    }
    this.started = true;
  }

  private async work(definition: JobDefinition<never>): Promise<void> {
    const pollingIntervalSeconds = this.options.pollingIntervalSeconds ?? 2;
    const concurrency = definition.concurrency ?? DEFAULT_CONCURRENCY;
    await this.boss.work<object, unknown, WorkOptions & { perJobResults: true }>(
      definition.name,
      {
        batchSize: definition.batchSize ?? DEFAULT_BATCH_SIZE,
        pollingIntervalSeconds,
        // With NOTIFY on, pg-boss polls only every 30 s by default, trusting NOTIFY to wake it. Jobs due
        // later and retries send no NOTIFY, and one NOTIFY for a burst wakes a worker once, so the rest
        // of a backlog waited 30 s a batch. The configured interval must hold either way.
        notifyPollingIntervalSeconds: pollingIntervalSeconds,
        burstWhenBatchFull: true,
        // One job's failure fails (and retries) that job alone, not the batch it came in.
        perJobResults: true,
      },
      (jobs) => mapBounded(jobs, concurrency, (job) => this.run(definition, job)),
    );
  }

  private async run(definition: JobDefinition<never>, job: Job<object>): Promise<JobResult> {
    const log = this.options.logger.child({ job: definition.name, jobId: job.id });
    try {
      await withServiceMetrics(this.options.metrics, () => definition.handle(job.data as never, job as never));
      log.debug('job done');
      return { id: job.id, status: 'completed' };
    } catch (error) {
      this.options.metrics?.jobFailures.inc({ queue: definition.name });
      log.warn({ err: error, retryCount: job.retryCount }, 'job failed; pg-boss will retry');
      return { id: job.id, status: 'failed', output: error };
    }
  }

  async send<D extends object>(name: string, data: D, options: SendOptions = {}): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`unknown job ${name}`);
    return this.boss.send(name, data, {
      startAfter: options.startAfter,
      singletonKey: options.singletonKey,
      db: options.manager ? managerDb(options.manager) : undefined,
    });
  }

  /** Enqueues many jobs in one statement. */
  async sendMany<D extends object>(name: string, items: { data: D; startAfter?: Date; singletonKey?: string }[], manager?: EntityManager): Promise<void> {
    if (items.length === 0) return;
    await this.boss.insert(
      name,
      items.map((item) => ({ data: item.data, startAfter: item.startAfter, singletonKey: item.singletonKey })),
      manager ? { db: managerDb(manager) } : undefined,
    );
  }

  /** Jobs waiting or running, per queue; tests wait for zero. */
  async backlog(name: string): Promise<number> {
    // Counted from the jobs themselves: pg-boss's queue counts are a cache its monitor refreshes once a minute.
    const jobs = await this.boss.findJobs(name);
    return jobs.filter((job) => job.state === 'created' || job.state === 'retry' || job.state === 'active').length;
  }

  /**
   * Each registered queue's jobs by state and the wait of its oldest due job (one not scheduled
   * for later), read from the jobs themselves in one statement: pg-boss's own counts are a
   * cache refreshed once a minute.
   */
  async stats(): Promise<QueueStats[]> {
    if (!this.started) return [];
    const names = [...this.definitions.keys()];
    const { rows } = (await this.boss.getDb().executeSql(
      `SELECT name, state::text AS state, count(*)::int AS count,
              extract(epoch FROM now() - min(start_after) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS waited
       FROM "${this.options.schema}".job WHERE name = ANY($1::text[]) GROUP BY name, state`,
      [names],
    )) as { rows: { name: string; state: JobState; count: number; waited: number | null }[] };
    return names.map((queue) => {
      const own = rows.filter((row) => row.name === queue);
      const states = Object.fromEntries(JOB_STATES.map((state) => [state, own.find((row) => row.state === state)?.count ?? 0])) as Record<JobState, number>;
      return { queue, states, oldestWaitingSeconds: Math.max(0, ...own.map((row) => row.waited ?? 0)) };
    });
  }

  /** Finds jobs of a queue, newest first, for tests and admin views. */
  async find<D extends object>(name: string): Promise<{ id: string; data: D; state: string; startAfter: Date }[]> {
    const jobs = await this.boss.findJobs<D>(name);
    return jobs.map((job) => ({ id: job.id, data: job.data, state: job.state, startAfter: (job as unknown as { startAfter: Date }).startAfter }));
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 5_000 });
    for (const definition of this.definitions.values()) await definition.close?.();
  }
}

function managerDb(manager: EntityManager): Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => ({ rows: await manager.query(text, values) }),
  };
}

/** Runs `work` over `items` with at most `limit` in flight, results in item order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
