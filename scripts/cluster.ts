/**
 * `npm run start:cluster`: the whole graph as separate OS processes on one machine, as a
 * Kubernetes deployment runs it: PostgreSQL with a database per service and one for the event
 * log, two processes of each subgraph behind a per-request round-robin proxy each, and two
 * gateways behind another proxy on http://localhost:4000. Ctrl-C stops everything in order.
 *
 *   --replicas N   processes per subgraph (2)
 *   --gateways N   gateways (2)
 *   --dist         run the built dist/main.js (npm run build) instead of the sources through tsx
 *   --seed         write the demo data first (off by default)
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { stopWatchdog } from '@praxis/platform';
import { startCluster, type Cluster } from './lib/cluster';
import { assertProductionProfile, stackEnv } from './lib/env';
import { developmentSigningKeysFile, stackLogger } from './lib/stack';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { replicas: { type: 'string', default: '2' }, gateways: { type: 'string', default: '2' }, dist: { type: 'boolean', default: false }, seed: { type: 'boolean', default: false } },
  });
  const replicas = Number(values.replicas);
  const gateways = Number(values.gateways);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 9 || !Number.isInteger(gateways) || gateways < 1 || gateways > 9) {
    process.stderr.write('--replicas and --gateways take a whole number from 1 to 9\n');
    process.exit(2);
  }
  try {
    assertProductionProfile(stackEnv);
  } catch (error) {
    process.stderr.write(`Praxis will not start in production with development settings.\n${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = stackLogger();
  let cluster: Cluster | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    stopWatchdog();
    process.stdout.write('\nStopping the cluster…\n');
    if (cluster) {
      for (const proxy of Object.values(cluster.proxies)) logger.info({ proxy: proxy.name, byInstance: proxy.stats.byInstance, retried: proxy.stats.retried, unavailable: proxy.stats.unavailable }, 'requests per replica');
    }
    await cluster?.stop().catch((error: unknown) => logger.error({ err: error }, 'the cluster did not stop cleanly'));
    process.stdout.write('Cluster stopped.\n');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.off(signal, listener);
    // `on`: a terminal's Ctrl-C arrives twice, from the terminal and relayed by npm.
    process.on(signal, () => void stop(0));
  }
  const started = performance.now();
  try {
    cluster = await startCluster({
      adminUrl: stackEnv.DATABASE_URL,
      dataDir: join(stackEnv.PRAXIS_DATA_DIR, 'cluster'),
      // Beside npm start's own cluster, which keeps its databases in one.
      pgDataDir: join(stackEnv.PRAXIS_DATA_DIR, 'postgres-cluster'),
      pgPort: stackEnv.PRAXIS_PG_PORT + 1,
      servicePassword: stackEnv.DB_SERVICE_PASSWORD,
      replicas,
      gateways,
      ports: 'configured',
      from: values.dist ? 'dist' : 'source',
      inherit: process.env,
      // Every membership replica signs with the same keys, or one's tokens would fail at the other.
      serviceEnv: stackEnv.AUTH_SIGNING_KEYS || stackEnv.AUTH_SIGNING_KEYS_FILE ? {} : { membership: { AUTH_SIGNING_KEYS_FILE: await developmentSigningKeysFile() } },
      seed: values.seed ? 'demo' : undefined,
      echo: true,
      logLevel: stackEnv.LOG_LEVEL,
      prettyLogs: false,
      logger,
    });
  } catch (error) {
    logger.error({ err: error }, 'the cluster failed to start');
    await stop(1);
    return;
  }
  const lines = [
    '',
    `Praxis cluster is ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${Object.values(cluster.replicas).flat().length} processes).`,
    '',
    `  Graph:        ${cluster.url}/graphql   (${gateways} gateways behind a round-robin proxy)`,
    ...Object.entries(cluster.replicas)
      .filter(([name]) => name !== 'gateway')
      .map(([name, list]) => `  ${name.padEnd(13)} ${cluster!.proxies[name]!.url} → ${list.map((replica) => replica.url).join(', ')}`),
    `  Databases:    ${Object.keys(cluster.replicas).filter((name) => name !== 'gateway').map((name) => cluster!.databases.databaseOf(name)).join(', ')}, ${cluster.databases.databaseOf('eventlog')}`,
    '',
    'Every response carries X-Praxis-Instance. Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

void main();
