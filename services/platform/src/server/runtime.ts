import { Pool } from 'pg';
import type { DataSource, EntityManager, EntitySchema, MixedList } from 'typeorm';
import { systemClock, type Clock } from '../clock';
import { assertProductionSafe } from '../config/env';
import { createServiceDataSource } from '../db/datasource';
import { runMigrationsLocked } from '../db/migrate';
import { EventConsumers, type ConsumerDefinition } from '../eventlog/consumer';
import { OutboxRelay } from '../eventlog/relay';
import { InternalAuth } from '../identity/assertion';
import { JobQueue } from '../jobs/queue';
import { createLogger, type Logger } from '../logging/logger';
import { BackgroundHealth, type HealthThresholds } from '../metrics/background';
import { poolOf, watchPool } from '../metrics/pool';
import { ServiceMetrics } from '../metrics/registry';
import type { HttpService } from './http-service';

/** What every service process needs to know, whichever service it is. */
export interface ServiceRuntimeConfig {
  service: string;
  /** The PostgreSQL schema the service owns. */
  schema: string;
  /** The schema its job queue owns. */
  jobSchema: string;
  databaseUrl: string;
  /** Where the event log lives; the service's own database unless it has moved. */
  eventlogUrl?: string;
  poolSize: number;
  nodeEnv: 'development' | 'test' | 'production';
  logLevel: string;
  prettyLogs: boolean;
  internalSecret: string;
  introspection: boolean;
  /** Whether this process works jobs and runs event consumers, or only serves requests. */
  workers: boolean;
  migrateOnStart: boolean;
  /** How often consumers look for new events in the log (EVENTLOG_POLL_MS). */
  eventsPollMs: number;
  jobsPollSeconds: number;
  /** JOBS_HEARTBEAT_SECONDS: how soon a job whose worker died is taken again; the queue's default when omitted. */
  jobsHeartbeatSeconds?: number;
  host: string;
  port: number;
  /** Said once at start-up, such as a deprecated setting still in use. */
  warnings?: string[];
  /** When consumers and queues count as behind in readiness; the defaults when omitted. */
  health?: HealthThresholds;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** The time the service acts on; tests pass a TestClock they can move. */
  clock?: Clock;
}

export interface RuntimeParts {
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
}

/**
 * The infrastructure of one service process: its database, migrations, outbox relay, event
 * consumers, job queue and HTTP server, started and stopped in the right order.
 */
export class ServiceRuntime {
  readonly logger: Logger;
  readonly auth: InternalAuth;
  readonly relay: OutboxRelay;
  readonly jobs: JobQueue;
  readonly eventlog: Pool;
  readonly clock: Clock;
  /** This service's Prometheus registry, served at /metrics. */
  readonly metrics: ServiceMetrics;
  private background?: BackgroundHealth;
  private consumers?: EventConsumers;
  private readonly servers: HttpService[] = [];
  private stoppingServer?: Promise<void>;
  private stoppingBackground?: Promise<void>;
  private stoppingDatabase?: Promise<void>;
  private migrationsCurrent = false;
  private readonly ds;

  constructor(readonly config: ServiceRuntimeConfig, parts: RuntimeParts, options: RuntimeOptions | Logger = {}) {
    assertProductionSafe({ nodeEnv: config.nodeEnv, internalSecret: config.internalSecret });
    const { logger, clock } = isLogger(options) ? { logger: options, clock: undefined } : options;
    this.logger = logger ?? createLogger({ service: config.service, level: config.logLevel, pretty: config.prettyLogs });
    for (const warning of config.warnings ?? []) this.logger.warn(warning);
    this.clock = clock ?? systemClock;
    this.auth = new InternalAuth(config.internalSecret);
    this.ds = createServiceDataSource({
      url: config.databaseUrl,
      schema: config.schema,
      entities: parts.entities,
      migrations: parts.migrations,
      poolSize: config.poolSize,
      applicationName: `praxis-${config.service}`,
      logger: this.logger,
    });
    this.eventlog = new Pool({ connectionString: config.eventlogUrl ?? config.databaseUrl, max: 4, application_name: `praxis-${config.service}-eventlog` });
    this.eventlog.on('error', (error) => this.logger.warn({ err: error }, 'event log connection error'));
    this.metrics = new ServiceMetrics(config.service);
    watchPool(this.metrics, 'eventlog', this.eventlog);
    this.relay = new OutboxRelay({ publisher: config.service, dataSource: this.ds.dataSource, eventlog: this.eventlog, logger: this.logger });
    this.jobs = new JobQueue({
      url: config.databaseUrl,
      schema: config.jobSchema,
      logger: this.logger,
      workers: config.workers,
      pollingIntervalSeconds: config.jobsPollSeconds,
      heartbeatSeconds: config.jobsHeartbeatSeconds,
      applicationName: `praxis-${config.service}-jobs`,
      metrics: this.metrics,
    });
  }

  get db() {
    return this.ds.dataSource;
  }

  /** Counts the SQL statements this service sends; tests read it. */
  get queries() {
    return this.ds.queries;
  }

  /** Connects to the database and applies pending migrations under an advisory lock. */
  async init(): Promise<void> {
    await this.ds.dataSource.initialize();
    const pool = poolOf(this.ds.dataSource);
    if (pool) watchPool(this.metrics, 'main', pool);
    if (this.config.migrateOnStart) {
      const applied = await runMigrationsLocked(this.ds.dataSource, this.config.schema);
      if (applied.length > 0) this.logger.info({ applied }, 'migrations applied');
    }
  }

