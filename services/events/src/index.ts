import { join } from 'node:path';
import { parse } from 'graphql';
import { defineSubgraph, loadSubgraphSdl, memberAttributesConsumer, PlatformEventTables1763769600000, ReportMemberAttributes1763900000000, ReportMemberPieces1764000000000, type RunningSubgraph } from '@praxis/platform';
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

export const typeDefs = parse(loadSubgraphSdl(join(__dirname, 'schema'), { shared: ['reports'] }));

export type RunningEvents = RunningSubgraph<EventsDomain, Context>;

/** Domain wiring only; settings, runtime, server and start-up order come from platform. */
export const service = defineSubgraph<typeof eventsEnv, EventsConfig, EventsDomain, Context>({
  name: 'events',
  port: 4004,
  typeDefs,
  resolvers,
  entities,
  migrations,
  env: eventsEnv,
  config: eventsConfig,
  wire: (runtime, config, kit) => {
    const accessSource = kit.membershipAccess();
    const domain = new EventsDomain({ runtime, config, accessSource, contacts: kit.memberContacts(), publicUrl: () => config.publicUrl ?? kit.listeningUrl() ?? `http://${config.runtime.host}:${config.runtime.port}` });
    domain.registerJobs();
    return {
      domain,
      access: accessSource,
      consumers: [...domain.consumers(), memberAttributesConsumer()],
      context: (base) => ({ ...base, domain, loaders: createLoaders(domain, base.access) }),
      routes: (app) => registerHttpRoutes(app, domain),
    };
  },
  seed: { demo: seedDemo, scale: seedScale },
});

export const startEvents = service.start;

export { EventsDomain } from './events';
export type { EventsConfig } from './events';
