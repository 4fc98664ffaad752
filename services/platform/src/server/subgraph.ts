import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { FastifyInstance } from 'fastify';
import type { DocumentNode } from 'graphql';
import type { MixedList } from 'typeorm';
import type { z } from 'zod';
import { Access } from '../access/access';
import { HttpAccessSource } from '../access/http-source';
import { HttpMemberContacts } from '../access/member-contacts';
import type { AccessSource } from '../access/types';
import type { Clock } from '../clock';
import { parseEnv } from '../config/env';
import { DEFAULT_MEMBERSHIP_INTERNAL_URL, sharedSubgraphConfig, sharedSubgraphEnv, type SharedSubgraphEnv, type SubgraphConfig, type SubgraphIdentity } from '../config/subgraph-env';
import type { ConsumerDefinition } from '../eventlog/consumer';
import type { Viewer } from '../identity/viewer';
import type { Logger } from '../logging/logger';
import type { RequestBase } from './plugins';
import { migrateService, runMigrateCommand, type Migratable, type MigrateResult } from './migrate-command';
import { runProcess } from './process';
import { ServiceRuntime, type ServiceRuntimeConfig } from './runtime';
import type { RunningService, ServiceModule } from './service-module';
import { createHttpService } from './http-service';
import { createSubgraphServer, type SubgraphServer } from './subgraph-server';

/** A started subgraph: the runtime, its domain, its server, and a permission client per viewer. */
export interface RunningSubgraph<Domain, Ctx extends RequestBase> extends RunningService {
  domain: Domain;
  server: SubgraphServer<Ctx>;
  /** Where its internal routes answer: its own port when it has one, else the GraphQL server's. */
  internalUrl: string;
  /** The permission client for one viewer, as a request would build it: for seeding and tests. */
  access(viewer: Viewer): Access;
}

/** What `wire` is given besides the runtime and config. */
export interface WireKit {
  /** The process's one client for membership's permission answers; closed when the service stops. */
  membershipAccess(): AccessSource;
  /** The process's one client for members' addresses and names, for services that send messages; closed when the service stops. */
  memberContacts(): HttpMemberContacts;
  /** The URL the server listens on, once it does; null while wiring. */
  listeningUrl(): string | null;
  /** Something to close after the runtime has stopped, such as a connection pool the domain holds. */
  onStop(close: () => Promise<void> | void): void;
}

/** What a service's domain wiring hands back to the skeleton. */
export interface Wiring<Domain, Ctx extends RequestBase> {
  domain: Domain;
  /** Where this service's Access asks for permissions. */
  access: AccessSource;
  /** The event consumers this service runs in worker processes. */
  consumers?: ConsumerDefinition[];
  /** The per-request context, given the request's viewer and its Access. */
  context(base: RequestBase & { access: Access }): Ctx;
  /** Routes beside /graphql (files, calendars). */
  routes?(app: FastifyInstance): void;
  /**
   * Routes only other Praxis processes call. With a port they get a listener of their own (with
   * its own health routes), so a network policy can tell them from the public GraphQL; without
   * one they sit beside /graphql.
   */
  internal?: { port?: number; routes(app: FastifyInstance): void };
}

export interface SubgraphDefinition<Own extends z.ZodObject, Config extends { runtime: ServiceRuntimeConfig }, Domain, Ctx extends RequestBase> extends SubgraphIdentity {
  typeDefs: DocumentNode;
  resolvers: unknown;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** Only the service's own settings; the shared ones are added here. */
  env: Own;
  /** Its config from its own settings and the shared config; the shared config alone when omitted. */
  config?(own: z.infer<Own>, shared: SubgraphConfig): Config;
  /** Domain wiring only: build the domain, register jobs, name consumers, build the context. */
  wire(runtime: ServiceRuntime, config: Config, kit: WireKit): Wiring<Domain, Ctx> | Promise<Wiring<Domain, Ctx>>;
  seed?: ServiceModule<z.ZodObject, Config, RunningSubgraph<Domain, Ctx>>['seed'];
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
}

export type Subgraph<Config, Domain, Ctx extends RequestBase> = ServiceModule<z.ZodObject, Config, RunningSubgraph<Domain, Ctx>> & {
  start(config: Config, options?: StartOptions): Promise<RunningSubgraph<Domain, Ctx>>;
  /** Parses an environment (process.env, or a test's settings) into this service's config. */
  configFrom(source: Record<string, string | undefined>): Config;
  /** Applies its pending migrations under the advisory lock and closes its connections: `main.js migrate`. */
  migrate(config: Config, options?: { logger?: Logger }): Promise<MigrateResult>;
};

/**
 * One subgraph from its domain parts: the shared settings, the runtime, the server and the order
 * of start and stop are written here once, so a service's index.ts holds only its domain wiring.
 */
