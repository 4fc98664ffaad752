import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { request } from 'undici';
import {
  assertProductionSafe,
  createHttpService,
  createLogger,
  DomainError,
  InternalAuth,
  metricsPlugin,
  readSubgraphs,
  registerMetricsRoute,
  ServiceMetrics,
  type HttpService,
  type Logger,
} from '@praxis/platform';
import { Authenticator, ExpiredAccessToken } from './authenticate';
import type { GatewayContext } from './context';
import { costLimitPlugin } from './cost';
import { PraxisDataSource } from './datasource';
import { DedupingDataSource } from './dedupe';
import type { GatewayConfig } from './env';
import { formatGatewayError, graphQLErrorBody } from './errors';
import { createAgent, createFetcher } from './fetcher';
import { MembershipClient } from './membership-client';
import { registerPublicRoutes } from './public-routes';
import { RateLimits } from './rate-limit';
import { RefusedRequests } from './refusals';
import { registerAdminApp } from './admin-app';
import { registerSessionRoutes } from './session-routes';

/** Enough of a User-Agent to tell a browser and system apart; longer ones are padding or probes. */
const USER_AGENT_MAX = 256;

export interface Gateway extends HttpService {
  apollo: ApolloServer<GatewayContext>;
  /** Whether the built admin app is served at /admin/. */
  adminApp: boolean;
}

/**
 * The gateway: the static supergraph served by Apollo Gateway, with authentication, rate
 * limits, operation limits and masked errors in front. It holds no domain logic.
 */
