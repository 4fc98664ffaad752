import type { GraphQLFormattedError } from 'graphql';
import { maskError } from '@praxis/platform';

/** Marks errors raised by graphql-armor, so they reach clients as QUERY_TOO_COMPLEX. */
export const LIMIT_MARK = 'praxisLimit';

/**
 * The gateway's last word on errors: subgraph errors arrive already masked with registry codes
 * and pass through; the gateway's own failures are masked the same way.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: { extensions?: Record<string, unknown> }; extensions?: Record<string, unknown> }) ?? {};
  if (formatted.extensions?.[LIMIT_MARK] || original.extensions?.[LIMIT_MARK] || original.originalError?.extensions?.[LIMIT_MARK]) {
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
