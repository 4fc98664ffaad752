import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { ServiceMetrics } from './registry';

type QueryFn = (...args: unknown[]) => unknown;

const timed = new WeakSet<PoolClient>();
const watched = new WeakMap<ServiceMetrics, Map<string, Pool>>();

/**
 * The pg pool pg-boss opens for itself once started (its typings keep it private); undefined
 * when it runs on a database adapter it was given instead.
 */
export function poolOfJobs(boss: { getDb(): unknown }): Pool | undefined {
  const pool = (boss.getDb() as { pool?: Partial<Pool> }).pool;
  return pool && typeof pool.totalCount === 'number' && typeof pool.on === 'function' ? (pool as Pool) : undefined;
}

/** The pg pool under a TypeORM data source, once it is initialized. */
export function poolOf(dataSource: DataSource): Pool | undefined {
  return (dataSource.driver as unknown as { master?: Pool }).master;
}

/**
 * Reports a pg pool as `pool`: connections in use and idle, callers waiting for one, and the time
 * of every statement sent on its connections. Statements are timed on the connection itself,
 * so the wait for a free connection is in `waiting`, not in statement time.
 */
export function watchPool(metrics: ServiceMetrics, pool: string, instance: Pool): void {
  let pools = watched.get(metrics);
  if (!pools) {
    const known = new Map<string, Pool>();
    pools = known;
    watched.set(metrics, known);
    metrics.gauge('praxis_db_pool_connections', 'Connections a database pool holds, in use or idle.', ['pool', 'state'], (gauge) => {
      gauge.reset();
      for (const [name, each] of known) {
        gauge.set({ pool: name, state: 'in_use' }, each.totalCount - each.idleCount);
        gauge.set({ pool: name, state: 'idle' }, each.idleCount);
      }
    });
    metrics.gauge('praxis_db_pool_waiting', 'Callers waiting for a free connection of a database pool.', ['pool'], (gauge) => {
      gauge.reset();
      for (const [name, each] of known) gauge.set({ pool: name }, each.waitingCount);
    });
  }
  pools.set(pool, instance);
  const observe = (seconds: number) => metrics.statementDuration.observe({ pool }, seconds);
  // Every checkout, not only new connections: some were opened before the pool was watched.
  instance.on('acquire', (client) => timeStatements(client, observe));
}

function timeStatements(client: PoolClient, observe: (seconds: number) => void): void {
  if (timed.has(client)) return;
  timed.add(client);
  const prototype = Object.getPrototypeOf(client) as { query: QueryFn };
  // Looked up on each call, so instrumentation that patches pg's Client later still runs beneath.
  (client as unknown as { query: QueryFn }).query = function timedQuery(this: PoolClient, ...args: unknown[]) {
    const started = performance.now();
    const done = () => observe((performance.now() - started) / 1000);
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = function (this: unknown, ...results: unknown[]) {
        done();
        return (last as QueryFn).apply(this, results);
      };
      return prototype.query.apply(this, args);
    }
    const result = prototype.query.apply(this, args);
    if (result instanceof Promise) void result.then(done, done);
    return result;
  };
}
