import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import {
  Access,
  createSubgraphServer,
  HttpAccessSource,
  memberAttributesConsumer,
  PlatformEventTables1763769600000,
  ReportMemberAttributes1763900000000,
  ReportMemberPieces1764000000000,
  ServiceRuntime,
  type Logger,
  type RunningService,
  type ServiceModule,
  type SubgraphServer,
} from '@praxis/platform';
import type { Context } from './context';
import { entities } from './entities';
import { eventsConfig, eventsEnv } from './env';
import { EventsDomain, type EventsConfig } from './events';
import { registerHttpRoutes } from './http-routes';
import { createLoaders } from './loaders';
import { EventsInitial1763900000000 } from './migrations/1763900000000-events-initial';
import { EventsReports1763900000001 } from './migrations/1763900000001-events-reports';
import { EventsFormerMembers1763900000002 } from './migrations/1763900000002-events-former-members';
import { EventsNamedCalendarTokens1764800000000 } from './migrations/1764800000000-events-named-calendar-tokens';
import { resolvers } from './resolvers';
import { seedDemo, seedScale } from './seed';

export const migrations = [PlatformEventTables1763769600000, EventsInitial1763900000000, ReportMemberAttributes1763900000000, EventsReports1763900000001, EventsFormerMembers1763900000002, ReportMemberPieces1764000000000, EventsNamedCalendarTokens1764800000000];

export const typeDefs = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));

export interface RunningEvents extends RunningService {
  domain: EventsDomain;
  server: SubgraphServer<Context>;
}

/** Wiring only: builds the runtime, the domain and the server, and starts them in order. */
export async function startEvents(config: EventsConfig, options: { logger?: Logger } = {}): Promise<RunningEvents> {
  const runtime = new ServiceRuntime(config.runtime, { entities, migrations }, options.logger);
  const accessSource = new HttpAccessSource(config.membershipUrl, runtime.auth, 'events');
  let listening: string | null = null;
  try {
    await runtime.init();
    const domain = new EventsDomain({ runtime, config, accessSource, publicUrl: () => config.publicUrl ?? listening ?? `http://${config.runtime.host}:${config.runtime.port}` });
    domain.registerJobs();
    await runtime.startBackground([...domain.consumers(), memberAttributesConsumer()]);
    const server = await createSubgraphServer<Context>({
      schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<Context> }]),
      logger: runtime.logger,
      auth: runtime.auth,
      introspection: config.runtime.introspection,
      ready: () => runtime.ready(),
      context: (base) => {
        const access = new Access(accessSource, base.viewer);
        return { ...base, domain, access, loaders: createLoaders(domain, access) };
      },
    });
    registerHttpRoutes(server.app, domain);
    listening = await runtime.serve(server);
    return {
      name: 'events',
      url: listening,
      runtime,
      domain,
      server,
      stop: async () => {
        await runtime.stop();
        await accessSource.close();
        await domain.names.close();
      },
    };
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    await accessSource.close().catch(() => undefined);
    throw error;
  }
}

export const service: ServiceModule<typeof eventsEnv, EventsConfig, RunningEvents> = {
  name: 'events',
  schema: 'events',
  jobSchema: 'events_jobs',
  env: eventsEnv,
  config: eventsConfig,
  entities,
  migrations,
  start: startEvents,
  seed: { demo: seedDemo, scale: seedScale },
};

export { EventsDomain } from './events';
export type { EventsConfig } from './events';
