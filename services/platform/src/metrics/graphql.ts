import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { errorCodeLabel, operationLabel, refusedOperationLabel } from './labels';
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

/** The operation type of a request refused before GraphQL ran: the document was never parsed. */
export const REFUSED_TYPE = 'refused';

/**
 * Counts a request answered before GraphQL ran (a bad token, a rate limit, a CSRF refusal, a body
 * too large) as an operation of type `refused` with its one error, so error rates and request
 * rates include what clients were refused. Its time is not observed: a refusal in microseconds
 * would pull every latency quantile down during a flood.
 */
export function countRefusedRequest(metrics: ServiceMetrics, refusal: { operationName?: unknown; code: unknown }): void {
  const operation = refusedOperationLabel(refusal.operationName, metrics.operations);
  metrics.graphqlRequests.inc({ operation, type: REFUSED_TYPE });
  metrics.graphqlErrors.inc({ operation, code: errorCodeLabel(refusal.code, metrics.codes) });
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
