import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import CircuitBreaker from 'opossum';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';
import { isRegistryCode, measureSubgraphFetch, REQUEST_ID_HEADER, VIEWER_HEADER, type ServiceMetrics } from '@praxis/platform';
import type { GatewayContext } from './context';
import type { Fetcher, FetcherInit } from './fetcher';

export interface BreakerSettings {
  /** How long an open breaker refuses calls before letting one through to try again. */
  resetMs: number;
}

/** A subgraph that did not answer: refused, reset, timed out, a proxy's 502 to 504, or a breaker that is open. */
class SubgraphUnavailable extends Error {}

/**
 * How the gateway calls a subgraph: over the shared keep-alive fetcher, passing on the request
 * id and a signed statement of who the viewer is. Nothing from the client's own headers is
 * forwarded, so a client cannot speak for the gateway.
 *
 * Each subgraph has its own circuit breaker. When the subgraph is down or hung, the fields it
 * provides come back null with SUBGRAPH_UNAVAILABLE at their paths and the rest of the answer
 * stands; after a few failures the breaker answers at once instead of waiting out the timeout,
 * and after `resetMs` it lets one call through to see whether the subgraph is back.
 */
export class PraxisDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly subgraph: string;
  readonly breaker: CircuitBreaker<[string, FetcherInit | undefined], Response>;

  constructor(options: { name: string; url: string; fetcher: Fetcher; breaker: BreakerSettings; metrics?: ServiceMetrics }) {
    const breaker = new CircuitBreaker(
      async (url: string, init: FetcherInit | undefined) => {
        const response = await options.fetcher(url, init);
        if (response.status >= 502 && response.status <= 504) throw new SubgraphUnavailable(`answered ${response.status}`);
        return response;
      },
      {
        name: options.name,
        // The fetcher holds the deadline and aborts the request itself.
        timeout: false,
        resetTimeout: options.breaker.resetMs,
        errorThresholdPercentage: 50,
        volumeThreshold: 3,
        rollingCountTimeout: 10_000,
      },
    );
    super({
      url: options.url,
      fetcher: (async (url: string, init?: FetcherInit) => {
        try {
          return await measureSubgraphFetch(options.metrics, options.name, () => breaker.fire(url, init));
        } catch (error) {
          throw new SubgraphUnavailable(`${options.name}: ${(error as Error).message}`, { cause: error });
        }
      }) as never,
    });
    this.subgraph = options.name;
    this.breaker = breaker;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers || !context?.viewerAssertion) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    headers.set(VIEWER_HEADER, await context.viewerAssertion());
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    try {
      return await super.process(options);
    } catch (error) {
      if (!(error instanceof SubgraphUnavailable)) throw error;
      const logger = 'logger' in (options.context ?? {}) ? (options.context as GatewayContext).logger : undefined;
      logger?.warn({ subgraph: this.subgraph, err: error.cause ?? error }, 'subgraph unavailable');
      return { data: null, errors: unavailableErrors(this.subgraph, options) };
    }
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

  close(): void {
    this.breaker.shutdown();
  }
}

/**
 * One error for each field the failed call was to provide, at that field's path, so a client
 * sees which parts of its answer are missing. The gateway maps `_entities` paths to the places
 * the entities sit in the answer. The subgraph's name is public (it names a part of the API);
 * its address is not.
 */
function unavailableErrors(subgraph: string, options: GraphQLDataSourceProcessOptions<GatewayContext>): GraphQLFormattedError[] {
  const error = (path: (string | number)[]): GraphQLFormattedError => ({
    message: `The ${subgraph} part of the graph is unavailable. Try again shortly.`,
    path,
    extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
  });
  const document = ('document' in options ? options.document : undefined) ?? safeParse(options.request.query);
  const operation = document?.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [error([])];
  const entities = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD && selection.name.value === '_entities');
  if (entities?.kind === Kind.FIELD && entities.selectionSet) {
    const representations = options.request.variables?.representations;
    const count = Array.isArray(representations) ? representations.length : 0;
    const fields = responseKeys(entities.selectionSet);
    return Array.from({ length: count }, (_, index) => fields.map((field) => error(['_entities', index, field]))).flat();
  }
  return responseKeys(operation.selectionSet).map((field) => error([field]));
}

function responseKeys(selectionSet: SelectionSetNode): string[] {
  const keys = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') keys.add(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      for (const key of responseKeys(selection.selectionSet)) keys.add(key);
    }
  }
  return [...keys];
}

function safeParse(query: string | undefined): DocumentNode | undefined {
  try {
    return query ? parse(query) : undefined;
  } catch {
    return undefined;
  }
}
