import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateSigningKey } from '@praxis/membership';
import { freePort, startSupervisedPostgres, type LocalPostgres } from '@praxis/postgres';
import { createLogger, loadServiceModules, parseEnv, provisionDatabase, readSubgraphs, REPO_ROOT, SeedingClock, serviceRole, withCredentials, type RunningService } from '@praxis/platform';
import { spawnReplica, type Replica } from '../cluster/replica';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { seed as seedServices } from '../stack';

/** The benchmark's own folder: PostgreSQL with the demo seeded once, secrets, Hive Gateway. */
export const BENCH_DIR = join(REPO_ROOT, '.praxis', 'bench');
const DATABASE = 'praxis_bench';
const PASSWORD = 'bench-service-password';

export interface BenchSecrets {
  internalSecret: string;
  env: Record<string, string>;
}

/** Private values for production settings, made once and kept so the seeded data stays readable. */
async function secrets(): Promise<BenchSecrets> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, 'secrets.json');
  if (!existsSync(file)) {
    const made = {
      INTERNAL_AUTH_SECRET: randomBytes(32).toString('base64url'),
      RESOURCES_URL_SIGNING_SECRET: randomBytes(32).toString('base64url'),
      NOTIFICATIONS_UNSUBSCRIBE_SECRET: randomBytes(32).toString('base64url'),
      SECOND_FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      AUTH_SIGNING_KEYS: JSON.stringify([await generateSigningKey()]),
    };
    writeFileSync(file, JSON.stringify(made), { mode: 0o600 });
  }
  const env = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  return { internalSecret: env.INTERNAL_AUTH_SECRET!, env };
}

export interface BenchStack {
  secrets: BenchSecrets;
  /** Each subgraph's own process: name → base URL. */
  subgraphs: Record<string, Replica>;
  praxis: Replica;
  /** The same gateway with in-flight deduplication off, to measure what it gives. */
  praxisNoDedupe: Replica;
  /** With `compareGateway`: the other checkout's gateway, deduplication off, over the same subgraphs. */
  compared?: Replica;
  /** With `countInternalCalls`: what the subgraphs and the gateway asked of membership's internal API. */
  internalCalls?: CountingProxy;
  /** When each process was spawned (Date.now()), by replica name: where its CPU profile starts. */
  spawnedAt: Record<string, number>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra node flags for every process (`--cpu-prof --cpu-prof-dir=…`). */
  nodeOptions?: string;
  /** Settings for the Praxis gateway over the benchmark's own. */
  gatewayEnv?: Record<string, string>;
  /** Route internal calls to membership through a counting proxy (for the profile, not for timing). */
  countInternalCalls?: boolean;
  /** Another checkout (a git worktree sharing this one's node_modules layout), whose gateway runs beside this one's. */
  compareGateway?: string;
  log: (line: string) => void;
}

/**
 * PostgreSQL in the benchmark folder with the demo data (seeded once), then every subgraph and the
 * Praxis gateway as their own processes from source, in production mode, on free ports.
 */
