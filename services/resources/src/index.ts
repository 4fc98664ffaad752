import { join } from 'node:path';
import { parse } from 'graphql';
import { defineSubgraph, loadSubgraphSdl, memberAttributesConsumer, PlatformEventTables1763769600000, ReportMemberAttributes1763900000000, ReportMemberPieces1764000000000, type RunningSubgraph } from '@praxis/platform';
import type { Context } from './context';
import { entities } from './entities';
import { resourcesConfig, resourcesEnv } from './env';
import { registerFileRoutes } from './file-routes';
import { createLoaders } from './loaders';
import { ResourcesDomain, type ResourcesConfig } from './library';
import { libraryConsumers } from './library/projections';
import { UrlSigner } from './library/signing';
import { openStorage } from './library/storage';
import { ResourcesInitial1763800300000 } from './migrations/1763800300000-resources-initial';
import { ResourcesReports1763900000300 } from './migrations/1763900000300-resources-reports';
import { ResourcesReportIndexes1764000000300 } from './migrations/1764000000300-resources-report-indexes';
import { resolvers } from './resolvers';
import { seedDemo, seedScale } from './seed';

export const migrations = [PlatformEventTables1763769600000, ResourcesInitial1763800300000, ReportMemberAttributes1763900000000, ResourcesReports1763900000300, ReportMemberPieces1764000000000, ResourcesReportIndexes1764000000300];

export const typeDefs = parse(loadSubgraphSdl(join(__dirname, 'schema'), { shared: ['reports'] }));

export type RunningResources = RunningSubgraph<ResourcesDomain, Context>;

/** Domain wiring only; settings, runtime, server and start-up order come from platform. */
export const service = defineSubgraph<typeof resourcesEnv, ResourcesConfig, ResourcesDomain, Context>({
  name: 'resources',
  port: 4003,
  typeDefs,
  resolvers,
  entities,
  migrations,
  env: resourcesEnv,
  config: resourcesConfig,
  wire: (runtime, config, kit) => {
    const storage = openStorage(config.files, runtime.logger, (close) => kit.onStop(close));
    const domain = new ResourcesDomain({
      runtime,
      config,
      storage,
      signer: new UrlSigner(config.files.signingSecret, runtime.clock),
      publicUrl: () => {
        const url = config.publicUrl ?? kit.listeningUrl();
        if (!url) throw new Error('the resources service is not listening yet');
        return url;
      },
    });
    kit.onStop(() => domain.links.close());
    domain.registerJobs();
    return {
      domain,
      access: kit.membershipAccess(),
      consumers: [...libraryConsumers(runtime.jobs), memberAttributesConsumer()],
      context: (base) => ({ ...base, domain, loaders: createLoaders(domain, base.access) }),
      routes: (app) => registerFileRoutes(app, { domain, logger: runtime.logger, corsOrigins: config.corsOrigins }),
    };
  },
  seed: { demo: seedDemo, scale: seedScale },
});

export const startResources = service.start;

export { ResourcesDomain } from './library';
export type { ResourcesConfig } from './library';
