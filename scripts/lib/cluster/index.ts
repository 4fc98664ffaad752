import { join } from 'node:path';
import { gatewayEnv } from '@praxis/gateway';
import { loadServiceModules, parseEnv, readSubgraphs, SeedingClock, type Logger, type RunningService } from '@praxis/platform';
import { seed as seedServices } from '../stack';
import { bootClusterDatabases, type ClusterDatabases } from './databases';
import { startProxy, type Proxy } from './proxy';
import { spawnReplica, tracingEnvOf, type Replica, type RunFrom } from './replica';

export { startProxy, type Proxy, type ProxyStats } from './proxy';
export type { Replica, RunFrom } from './replica';
export type { ClusterDatabases } from './databases';

export interface ClusterOptions {
  /** An administrator connection (DATABASE_URL); embedded PostgreSQL in `dataDir` otherwise. */
  adminUrl?: string;
  /** Mail, uploads and audit spools of the replicas. */
  dataDir: string;
  /** The embedded PostgreSQL's folder, when no adminUrl. */
  pgDataDir: string;
  pgPort: number;
  /** Database names are `<prefix>_<service>`. */
  databasePrefix?: string;
  /** Drop the cluster's databases before provisioning (tests). */
  fresh?: boolean;
  servicePassword: string;
  /** Processes per subgraph, and gateways. */
  replicas?: number;
  gateways?: number;
  /** `configured`: proxies on the ports of schema/subgraphs.json and GATEWAY_PORT, replica n on port + 100·n. */
  ports: 'configured' | 'ephemeral';
  gatewayPort?: number;
  host?: string;
  /** The loopback address proxies connect from; the gateways trust forwarded headers from it alone. */
  proxyAddress?: string;
  from: RunFrom;
  /** The environment a process's own settings are picked from (each takes only the names its env.ts parses, and the OTEL_* ones). */
  inherit: Record<string, string | undefined>;
  /** Settings for every process, then per process name (`membership`, `gateway`), over the derived ones. */
  env?: Record<string, string>;
  serviceEnv?: Record<string, Record<string, string>>;
  /** Demo (or scale) data, written before the replicas start. */
  seed?: 'demo' | 'scale';
  logLevel: string;
  prettyLogs: boolean;
  /** Copy every process's output to this one's, each line after its replica's name. */
  echo?: boolean;
  logger: Logger;
}

export interface Cluster {
  /** The proxy in front of the gateways: where clients go. */
  url: string;
  /** One per subgraph, and `gateway` for the gateways' own. */
  proxies: Record<string, Proxy>;
  /** Per subgraph, and `gateway`. */
  replicas: Record<string, Replica[]>;
  databases: ClusterDatabases;
  /** Replicas stopped and started again, kept for their logs. */
  retired: Replica[];
  /** From the first spawn to every process ready, in ms. */
  readyMs: number;
  /** Starts a stopped or killed replica again in its place (same port), with settings changed. */
  restart(replica: Replica, env?: Record<string, string>): Promise<Replica>;
  stop(): Promise<void>;
}

const prefixOf = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
const pick = (source: Record<string, string | undefined>, names: string[]) =>
  Object.fromEntries(names.flatMap((name) => (source[name] === undefined ? [] : [[name, source[name]!]])));