export async function startBenchStack(options: StackOptions): Promise<BenchStack> {
  const secret = await secrets();
  const postgres: LocalPostgres = await startSupervisedPostgres({ dataDir: join(BENCH_DIR, 'postgres'), persistent: true, port: await freePort() });
  const modules = loadServiceModules();
  await provisionDatabase({
    adminUrl: postgres.adminUrl,
    database: DATABASE,
    servicePassword: PASSWORD,
    services: modules.map((module) => ({ name: module.name, schema: module.schema, jobSchema: module.jobSchema })),
  });
  const entries = readSubgraphs();
  const ports = Object.fromEntries(await Promise.all(entries.map(async (entry) => [entry.name, await freePort()] as const)));
  const host = '127.0.0.1';
  const internalCalls = options.countInternalCalls ? await startCountingProxy(`http://${host}:${ports.membership}`) : undefined;
  const membershipUrl = internalCalls?.url ?? `http://${host}:${ports.membership}`;
  const common: Record<string, string> = {
    ...secret.env,
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    HOST: host,
    DB_SERVICE_PASSWORD: PASSWORD,
    MEMBERSHIP_INTERNAL_URL: membershipUrl,
    EMAIL_DIR: join(BENCH_DIR, 'mail'),
    RESOURCES_DATA_DIR: join(BENCH_DIR, 'resources-files'),
    AUDIT_SPOOL_DIR: join(BENCH_DIR, 'audit-spool'),
  };
  const serviceEnv = (name: string, nodeEnv: string): Record<string, string> => {
    const prefix = name.toUpperCase();
    return { ...common, NODE_ENV: nodeEnv, [`${prefix}_PORT`]: String(ports[name]), [`${prefix}_DATABASE_URL`]: withCredentials(postgres.adminUrl, serviceRole(name), PASSWORD, DATABASE), [`${prefix}_WORKERS`]: 'false' };
  };

  const seededMarker = join(BENCH_DIR, 'seeded');
  if (!existsSync(seededMarker)) {
    options.log('seeding the demo data (once)…');
    await seedInProcess(modules, (name) => {
      const { MEMBERSHIP_INTERNAL_URL: _unknownYet, ...env } = serviceEnv(name, 'development');
      return { ...env, [`${name.toUpperCase()}_PORT`]: '0' };
    });
    writeFileSync(seededMarker, new Date().toISOString());
  }

  const extra: Record<string, string> = options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {};
  const subgraphs: Record<string, Replica> = {};
  const spawnedAt: Record<string, number> = {};
  const all: Replica[] = [];
  const stop = async () => {
    await Promise.all(all.filter((replica) => replica.service === 'gateway').map((replica) => replica.stop()));
    await Promise.all(all.filter((replica) => replica.service !== 'gateway').map((replica) => replica.stop()));
    await internalCalls?.close();
    await postgres.stop();
  };
  try {
    for (const entry of entries) {
      spawnedAt[entry.name] = Date.now();
      const replica = spawnReplica({
        name: entry.name,
        service: entry.name,
        directory: `services/${entry.package.replace(/^@praxis\//, '')}`,
        port: ports[entry.name]!,
        host,
        env: { ...serviceEnv(entry.name, 'production'), ...extra },
        from: 'source',
      });
      subgraphs[entry.name] = replica;
      all.push(replica);
    }
    await Promise.all(all.map((replica) => replica.waitReady()));
    const gateway = async (name: string, env: Record<string, string>, directory = 'gateway') => {
      const gatewayPort = await freePort();
      spawnedAt[name] = Date.now();
      const replica = spawnReplica({
        name,
        service: 'gateway',
        directory,
        port: gatewayPort,
        host,
        env: {
          ...common,
          NODE_ENV: 'production',
          GATEWAY_PORT: String(gatewayPort),
          SUBGRAPH_URLS: entries.map((entry) => `${entry.name}=${subgraphs[entry.name]!.url}/graphql`).join(','),
          ADMIN_APP_DIR: join(BENCH_DIR, 'no-admin-app'),
          // The load generator is one address and one member: rate limits would measure themselves.
          RATE_LIMIT_IP_PER_MINUTE: '1000000',
          RATE_LIMIT_MEMBER_PER_MINUTE: '1000000',
          ...env,
          ...extra,
        },
        from: 'source',
      });
      all.push(replica);
      return replica;
    };
    const praxis = await gateway('praxis-gateway', options.gatewayEnv ?? {});
    const praxisNoDedupe = await gateway('praxis-no-dedupe', { ...options.gatewayEnv, SUBGRAPH_DEDUPE: 'false' });
    const compared = options.compareGateway ? await gateway('compared-no-dedupe', { ...options.gatewayEnv, SUBGRAPH_DEDUPE: 'false' }, join(relative(REPO_ROOT, options.compareGateway), 'gateway')) : undefined;
    await Promise.all([praxis.waitReady(), praxisNoDedupe.waitReady(), compared?.waitReady()]);
    return { secrets: secret, subgraphs, praxis, praxisNoDedupe, ...(compared ? { compared } : {}), ...(internalCalls ? { internalCalls } : {}), spawnedAt, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** The demo's history is written on a shared seeding clock, which only an in-process run can move. */
async function seedInProcess(modules: ReturnType<typeof loadServiceModules>, envFor: (name: string) => Record<string, string>): Promise<void> {
  const clock = new SeedingClock();
  const running: RunningService[] = [];
  const logger = createLogger({ service: 'bench', level: 'warn', pretty: false });
  let membershipUrl: string | undefined;
  try {
    for (const module of modules) {
      const env = { ...envFor(module.name), ...(membershipUrl ? { MEMBERSHIP_INTERNAL_URL: membershipUrl } : {}) };
      const service = await module.start(module.config(parseEnv(module.env, env)), { clock });
      running.push(service);
      if (module.name === 'membership') membershipUrl = service.url;
    }
    await seedServices({ modules, running, clock, stop: async () => undefined }, 'demo', logger);
  } finally {
    for (const service of running.reverse()) await service.stop().catch(() => undefined);
  }
}
