import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { maskError } from '../errors/graphql';
import { VIEWER_HEADER, type InternalAuth } from '../identity/assertion';
import { ANONYMOUS, type Viewer } from '../identity/viewer';
import type { Logger } from '../logging/logger';
import { createHttpService, type HttpService } from './http-service';
import { loggingPlugin, scopePlugin, textGuardPlugin, type RequestBase } from './plugins';
import { activeViewerPlugin } from '../access/active-viewer';
import { metricsPlugin, registerMetricsRoute } from '../metrics/graphql';
import type { ServiceMetrics } from '../metrics/registry';

export interface SubgraphServerOptions<Ctx extends RequestBase> {
  schema: GraphQLSchema;
  logger: Logger;
  auth: InternalAuth;
  introspection: boolean;
  /** Builds the per-request context: loaders, access client, domain handles. */
  context(base: RequestBase): Ctx | Promise<Ctx>;
  /** Throws when the subgraph cannot serve; may return details for the readiness body. */
  ready(): Promise<void | Record<string, unknown>>;
  bodyLimit?: number;
  /** The service's metrics: counted per operation and served at /metrics. */
  metrics?: ServiceMetrics;
  /** The subgraph's name, for the X-Praxis-Instance header. */
  name?: string;
}

export interface SubgraphServer<Ctx extends RequestBase> extends HttpService {
  apollo: ApolloServer<Ctx>;
  /** Runs an operation in-process as a given viewer, for tests and scripts. */
  execute(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[] }>;
}

/**
 * One subgraph's HTTP server: Apollo Server on Fastify with masked errors, scope checks,
 * health endpoints, and the viewer taken only from a gateway-signed header.
 */
export async function createSubgraphServer<Ctx extends RequestBase>(options: SubgraphServerOptions<Ctx>): Promise<SubgraphServer<Ctx>> {
  const http = createHttpService({ logger: options.logger, ready: options.ready, bodyLimit: options.bodyLimit, instance: options.name });
  const apollo = new ApolloServer<Ctx>({
    schema: options.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // Shutdown is orchestrated by the process (main.ts or the start script), in order.
    stopOnTerminationSignals: false,
    formatError: maskError,
    plugins: [
      // Responses are per viewer and the schema sets no cache hints; left on, the cache-control
      // plugin wraps every field's resolver, a cost a large report pays thousands of times.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      fastifyApolloDrainPlugin(http.app),
      scopePlugin(),
      textGuardPlugin(),
      activeViewerPlugin(),
      loggingPlugin(),
      ...(options.metrics ? [metricsPlugin<Ctx>(options.metrics)] : []),
    ],
  });
  await apollo.start();
  if (options.metrics) registerMetricsRoute(http.app, options.metrics);

  const viewerOf = async (header: string | string[] | undefined): Promise<Viewer> => {
    if (header === undefined) return ANONYMOUS;
    try {
      return await options.auth.verifyViewer(Array.isArray(header) ? (header[0] ?? '') : header);
    } catch {
      // A statement that fails its signature is refused outright rather than downgraded, so a
      // forged identity is visible in the logs and to the caller.
      throw new GraphQLError('The viewer identity on this request is not valid.', {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
  };

  await http.app.register(fastifyApollo(apollo), {
    path: '/graphql',
    method: ['GET', 'POST'],
    context: async (request) => {
      const viewer = await viewerOf(request.headers[VIEWER_HEADER]);
      const logger = options.logger.child({ requestId: request.id, memberId: viewer.memberId ?? undefined });
      return options.context({ viewer, requestId: request.id, logger });
    },
  });

  return {
    ...http,
    apollo,
    async execute(query, variables, viewer = ANONYMOUS) {
      const requestId = `test-${Math.random().toString(36).slice(2, 12)}`;
      const context = await options.context({ viewer, requestId, logger: options.logger.child({ requestId }) });
      const response = await apollo.executeOperation({ query, variables }, { contextValue: context });
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
      return response.body.singleResult as never;
    },
    async close() {
      await http.close();
    },
  };
}
