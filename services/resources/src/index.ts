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
  type Viewer,
} from '@praxis/platform';
import type { Context } from './context';
import { entities } from './entities';
import { resourcesConfig, resourcesEnv } from './env';
import { registerFileRoutes } from './file-routes';
import { createLoaders } from './loaders';
import { ResourcesDomain, type ResourcesConfig } from './library';
import { libraryConsumers } from './library/projections';
import { UrlSigner } from './library/signing';
import { LocalDiskStorage } from './library/storage';
import { ResourcesInitial1763800300000 } from './migrations/1763800300000-resources-initial';
import { ResourcesReports1763900000300 } from './migrations/1763900000300-resources-reports';
import { ResourcesReportIndexes1764000000300 } from './migrations/1764000000300-resources-report-indexes';
import { resolvers } from './resolvers';
import { seedDemo, seedScale } from './seed';

export const migrations = [PlatformEventTables1763769600000, ResourcesInitial1763800300000, ReportMemberAttributes1763900000000, ResourcesReports1763900000300, ReportMemberPieces1764000000000, ResourcesReportIndexes1764000000300];

export const typeDefs = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));

export interface RunningResources extends RunningService {
  domain: ResourcesDomain;
  server: SubgraphServer<Context>;
  /** A permission client for one viewer, as a request would build it: for seeding and tests. */
  access(viewer: Viewer): Access;
}

/** Wiring only: builds the runtime, the domain and the server, and starts them in order. */
export async function startResources(config: ResourcesConfig, options: { logger?: Logger } = {}): Promise<RunningResources> {
  const runtime = new ServiceRuntime(config.runtime, { entities, migrations }, options.logger);
  // One client per process keeps its connections alive; the Access built from it per request
  // asks membership afresh every request, so a ban applies on the next one.
  const accessSource = new HttpAccessSource(config.membershipUrl, runtime.auth, 'resources');
  let publicUrl = config.publicUrl;
  let domain: ResourcesDomain | undefined;
  const stop = async () => {
    await runtime.stop();
    await domain?.links.close();
    await accessSource.close();
  };
  try {
    await runtime.init();
    domain = new ResourcesDomain({
      runtime,
      config,
      storage: new LocalDiskStorage(config.files.dataDir),
      signer: new UrlSigner(config.files.signingSecret),
      publicUrl: () => {
        if (!publicUrl) throw new Error('the resources service is not listening yet');
        return publicUrl;
      },
    });
    domain.registerJobs();
    await runtime.startBackground([...libraryConsumers(runtime.jobs), memberAttributesConsumer()]);
    const library = domain;
    const server = await createSubgraphServer<Context>({
      schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<Context> }]),
      logger: runtime.logger,
      auth: runtime.auth,
      introspection: config.runtime.introspection,
      ready: () => runtime.ready(),
      context: (base) => {
        const access = new Access(accessSource, base.viewer);
        return { ...base, domain: library, access, loaders: createLoaders(library, access) };
      },
    });
    registerFileRoutes(server.app, { domain, logger: runtime.logger, corsOrigins: config.corsOrigins });
    const url = await runtime.serve(server);
    publicUrl ??= url;
    return { name: 'resources', url, runtime, domain, server, stop, access: (viewer) => new Access(accessSource, viewer) };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

export const service: ServiceModule<typeof resourcesEnv, ResourcesConfig, RunningResources> = {
  name: 'resources',
  schema: 'resources',
  jobSchema: 'resources_jobs',
  env: resourcesEnv,
  config: resourcesConfig,
  entities,
  migrations,
  start: startResources,
  seed: { demo: seedDemo, scale: seedScale },
};

export { ResourcesDomain } from './library';
export type { ResourcesConfig } from './library';
