import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { DomainError } from '../errors/domain-error';
import { isRegistryCode } from '../errors/graphql';
import type { Logger } from '../logging/logger';
import type { Viewer } from '../identity/viewer';

export { nulArguments, textGuardPlugin } from './text-guard';

export interface RequestBase extends BaseContext {
  viewer: Viewer;
  requestId: string;
  logger: Logger;
}

/**
 * API tokens carry scopes; sessions hold them all. A token without `write` may not run
 * mutations, one without `read` nothing at all. Checked once per operation, before execution.
 */
export function scopePlugin(): ApolloServerPlugin<RequestBase> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          const { viewer } = contextValue;
          const needed = operation?.operation === 'mutation' ? 'write' : 'read';
          if (viewer.memberId && !viewer.scopes.includes(needed)) {
            throw new GraphQLError(`This API token lacks the "${needed}" scope.`, {
              // 200 with errors, not Apollo's default 500 for plugin errors: the gateway treats any
              // other status as a failed fetch, which would hide the reason from the client.
              extensions: { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE', http: { status: 200 } },
            });
          }
        },
      };
    },
  };
}

/**
 * Logs each operation once, and every unexpected error with its stack and the request id,
 * which is also put on the error so the masked message the client sees can be traced.
 */
export function loggingPlugin(): ApolloServerPlugin<RequestBase> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, contextValue: context }) {
          for (const error of errors) {
            const unwrapped = unwrapResolverError(error);
            // Errors thrown by plugins carry no path, so Apollo's unwrapping leaves them wrapped.
            const original = unwrapped instanceof GraphQLError && unwrapped.originalError ? unwrapped.originalError : unwrapped;
            if (original instanceof DomainError) continue;
            const code = error.extensions?.code;
            if (isRegistryCode(code) && code !== 'INTERNAL_SERVER_ERROR') continue;
            if (typeof code === 'string' && code.startsWith('GRAPHQL_')) continue;
            context.logger.error({ err: original, path: error.path }, 'unexpected error');
            (error.extensions as Record<string, unknown>).requestId = context.requestId;
          }
        },
        async willSendResponse({ operationName, response }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors?.length ?? 0) : 0;
          contextValue.logger.debug({ operationName, errors, ms: Math.round(performance.now() - started) }, 'operation');
        },
      };
    },
  };
}