/**
 * The whole graph as separate OS processes on one machine: PostgreSQL with a database per service,
 * `replicas` processes of each subgraph behind a per-request round-robin proxy each, and
 * `gateways` gateways behind another. Every replica starts at the same moment and migrates under
 * the advisory lock; each process gets only the settings its own env.ts reads.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const host = options.host ?? '127.0.0.1';
  const proxyAddress = options.proxyAddress ?? '127.0.0.2';
  const replicaCount = options.replicas ?? 2;
  const gatewayCount = options.gateways ?? 2;
  const modules = loadServiceModules();
  const entries = readSubgraphs();
  const databases = await bootClusterDatabases({
    adminUrl: options.adminUrl,
    pgDataDir: options.pgDataDir,
    pgPort: options.pgPort,
    prefix: options.databasePrefix ?? 'praxis',
    servicePassword: options.servicePassword,
    fresh: options.fresh,
    logger: options.logger,
  });
  const proxies: Record<string, Proxy> = {};
  const replicas: Record<string, Replica[]> = {};
  const retired: Replica[] = [];
  const stopAll = async () => {
    // The gateways first, then the subgraphs that ask membership, membership last, then PostgreSQL.
    await Promise.all((replicas.gateway ?? []).map((replica) => replica.stop()));
    await proxies.gateway?.close();
    const order = [...entries].reverse().map((entry) => entry.name);
    await Promise.all(order.filter((name) => name !== 'membership').flatMap((name) => (replicas[name] ?? []).map((replica) => replica.stop())));
    await Promise.all((replicas.membership ?? []).map((replica) => replica.stop()));
    for (const [name, proxy] of Object.entries(proxies)) if (name !== 'gateway') await proxy.close();
    await databases.stop();
  };
  try {
    const gatewayPort = options.gatewayPort ?? 4000;
    // Ephemeral: each process listens on port 0 and says where; a port picked here and bound later
    // could be taken in between by anything else on the machine.
    const portOf = (base: number, index: number) => (options.ports === 'configured' ? base + 100 * index : 0);
    const layout: { name: string; directory: string; base: number }[] = [
      ...entries.map((entry) => ({ name: entry.name, directory: `services/${entry.package.replace(/^@praxis\//, '')}`, base: entry.port })),
      { name: 'gateway', directory: 'gateway', base: gatewayPort },
    ];
    const ports: Record<string, number[]> = {};
    for (const part of layout) {
      const count = part.name === 'gateway' ? gatewayCount : replicaCount;
      ports[part.name] = Array.from({ length: count }, (_, index) => portOf(part.base, index + 1));
      proxies[part.name] = await startProxy({
        name: part.name,
        upstreams: ports[part.name]!.map((port) => `http://${host}:${port}`),
        host,
        port: options.ports === 'configured' ? part.base : 0,
        localAddress: proxyAddress,
      });
    }
    const publicUrl = proxies.gateway!.url;
    const membershipUrl = proxies.membership!.url;

    const envFor = (name: string, index: number): Record<string, string> => {
      const common = { NODE_ENV: options.inherit.NODE_ENV ?? 'development', LOG_LEVEL: options.logLevel, LOG_PRETTY: String(options.prettyLogs), HOST: host };
      if (name === 'gateway') {
        const derived = {
          ...common,
          GATEWAY_PORT: String(ports.gateway![index]),
          SUBGRAPH_URLS: entries.map((entry) => `${entry.name}=${proxies[entry.name]!.url}/graphql`).join(','),
          MEMBERSHIP_INTERNAL_URL: membershipUrl,
          PUBLIC_GRAPH_URL: publicUrl,
          TRUST_PROXY: proxyAddress,
          RATE_LIMIT_STORE: 'postgres',
          RATE_LIMIT_DATABASE_URL: databases.gatewayUrl(),
        };
        const own = Object.keys(gatewayEnv.shape);
        const scoped = Object.fromEntries(Object.entries({ ...derived, ...options.env }).filter(([key]) => own.includes(key)));
        return { ...pick(options.inherit, own), ...tracingEnvOf(options.inherit, `gateway#${index + 1}`), ...scoped, ...options.serviceEnv?.gateway };
      }
      const module = modules.find((candidate) => candidate.name === name)!;
      const own = Object.keys(module.env.shape);
      const prefix = prefixOf(name);
      const derived: Record<string, string> = {
        ...common,
        [`${prefix}_PORT`]: String(ports[name]![index]),
        [`${prefix}_DATABASE_URL`]: databases.serviceUrl(name),
        EVENTLOG_DATABASE_URL: databases.eventlogUrl(name),
        MEMBERSHIP_INTERNAL_URL: membershipUrl,
        PUBLIC_GRAPH_URL: publicUrl,
        EMAIL_DIR: join(options.dataDir, 'mail'),
        // One folder for both replicas stands in for the shared storage a deployment gives them.
        RESOURCES_DATA_DIR: join(options.dataDir, 'resources-files'),
        AUDIT_SPOOL_DIR: join(options.dataDir, `audit-spool-${index + 1}`),
      };
      const scoped = Object.fromEntries(Object.entries({ ...derived, ...options.env }).filter(([key]) => own.includes(key)));
      return { ...pick(options.inherit, own), ...tracingEnvOf(options.inherit, `${name}#${index + 1}`), ...scoped, ...options.serviceEnv?.[name] };
    };

    if (options.seed) await seedInProcess(options.seed, options.logger, envFor);

    const started = performance.now();
    for (const part of layout) {
      const count = part.name === 'gateway' ? gatewayCount : replicaCount;
      replicas[part.name] = Array.from({ length: count }, (_, index) =>
        spawnReplica({ name: `${part.name}#${index + 1}`, service: part.name, directory: part.directory, port: ports[part.name]![index]!, host, env: envFor(part.name, index), from: options.from, echo: options.echo }),
      );
    }
    const listed = (replica: Replica) => proxies[replica.service]!.setUpstream(replicas[replica.service]!.indexOf(replica), replica.url);
    await Promise.all(Object.values(replicas).flat().map(async (replica) => (await replica.waitReady(), listed(replica))));
    const readyMs = performance.now() - started;
    options.logger.info({ seconds: Number((readyMs / 1000).toFixed(1)), processes: Object.values(replicas).flat().length }, 'every replica is ready');

    return {
      url: publicUrl,
      proxies,
      replicas,
      databases,
      retired,
      readyMs,
      async restart(replica, env = {}) {
        await replica.stop();
        const part = layout.find((candidate) => candidate.name === replica.service)!;
        const port = options.ports === 'configured' ? replica.port : 0;
        const portSetting = replica.service === 'gateway' ? 'GATEWAY_PORT' : `${prefixOf(replica.service)}_PORT`;
        const again = spawnReplica({ name: replica.name, service: replica.service, directory: part.directory, port, host, env: { ...replica.env, [portSetting]: String(port), ...env }, from: options.from, echo: options.echo });
        retired.push(replica);
        const list = replicas[replica.service]!;
        list[list.indexOf(replica)] = again;
        await again.waitReady();
        if (options.ports === 'ephemeral') listed(again);
        return again;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

/**
 * Seeds the demo through the domain code, in this process, before the replicas start: the demo's
 * history is written on a shared seeding clock that only an in-process run can move.
 */
async function seedInProcess(mode: 'demo' | 'scale', logger: Logger, envFor: (name: string, index: number) => Record<string, string>): Promise<void> {
  const modules = loadServiceModules();
  const clock = new SeedingClock();
  const running: RunningService[] = [];
  let membershipUrl: string | undefined;
  try {
    for (const module of modules) {
      const prefix = prefixOf(module.name);
      const env = { ...envFor(module.name, 0), [`${prefix}_PORT`]: '0', [`${prefix}_WORKERS`]: 'false', ...(membershipUrl ? { MEMBERSHIP_INTERNAL_URL: membershipUrl } : {}) };
      const service = await module.start(module.config(parseEnv(module.env, env)), { clock });
      running.push(service);
      if (module.name === 'membership') membershipUrl = service.url;
    }
    await seedServices({ modules, running, clock, stop: async () => undefined }, mode, logger);
  } finally {
    for (const service of running.reverse()) await service.stop().catch((error: unknown) => logger.error({ err: error }, 'seeding service did not stop cleanly'));
  }
}
