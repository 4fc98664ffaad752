import type { GraphQLFormattedError } from 'graphql';
import { maskError, toGraphQLError, type DomainError } from '@praxis/platform';

/**
 * graphql-armor reports its limits as validation errors with fixed wording ("Query depth limit
 * of 6 exceeded, found 8."), and graphql-js its token limit as a parse error; the limits test
 * pins that wording to this pattern.
 */
const LIMIT_MESSAGE = /(Query Cost|Query depth|Aliases|Token|Directives) limit of \d+ exceeded|Document contains more tha[nt] \d+ tokens/i;

/**
 * The gateway's last word on errors: subgraph errors arrive already masked with registry codes
 * and pass through; the gateway's own failures are masked the same way.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if ((code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED') && LIMIT_MESSAGE.test(formatted.message)) {
    return { message: formatted.message.replace(/^Syntax Error: /, ''), locations: formatted.locations, extensions: { code: 'QUERY_TOO_COMPLEX' } };
  }
  const masked = maskError(formatted, error);
  // The gateway adds serviceName to errors from subgraphs; internal topology stays internal.
  if (masked.extensions && 'serviceName' in masked.extensions) {
    const { serviceName: _service, ...rest } = masked.extensions;
    return { ...masked, extensions: rest };
  }
  return masked;
}

/** A GraphQL-shaped answer for a failure outside Apollo (rate limits, credentials, session routes). */
export function graphQLErrorBody(error: DomainError) {
  const graphQLError = toGraphQLError(error);
  return { errors: [{ message: graphQLError.message, extensions: graphQLError.extensions }] };
}