  /**
   * Runs a unit of work in one transaction. Events published inside it are relayed right after
   * it commits; if it fails nothing is written, the events included.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.ds.dataSource.transaction((manager) => {
      if (manager.queryRunner) manager.queryRunner.data = { ...(manager.queryRunner.data as object), clock: this.clock };
      return work(manager);
    });
    this.relay.kick();
    return result;
  }

  /** Starts the job queue, the relay and, in worker processes, the event consumers. */
  async startBackground(consumers: ConsumerDefinition[] = []): Promise<void> {
    await this.jobs.start();
    this.relay.start();
    if (this.config.workers && consumers.length > 0) {
      this.consumers = new EventConsumers({ dataSource: this.ds.dataSource, eventlog: this.eventlog, consumers, logger: this.logger, pollMs: this.config.eventsPollMs });
      await this.consumers.start();
    }
    // Only the process that works the queues and runs the consumers reports them, so replicas
    // that only serve requests add no duplicate series.
    if (this.config.workers) {
      this.background = new BackgroundHealth({ metrics: this.metrics, dataSource: this.ds.dataSource, eventlog: this.eventlog, consumers, jobs: this.jobs, thresholds: this.config.health });
    }
  }

  async serve(server: HttpService): Promise<string> {
    this.servers.push(server);
    const url = await server.listen(this.config.port, this.config.host);
    this.logger.info({ url: `${url}/graphql` }, 'subgraph listening');
    return url;
  }

  /**
   * A second listener for routes that only other Praxis processes call, on a port of its own so
   * a network policy can let them reach it without reaching the public GraphQL. Drained and
   * closed with the main server.
   */
  async serveInternal(server: HttpService, port: number): Promise<string> {
    this.servers.push(server);
    const url = await server.listen(port, this.config.host);
    this.logger.info({ url }, 'internal routes listening');
    return url;
  }

  /**
   * Ready to serve: the database answers and every migration this build carries is applied, so a
   * replica that starts beside the one migrating (or with migrations left to a Job) waits out of
   * rotation. Migrations do not come undone, so once current only the database is asked.
   * Migrations applied by a newer build during a rolling update do not make this one unready.
   * A worker adds its consumers' lag and its queues to the body, "degraded" when one is behind.
   */
  async ready(): Promise<void | Record<string, unknown>> {
    if (this.migrationsCurrent) {
      await this.ds.dataSource.query('SELECT 1');
    } else {
      const pending = await pendingMigrations(this.ds.dataSource, this.config.schema);
      if (pending.length > 0) throw new Error(`${pending.length} migration${pending.length === 1 ? '' : 's'} not applied yet`);
      this.migrationsCurrent = true;
    }
    return this.background?.check();
  }

  /** Relays every pending event and lets every consumer catch up. */
  async drainEvents(): Promise<void> {
    await this.relay.drain();
    await this.consumers?.drain();
  }

  /** Readiness answers 503 from now on; requests are still served until stopServing(). */
  beginShutdown(): void {
    for (const server of this.servers) server.beginShutdown();
  }

  /** Stops accepting requests and waits for those in flight, which still have the database. */
  stopServing(): Promise<void> {
    this.stoppingServer ??= Promise.all(this.servers.map((server) => server.close())).then(() => undefined);
    return this.stoppingServer;
  }

  /**
   * Stops consumers and job workers at a clean point: a consumer batch commits or rolls back
   * whole, and pg-boss waits a few seconds for running jobs before handing them back to the queue.
   */
  stopBackground(): Promise<void> {
    this.stoppingBackground ??= (async () => {
      const started = performance.now();
      await this.consumers?.stop();
      await this.relay.stop();
      if (this.ds.dataSource.isInitialized) await this.relay.drain().catch((error: unknown) => this.logger.warn({ err: error }, 'could not relay the last events; they stay in the outbox'));
      await this.jobs.stop();
      this.logger.debug({ ms: Math.round(performance.now() - started) }, 'consumers and job workers stopped');
    })();
    return this.stoppingBackground;
  }

  /** Stops in order: requests in flight, then background work, then the database. Safe to call again. */
  async stop(): Promise<void> {
    this.beginShutdown();
    await this.stopServing();
    await this.stopBackground();
    this.stoppingDatabase ??= (async () => {
      await this.eventlog.end();
      if (this.ds.dataSource.isInitialized) await this.ds.dataSource.destroy();
    })();
    await this.stoppingDatabase;
  }
}

/** The names of this build's migrations that the service's migrations table does not list. */
async function pendingMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const known = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  if (known.length === 0) return [];
  let applied: Set<string>;
  try {
    const rows = (await dataSource.query(`SELECT name FROM ${dataSource.driver.escape(schema)}.migrations`)) as { name: string }[];
    applied = new Set(rows.map((row) => row.name));
  } catch (error) {
    // No migrations table yet: nothing has been applied. Anything else (no connection) is unready as it is.
    if ((error as { driverError?: { code?: string } }).driverError?.code !== '42P01') throw error;
    applied = new Set();
  }
  return known.filter((name) => !applied.has(name));
}

function isLogger(value: RuntimeOptions | Logger): value is Logger {
  return typeof (value as Logger).info === 'function';
}
