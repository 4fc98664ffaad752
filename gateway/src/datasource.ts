import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { isRegistryCode, REQUEST_ID_HEADER, VIEWER_HEADER } from '@praxis/platform';
import type { GatewayContext } from './context';

/**
 * How the gateway calls a subgraph: over the shared keep-alive fetcher, passing on the request
 * id and a signed statement of who the viewer is. Nothing from the client's own headers is
 * forwarded, so a client cannot speak for the gateway.
 */
export class PraxisDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers || !context?.viewerAssertion) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    headers.set(VIEWER_HEADER, await context.viewerAssertion());
  }

  /**
   * A subgraph that answers with an error status still explains itself in a GraphQL body; keep
   * its code and message instead of the generic "500:" wrapper that embeds the whole response.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const generic = await super.errorFromResponse(response);
    const body = (generic.extensions.response as { body?: { errors?: { message?: string; extensions?: Record<string, unknown> }[] } } | undefined)?.body;
    const first = typeof body === 'object' ? body?.errors?.[0] : undefined;
    if (first?.message && isRegistryCode(first.extensions?.code)) {
      return new GraphQLError(first.message, { extensions: { ...first.extensions } });
    }
    return new GraphQLError('A part of the graph did not answer.', { extensions: { code: 'INTERNAL_SERVER_ERROR' }, originalError: generic });
  }
}
