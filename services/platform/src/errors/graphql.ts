import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ERROR_CODES, type ErrorCode } from './codes';
import { DomainError } from './domain-error';
import { postgresError } from './input';

/** Codes graphql-js and Apollo Server produce themselves, which are safe to pass through. */
const FRAMEWORK_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const SAFE_EXTENSIONS = new Set(['code', 'field', 'fields', 'reason', 'retryAfter', 'requestId']);

/**
 * PostgreSQL's refusals of text it cannot store (22021: a NUL or invalid byte sequence, 22P05:
 * a character the encoding lacks). Only client text carries such characters, so a check that
 * missed one is still the client's error, not ours; the statement itself is never shown.
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

export function isRegistryCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ERROR_CODES;
}

export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { extensions: domainExtensions(error) });
}

function domainExtensions(error: DomainError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code };
  // One exhaustive switch decides what each code may carry, so nothing else leaks.
  switch (error.code) {
    case 'BAD_USER_INPUT':
      extensions.field = error.field;
      extensions.fields = error.fields;
      break;
    case 'CONFLICT':
      extensions.reason = error.reason;
      if (error.field) extensions.field = error.field;
      break;
    case 'FORBIDDEN':
    case 'UNAUTHENTICATED':
      if (error.reason) extensions.reason = error.reason;
      break;
    case 'RATE_LIMITED':
      extensions.retryAfter = error.retryAfter;
      break;
    case 'NOT_FOUND':
    case 'SECOND_FACTOR_REQUIRED':
    case 'QUERY_TOO_COMPLEX':
    case 'INTERNAL_SERVER_ERROR':
    case 'SUBGRAPH_UNAVAILABLE':
      break;
    default: {
      const unreachable: never = error.code;
      throw new Error(`unmapped error code ${String(unreachable)}`);
    }
  }
  return extensions;
}

/**
 * Apollo Server `formatError` for subgraphs and the gateway: codes and helpful messages reach
 * clients; stack traces, SQL and host names do not. Unknown errors become INTERNAL_SERVER_ERROR.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error);
  // Errors raised outside resolvers (context, plugins) carry no path, so unwrap those too.
  const original = unwrapped instanceof GraphQLError && unwrapped.originalError ? unwrapped.originalError : unwrapped;
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: domainExtensions(original) };
  }
  if (UNSTORABLE_TEXT.has(postgresError(original)?.code ?? '')) {
    return { ...base, message: 'The text given contains a character that cannot be stored.', extensions: { code: 'BAD_USER_INPUT' } };
  }
  const code = formatted.extensions?.code;
  if (isRegistryCode(code) && code !== 'INTERNAL_SERVER_ERROR') {
    // Only documented keys pass: anything else an error carries (a downstream response, an
    // exception) could hold internals.
    const safe = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([key]) => SAFE_EXTENSIONS.has(key)));
    return { ...base, message: formatted.message, extensions: safe };
  }
  if (typeof code === 'string' && FRAMEWORK_CODES.has(code)) {
    return { ...base, message: formatted.message, extensions: { code } };
  }
  const requestId = formatted.extensions?.requestId;
  return { ...base, message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) } };
}
