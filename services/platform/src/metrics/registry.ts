import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BoundedLabel } from './labels';

/** Seconds; from a fast field lookup to a report that runs for a while. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STATEMENT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Distinct operation names (and error codes) one service labels before the rest count as "other". */
const OPERATION_NAMES_MAX = 300;
const ERROR_CODES_MAX = 64;

let processRegistry: Registry | undefined;

/**
 * CPU, memory, event-loop delay and GC belong to the process, not to a service: `npm start` runs
 * every service in one process, so they are collected once and shown on each of its ports.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export type GaugeCollector = (gauge: Gauge) => Promise<void> | void;

/**
 * One service's metrics, in a registry of its own labelled `service`, so that each port of a
 * combined process (`npm start`) answers for its own service only.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly operations = new BoundedLabel(OPERATION_NAMES_MAX);
  readonly codes = new BoundedLabel(ERROR_CODES_MAX);

  readonly graphqlRequests: Counter<'operation' | 'type'>;
  readonly graphqlErrors: Counter<'operation' | 'code'>;
  readonly graphqlDuration: Histogram<'operation'>;
  readonly statementDuration: Histogram<'pool'>;
  readonly jobFailures: Counter<'queue'>;
  readonly emailsSent: Counter<'template'>;
  readonly emailsFailed: Counter<'template'>;
  private subgraphFetch?: { duration: Histogram<'subgraph'>; errors: Counter<'subgraph' | 'reason'> };

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    const registers = [this.registry];
    this.graphqlRequests = new Counter({ name: 'praxis_graphql_requests_total', help: 'GraphQL operations answered, by operation name and type.', labelNames: ['operation', 'type'], registers });
    this.graphqlErrors = new Counter({ name: 'praxis_graphql_errors_total', help: 'Errors in GraphQL answers, by operation name and extensions.code.', labelNames: ['operation', 'code'], registers });
    this.graphqlDuration = new Histogram({ name: 'praxis_graphql_request_duration_seconds', help: 'Time to answer a GraphQL operation, by operation name.', labelNames: ['operation'], buckets: REQUEST_BUCKETS, registers });
    this.statementDuration = new Histogram({ name: 'praxis_db_statement_duration_seconds', help: 'Time of each SQL statement on a pooled connection, by pool.', labelNames: ['pool'], buckets: STATEMENT_BUCKETS, registers });
    this.jobFailures = new Counter({ name: 'praxis_job_failures_total', help: 'Job runs that failed (each is retried until its limit), by queue.', labelNames: ['queue'], registers });
    this.emailsSent = new Counter({ name: 'praxis_emails_sent_total', help: 'Emails handed to the mail transport, by template.', labelNames: ['template'], registers });
    this.emailsFailed = new Counter({ name: 'praxis_emails_failed_total', help: 'Emails the mail transport refused or could not reach, by template.', labelNames: ['template'], registers });
  }

  /** A gauge whose value is read when Prometheus scrapes; `collect` sets its series. */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect: GaugeCollector): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        try {
          await collect(this as unknown as Gauge);
        } catch {
          // A source that cannot be read (its database is down) shows no series rather than
          // stale ones, and does not fail the scrape of everything else.
          this.reset();
        }
      },
    });
  }

  /** The gateway's view of its subgraphs; created on first use, so subgraphs do not list it. */
  get subgraphFetches() {
    this.subgraphFetch ??= {
      duration: new Histogram({ name: 'praxis_subgraph_fetch_duration_seconds', help: 'Time of the gateway’s calls to a subgraph, answered or not.', labelNames: ['subgraph'], buckets: REQUEST_BUCKETS, registers: [this.registry] }),
      errors: new Counter({ name: 'praxis_subgraph_fetch_errors_total', help: 'Gateway calls to a subgraph that failed: refused, timed out, breaker open, or an error status.', labelNames: ['subgraph', 'reason'], registers: [this.registry] }),
    };
    return this.subgraphFetch;
  }

  /** The exposition text for this service, followed by the process's own metrics. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const [own, shared] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { contentType: this.registry.contentType, body: `${own}\n${shared}` };
  }
}
