import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { errorCodeLabel, operationLabel } from './labels';
import type { ServiceMetrics } from './registry';

/**
 * Counts each GraphQL operation by its name, its errors by `extensions.code` as the client
 * receives them (after masking), and its time. An answer with ten NOT_FOUND errors counts one
 * NOT_FOUND, so the error rate is a share of operations. Used by every subgraph and the gateway.
 */
export function metricsPlugin<Ctx extends BaseContext>(metrics: ServiceMetrics): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName: resolved, operation, request, response }) {
          const label = operationLabel(resolved ?? request.operationName, metrics.operations);
          metrics.graphqlRequests.inc({ operation: label, type: operation?.operation ?? 'unknown' });
          metrics.graphqlDuration.observe({ operation: label }, (performance.now() - started) / 1000);
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const codes = new Set((errors ?? []).map((error) => errorCodeLabel(error.extensions?.code, metrics.codes)));
          for (const code of codes) metrics.graphqlErrors.inc({ operation: label, code });
        },
      };
    },
  };
}

/**
 * `GET /metrics` in Prometheus's text format. It names operations and queues, not members, but
 * it is for the network Prometheus scrapes from: a public route to the gateway should carry
 * /graphql, /auth and /admin only.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metrics.scrape();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
