import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { REQUEST_ID_HEADER, VIEWER_HEADER } from '@praxis/platform';
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
}