export async function createGateway(config: GatewayConfig, options: { logger?: Logger } = {}): Promise<Gateway> {
  assertProductionSafe({ nodeEnv: config.nodeEnv, internalSecret: config.internalSecret });
  const logger = options.logger ?? createLogger({ service: 'gateway', level: config.logLevel, pretty: config.prettyLogs });
  const metrics = new ServiceMetrics('gateway');
  const refused = new RefusedRequests(metrics);
  const agent = createAgent();
  const fetcher = createFetcher(agent, { timeoutMs: config.subgraphs.timeoutMs });
  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  const known = Object.fromEntries(readSubgraphs().map((subgraph) => [subgraph.name, subgraph.url]));
  const urlOf = (name: string, fallback?: string) => config.subgraphUrls[name] ?? fallback ?? known[name];
  const membershipBase = config.membershipUrl ?? new URL(urlOf('membership')!).origin;
  const internalAuth = new InternalAuth(config.internalSecret);
  const membership = new MembershipClient(membershipBase, internalAuth, agent);
  const authenticator = new Authenticator({ ...config.auth, jwksUrl: config.auth.jwksUrl ?? `${membershipBase}/.well-known/jwks.json` }, membership, logger);
  const rateLimits = await RateLimits.create(config.rateLimits);

  // @apollo/gateway reads this switch (and only this one) from the environment when it is
  // constructed; without it the gateway reports anonymous usage to Apollo every hour.
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const dataSources = new Map<string, PraxisDataSource>();
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ name, url }) => {
      const options = { name, url: urlOf(name, url)!, fetcher, breaker: { resetMs: config.subgraphs.breakerResetMs }, metrics };
      const dataSource = config.subgraphs.dedupe ? new DedupingDataSource(options) : new PraxisDataSource(options);
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });

  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth },
    maxAliases: { n: config.limits.maxAliases },
    // Its Apollo plugin throws from parsingDidStart, which Apollo Server 5 turns into a 500;
    // graphql-js enforces the same limit natively through parseOptions below.
    maxTokens: { enabled: false },
    maxDirectives: { n: config.limits.maxDirectives },
    // Its cost multiplies only a literal `first` and compounds by depth; the cost plugin below
    // counts pages as the services return them, with variables, instead.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.nodeEnv === 'production' },
  });
  const protection = armor.protect();

  const subgraphs = readSubgraphs().map((subgraph) => ({ name: subgraph.name, url: urlOf(subgraph.name)! }));
  const http = createHttpService({
    logger,
    trustProxy: config.trustProxy,
    instance: 'gateway',
    // The gateway stays ready while a subgraph is down: it still serves every other part of the
    // graph, and the missing part's fields come back null with SUBGRAPH_UNAVAILABLE. Taking it
    // out of rotation would lose the whole graph for one part. Degraded parts are listed.
    ready: async () => {
      const states = await Promise.all(
        subgraphs.map(async (subgraph) => {
          if (dataSources.get(subgraph.name)?.breaker.opened) return [subgraph.name, 'unavailable'] as const;
          try {
            const response = await request(new URL('/health/live', subgraph.url), { dispatcher: agent, signal: AbortSignal.timeout(1000) });
            await response.body.dump();
            return [subgraph.name, response.statusCode === 200 ? 'up' : 'unavailable'] as const;
          } catch {
            return [subgraph.name, 'unavailable'] as const;
          }
        }),
      );
      const degraded = states.filter(([, state]) => state !== 'up').map(([name]) => name);
      return { subgraphs: Object.fromEntries(states), ...(degraded.length > 0 ? { degraded } : {}) };
    },
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    // Shutdown is orchestrated by the process (main.ts or the start script), in order.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: protection.validationRules,
    plugins: [
      ...protection.plugins,
      costLimitPlugin(config.limits.maxCost),
      // Responses are per viewer: no cache hints, so no cache-control headers to compute.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      config.nodeEnv === 'production' ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: false }),
      fastifyApolloDrainPlugin(http.app),
      metricsPlugin<GatewayContext>(metrics),
      refused.plugin<GatewayContext>(),
      {
        async requestDidStart({ contextValue }) {
          const started = performance.now();
          return {
            async willSendResponse({ operationName, response }) {
              const errors = response.body.kind === 'single' ? (response.body.singleResult.errors?.length ?? 0) : 0;
              contextValue.logger.info({ operationName, errors, ms: Math.round(performance.now() - started) }, 'operation');
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  registerMetricsRoute(http.app, metrics);

  await http.app.register(cors, {
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    credentials: true,
    maxAge: 600,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });

  await registerPublicRoutes(http.app, { agent, subgraphUrl: (name) => urlOf(name), authenticator, rateLimits, internalAuth, logger, timeoutMs: config.subgraphs.timeoutMs });
  await registerSessionRoutes(http.app, { publicUrl: config.publicUrl, corsOrigins: config.corsOrigins });
  const adminApp = await registerAdminApp(http.app, { dir: config.adminAppDir, logger });

  await http.app.register(async (graphql) => {
    // Authentication and rate limits run before Apollo sees the request, so a flood or a bad
    // token costs a header check, not a query plan. What is refused before Apollo runs still counts.
    graphql.addHook('onSend', refused.onSend);
    graphql.addHook('preHandler', async (httpRequest, reply) => {
      if (httpRequest.method === 'OPTIONS') return;
      const tooMany = (retryAfterSeconds: number) =>
        reply
          .code(429)
          .header('retry-after', String(retryAfterSeconds))
          .send(graphQLErrorBody(new DomainError('RATE_LIMITED', 'Too many requests. Slow down and try again.', { retryAfter: retryAfterSeconds })));
      // Forwarded headers count only from TRUST_PROXY; otherwise this is the connection's address.
      const address = httpRequest.ip;
      const { authorization } = httpRequest.headers;
      if (authorization) {
        const failures = await rateLimits.authFailuresExhausted(address);
        if (!failures.allowed) return tooMany(failures.retryAfterSeconds);
      }
      let viewer;
      try {
        viewer = await authenticator.viewerOf(authorization);
      } catch (error) {
        if (error instanceof DomainError) {
          if (!(error instanceof ExpiredAccessToken)) await rateLimits.recordAuthFailure(address);
          return reply.code(401).header('www-authenticate', 'Bearer').send(graphQLErrorBody(error));
        }
        // Membership's own words name internal routes: they go to the log, never to the client.
        httpRequest.log.error({ err: error, requestId: httpRequest.id }, 'authentication could not be checked');
        return reply.code(503).send(graphQLErrorBody(new DomainError('INTERNAL_SERVER_ERROR', 'Credentials cannot be checked right now. Try again shortly.')));
      }
      const decision = await rateLimits.check(address, viewer.memberId);
      if (!decision.allowed) return tooMany(decision.retryAfterSeconds);
      // The address and user agent travel in the signed viewer statement, for membership's
      // sign-in throttle and its list of sessions; a subgraph believes them only from there.
      const userAgent = httpRequest.headers['user-agent']?.slice(0, USER_AGENT_MAX);
      viewer = { ...viewer, clientAddress: address, ...(userAgent ? { userAgent } : {}) };
      (httpRequest as unknown as { viewer: typeof viewer }).viewer = viewer;
    });

    await graphql.register(fastifyApollo(apollo), {
      path: '/graphql',
      method: ['GET', 'POST', 'OPTIONS'],
      context: refused.context(async (httpRequest): Promise<GatewayContext> => {
        const viewer = (httpRequest as unknown as { viewer: GatewayContext['viewer'] }).viewer;
        let assertion: Promise<string> | undefined;
        return {
          viewer,
          requestId: httpRequest.id,
          logger: logger.child({ requestId: httpRequest.id, memberId: viewer.memberId ?? undefined }),
          viewerAssertion: () => (assertion ??= internalAuth.signViewer(viewer, httpRequest.id)),
        };
      }),
    });
  });

  return {
    ...http,
    apollo,
    adminApp,
    async listen(port, host) {
      const url = await http.listen(port, host);
      logger.info({ url: `${url}/graphql` }, 'gateway listening');
      return url;
    },
    async close() {
      // Subgraph calls of the requests in flight still need the agent and the breakers.
      await http.close();
      await rateLimits.close();
      for (const dataSource of dataSources.values()) dataSource.close();
      await agent.close();
    },
  };
}
