import type { ErrorCode, ErrorReason } from './codes';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  field?: string;
  fields?: FieldProblem[];
  reason?: ErrorReason;
  retryAfter?: number;
}

/**
 * What domain code throws. It carries a registry code and never a GraphQL type:
 * the mapping to GraphQLError happens once, in `toGraphQLError`.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly fields?: FieldProblem[];
  readonly reason?: ErrorReason;
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = options.field ?? options.fields?.[0]?.field;
    this.fields = options.fields ?? (options.field ? [{ field: options.field, message }] : undefined);
    this.reason = options.reason;
    this.retryAfter = options.retryAfter;
  }
}

export const errors = {
  unauthenticated: (message = 'Sign in to do this.', reason?: ErrorReason) => new DomainError('UNAUTHENTICATED', message, { reason }),
  /** Every FORBIDDEN says why (ADR 8); one that names no other reason lacks a role. */
  forbidden: (message = 'You may not do this.', reason: ErrorReason = 'ROLE_REQUIRED') => new DomainError('FORBIDDEN', message, { reason }),
  notFound: (what: string, message = `${what} not found.`) => new DomainError('NOT_FOUND', message),
  badInput: (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, { field }),
  invalid: (fields: FieldProblem[]) => new DomainError('BAD_USER_INPUT', fields[0]?.message ?? 'Invalid input.', { fields }),
  conflict: (reason: ErrorReason, message: string, field?: string) => new DomainError('CONFLICT', message, { reason, field }),
  secondFactorRequired: (message = 'Set up two-factor sign-in first: this network requires it for its staff.') => new DomainError('SECOND_FACTOR_REQUIRED', message),
  rateLimited: (retryAfter: number, message = 'Too many attempts. Try again later.') => new DomainError('RATE_LIMITED', message, { retryAfter }),
};
