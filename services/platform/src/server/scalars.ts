import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime()) || (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(value))) {
    throw new GraphQLError('DateTime must be an ISO 8601 date and time, such as 2026-05-22T03:15:00Z.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

/** The graph's one `DateTime`, so every subgraph reads and writes instants alike. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: toDate,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? toDate(ast.value) : toDate(undefined)),
});
