import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSupervisedPostgres, type LocalPostgres } from '@praxis/postgres';
import { generateSigningKey } from '@praxis/membership';
import {
  createLogger,
  databaseOf,
  loadServiceModules,
  parseEnv,
  provisionDatabase,
  readSubgraphs,
  serviceRole,
  withCredentials,
  type Logger,
  type RunningService,
  type SeedManifest,
  type ServiceModule,
  SeedingClock,
} from '@praxis/platform';
import { createGateway, gatewayConfig, gatewayEnv, type Gateway } from '@praxis/gateway';
import { progressBar } from './progress';
import { stackEnv } from './env';

export interface Database {
  postgres?: LocalPostgres;
  urlFor(service: string): string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL (embedded, in the data folder, unless DATABASE_URL names one), and
 * provisions the database: a role and schemas per service, and the event log.
 */
export async function bootDatabase(logger: Logger): Promise<Database> {
  const modules = loadServiceModules();
  let postgres: LocalPostgres | undefined;
  let adminUrl = stackEnv.DATABASE_URL;
  let database = adminUrl ? databaseOf(adminUrl) : 'praxis';
  if (!adminUrl) {
    postgres = await startSupervisedPostgres({ dataDir: join(stackEnv.PRAXIS_DATA_DIR, 'postgres'), persistent: true, port: stackEnv.PRAXIS_PG_PORT });
    adminUrl = postgres.adminUrl;
    database = 'praxis';
    logger.info({ port: stackEnv.PRAXIS_PG_PORT, dataDir: postgres.dataDir }, 'embedded PostgreSQL started');
  }
  await provisionDatabase({
    adminUrl,
    database,
    servicePassword: stackEnv.DB_SERVICE_PASSWORD,
    services: modules.map((module) => ({ name: module.name, schema: module.schema, jobSchema: module.jobSchema })),
  });
  const admin = adminUrl;
  return {
    postgres,
    urlFor: (service) => withCredentials(admin, serviceRole(service), stackEnv.DB_SERVICE_PASSWORD, database),
    stop: async () => postgres?.stop(),
  };
}

/** Development signing keys, made once and kept in the data folder so sessions survive restarts. */
export async function developmentSigningKeysFile(): Promise<string> {
  const dir = join(stackEnv.PRAXIS_DATA_DIR, 'keys');
  const file = join(dir, 'signing-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify([await generateSigningKey()], null, 2), { mode: 0o600 });
  }
  JSON.parse(readFileSync(file, 'utf8'));
  return file;
}

export interface StartedServices {
  modules: ServiceModule[];
  running: RunningService[];
  /** Shared by every service: the system's time, except while the demo seed writes history. */
  clock: SeedingClock;
  stop(): Promise<void>;
}

/** Starts every subgraph of schema/subgraphs.json, in order, each parsing its own settings. */
export async function startServices(database: Database, options: { ports: 'configured' | 'ephemeral'; workers?: boolean }): Promise<StartedServices> {
  const modules = loadServiceModules();
  const running: RunningService[] = [];
  const clock = new SeedingClock();
  const derived: Record<string, string> = {
    LOG_LEVEL: stackEnv.LOG_LEVEL,
    LOG_PRETTY: String(stackEnv.LOG_PRETTY),
    AUTH_SIGNING_KEYS_FILE: await developmentSigningKeysFile(),
    EMAIL_DIR: join(stackEnv.PRAXIS_DATA_DIR, 'mail'),
    // Calendar, certificate and library links go through the gateway, the one host browsers reach.
    PUBLIC_GRAPH_URL: gatewayConfig(parseEnv(gatewayEnv, process.env)).publicUrl,
  };
  try {
    for (const entry of readSubgraphs()) {
      const module = modules.find((candidate) => candidate.name === entry.name)!;
      const prefix = entry.name.toUpperCase();
      derived[`${prefix}_DATABASE_URL`] = database.urlFor(entry.name);
      derived[`${prefix}_PORT`] = options.ports === 'configured' ? String(entry.port) : '0';
      if (options.workers === false) derived[`${prefix}_WORKERS`] = 'false';
      // Derived values are defaults: anything set in the environment wins.
      const config = module.config(parseEnv(module.env, { ...derived, ...process.env }));
      const service = await module.start(config, { clock });
      running.push(service);
      if (entry.name === 'membership') derived.MEMBERSHIP_INTERNAL_URL = service.url;
    }
  } catch (error) {
    for (const service of running.reverse()) await service.stop().catch(() => undefined);
    throw error;
  }
  return {
    modules,
    running,
    clock,
    async stop() {
      for (const service of [...running].reverse()) await service.stop();
    },
  };
}

/**
 * Seeds every service in order, sharing one manifest so later services attach their data to
 * the communities and members membership made. Each seeder skips what exists already.
 */
export async function seed(services: StartedServices, mode: 'demo' | 'scale', logger: Logger): Promise<SeedManifest> {
  const manifest: SeedManifest = { networks: {}, communities: {}, members: {}, communityMembers: {} };
  const context = { manifest, logger, progress: progressBar(), randomSeed: stackEnv.PRAXIS_SEED_RANDOM, clock: services.clock };
  for (const [index, module] of services.modules.entries()) {
    await module.seed?.demo(services.running[index]!, context);
  }
  if (mode === 'scale') {
    for (const [index, module] of services.modules.entries()) {
      await module.seed?.scale?.(services.running[index]!, context);
    }
  }
  for (const service of services.running) await service.runtime.drainEvents();
  return manifest;
}

export async function startGateway(services: StartedServices, overrides: Record<string, string> = {}): Promise<{ gateway: Gateway; url: string }> {
  const config = gatewayConfig(
    parseEnv(gatewayEnv, {
      SUBGRAPH_URLS: services.running.map((service) => `${service.name}=${service.url}/graphql`).join(','),
      LOG_LEVEL: stackEnv.LOG_LEVEL,
      LOG_PRETTY: String(stackEnv.LOG_PRETTY),
      ...process.env,
      ...overrides,
    }),
  );
  const gateway = await createGateway(config);
  const url = await gateway.listen(config.port, config.host);
  return { gateway, url };
}

export function stackLogger(): Logger {
  return createLogger({ service: 'praxis', level: stackEnv.LOG_LEVEL, pretty: stackEnv.LOG_PRETTY });
}