export function defineSubgraph<Own extends z.ZodObject, Config extends { runtime: ServiceRuntimeConfig }, Domain, Ctx extends RequestBase>(
  definition: SubgraphDefinition<Own, Config, Domain, Ctx>,
): Subgraph<Config, Domain, Ctx> {
  const schemaName = definition.schema ?? definition.name;
  const fullEnv = sharedSubgraphEnv(definition).extend(definition.env.shape);
  const config = (value: z.infer<typeof fullEnv>): Config => {
    const shared = sharedSubgraphConfig(definition, value as unknown as SharedSubgraphEnv);
    return definition.config ? definition.config(value as unknown as z.infer<Own>, shared) : (shared as unknown as Config);
  };

  async function start(config: Config, options: StartOptions = {}): Promise<RunningSubgraph<Domain, Ctx>> {
    const runtime = new ServiceRuntime(config.runtime, { entities: definition.entities, migrations: definition.migrations }, options);
    let membership: HttpAccessSource | undefined;
    let contacts: HttpMemberContacts | undefined;
    let listening: string | null = null;
    const closers: (() => Promise<void> | void)[] = [];
    const stop = async () => {
      await runtime.stop();
      await membership?.close();
      await contacts?.close();
      for (const close of closers) await close();
    };
    const internalClient = () => ({ timeoutMs: (config as Partial<SubgraphConfig>).internalApiTimeoutMs, logger: runtime.logger });
    const kit: WireKit = {
      // One client (and connection pool) per process; the Access built from it per request holds
      // that request's answers only, so permissions stay live.
      membershipAccess: () => (membership ??= new HttpAccessSource((config as Partial<SubgraphConfig>).membershipUrl ?? DEFAULT_MEMBERSHIP_INTERNAL_URL, runtime.auth, definition.name, internalClient())),
      memberContacts: () => (contacts ??= new HttpMemberContacts((config as Partial<SubgraphConfig>).membershipUrl ?? DEFAULT_MEMBERSHIP_INTERNAL_URL, runtime.auth, definition.name, internalClient())),
      listeningUrl: () => listening,
      onStop: (close) => void closers.push(close),
    };
    try {
      await runtime.init();
      const wiring = await definition.wire(runtime, config, kit);
      await runtime.startBackground(wiring.consumers ?? []);
      const server = await createSubgraphServer<Ctx>({
        name: definition.name,
        schema: buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers: definition.resolvers as GraphQLResolverMap<Ctx> }]),
        logger: runtime.logger,
        auth: runtime.auth,
        metrics: runtime.metrics,
        introspection: config.runtime.introspection,
        ready: () => runtime.ready(),
        context: (base) => wiring.context({ ...base, access: new Access(wiring.access, base.viewer) }),
      });
      wiring.routes?.(server.app);
      let internalUrl: string | undefined;
      if (wiring.internal?.port === undefined) {
        wiring.internal?.routes(server.app);
      } else {
        const internal = createHttpService({ logger: runtime.logger, ready: () => runtime.ready(), instance: definition.name });
        wiring.internal.routes(internal.app);
        internalUrl = await runtime.serveInternal(internal, wiring.internal.port);
      }
      listening = await runtime.serve(server);
      return { name: definition.name, url: listening, internalUrl: internalUrl ?? listening, runtime, domain: wiring.domain, server, stop, access: (viewer) => new Access(wiring.access, viewer) };
    } catch (error) {
      await stop().catch(() => undefined);
      throw error;
    }
  }

  return {
    name: definition.name,
    schema: schemaName,
    jobSchema: `${schemaName}_jobs`,
    env: fullEnv,
    config: config as (env: unknown) => Config,
    configFrom: (source) => config(parseEnv(fullEnv, source)),
    entities: definition.entities,
    migrations: definition.migrations,
    start,
    migrate: (config, options = {}) => migrateService(config.runtime, { entities: definition.entities, migrations: definition.migrations }, options.logger),
    seed: definition.seed,
  };
}

const SUBGRAPH_USAGE = 'usage: node dist/main.js           serve (migrating first unless <NAME>_MIGRATE_ON_START=false)\n       node dist/main.js migrate   apply pending migrations under the advisory lock, then exit';

/**
 * Runs one subgraph on its own, as a container would: its main.ts is this one line, so every
 * subgraph has the same two commands. With no argument it serves; `migrate` applies its
 * migrations and exits (a Kubernetes init container's command).
 */
export function runSubgraph(
  service: Migratable & { start(config: never): Promise<{ stop(): Promise<void> }> },
  source: Record<string, string | undefined>,
  args: readonly string[] = process.argv.slice(2),
): void {
  if (args.length === 0) {
    // Async, so a bad setting is a rejected start and is printed as the readable message it is.
    runProcess(async () => service.start(service.configFrom(source) as never));
  } else if (args.length === 1 && args[0] === 'migrate') {
    runMigrateCommand(service, source);
  } else {
    console.error(`${service.name}: unknown arguments: ${args.join(' ')}\n${SUBGRAPH_USAGE}`);
    process.exit(2);
  }
}

