import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import {
  Access,
  createSubgraphServer,
  HttpAccessSource,
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
import { DiscussionDomain, type DiscussionConfig } from './discussion';
import { entities } from './entities';
import { discussionConfig, discussionEnv } from './env';
import { createLoaders } from './loaders';
import { DiscussionInitial1763900000000 } from './migrations/1763900000000-discussion-initial';
import { DiscussionReports1763900000001 } from './migrations/1763900000001-discussion-reports';
import { resolvers } from './resolvers';
import { seedDemo, seedScale } from './seed';

export const migrations = [PlatformEventTables1763769600000, DiscussionInitial1763900000000, ReportMemberAttributes1763900000000, DiscussionReports1763900000001, ReportMemberPieces1764000000000];

export const typeDefs = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));

export interface RunningDiscussion extends RunningService {
  domain: DiscussionDomain;
  server: SubgraphServer<Context>;
  /** The permission client for one viewer, as a request would build it: for seeding and tests. */
  accessFor(viewer: Viewer): Access;
}

/** Wiring only: builds the runtime, the domain and the server, and starts them in order. */
export async function startDiscussion(config: DiscussionConfig, options: { logger?: Logger } = {}): Promise<RunningDiscussion> {
  const runtime = new ServiceRuntime(config.runtime, { entities, migrations }, options.logger);
  // One client (and connection pool) per process; the Access built from it per request holds
  // that request's answers only, so permissions stay live.
  const permissions = new HttpAccessSource(config.membershipUrl, runtime.auth, 'discussion');
  const stop = async () => {
    await runtime.stop();
    await permissions.close();
  };
  try {
    await runtime.init();
    const domain = new DiscussionDomain(runtime);
    await runtime.startBackground(domain.consumers());
    const server = await createSubgraphServer<Context>({
      schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<Context> }]),
      logger: runtime.logger,
      auth: runtime.auth,
      introspection: config.runtime.introspection,
      ready: () => runtime.ready(),
      context: (base) => {
        const access = new Access(permissions, base.viewer);
        return { ...base, domain, access, loaders: createLoaders(domain, access) };
      },
    });
    const url = await runtime.serve(server);
    return { name: 'discussion', url, runtime, domain, server, stop, accessFor: (viewer) => new Access(permissions, viewer) };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

export const service: ServiceModule<typeof discussionEnv, DiscussionConfig, RunningDiscussion> = {
  name: 'discussion',
  schema: 'discussion',
  jobSchema: 'discussion_jobs',
  env: discussionEnv,
  config: discussionConfig,
  entities,
  migrations,
  start: startDiscussion,
  seed: { demo: seedDemo, scale: seedScale },
};

export { DiscussionDomain } from './discussion';
export type { DiscussionConfig } from './discussion';
