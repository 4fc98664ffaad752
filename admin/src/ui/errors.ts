import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/**
 * What went wrong, in the graph's own terms (docs/errors.md): a stable code, and for some codes
 * the offending input field, a reason or a wait. The app branches on these, never on messages.
 */
export interface ApiProblem {
  code: string;
  message: string;
  field?: string;
  reason?: string;
  retryAfter?: number;
}

/** Errors from the session routes, which answer in the graph's error shape. */
export class ApiError extends Error {
  constructor(readonly problems: ApiProblem[]) {
    super(problems[0]?.message || problems[0]?.code || 'Request failed');
    this.name = 'ApiError';
  }
}

const NETWORK = 'NETWORK';

/** The problems behind any error the app can meet: GraphQL errors, an HTTP error body, or no answer at all. */
export function problemsOf(error: unknown): ApiProblem[] {
  if (error instanceof ApiError) return error.problems;
  if (CombinedGraphQLErrors.is(error)) return error.errors.flatMap((entry) => withEachField(toProblem(entry), entry.extensions));
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
      if (body.errors?.length) return body.errors.map(toProblem);
    } catch {
      // An answer that is not the graph's (a proxy's page): fall through to the status.
    }
    return [{ code: error.statusCode === 429 ? 'RATE_LIMITED' : error.statusCode === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR', message: '' }];
  }
  return [{ code: NETWORK, message: error instanceof Error ? error.message : String(error) }];
}

export function toProblem(error: { message?: string; extensions?: Record<string, unknown> }): ApiProblem {
  const ext = error.extensions ?? {};
  return {
    code: typeof ext.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR',
    message: error.message ?? '',
    field: typeof ext.field === 'string' ? ext.field : undefined,
    reason: typeof ext.reason === 'string' ? ext.reason : undefined,
    retryAfter: typeof ext.retryAfter === 'number' ? ext.retryAfter : undefined,
  };
}

/**
 * One BAD_USER_INPUT can name several fields (`extensions.fields`, every problem found): each
 * becomes a problem of its own, so every field shows its message, not only the first.
 */
function withEachField(problem: ApiProblem, extensions: Record<string, unknown> | undefined): ApiProblem[] {
  const fields = extensions?.fields;
  if (problem.code !== 'BAD_USER_INPUT' || !Array.isArray(fields)) return [problem];
  const each = fields.flatMap((entry: unknown) => {
    const { field, message } = (entry ?? {}) as { field?: unknown; message?: unknown };
    return typeof field === 'string' ? [{ ...problem, field, message: typeof message === 'string' ? message : problem.message }] : [];
  });
  return each.length ? each : [problem];
}

/** No answer reached us: offer a retry rather than an explanation. */
export function isNetworkFailure(error: unknown): boolean {
  return problemsOf(error).some((problem) => problem.code === NETWORK);
}

const FORBIDDEN_REASONS: Record<string, string> = {
  ROLE_REQUIRED: "You don't have the role needed to do this here.",
  NOT_A_MEMBER: 'Only members of this community can do this.',
  BANNED: 'This account is banned from this community.',
  ARCHIVED: 'This community is archived, so it is read-only.',
  EMAIL_NOT_VERIFIED: 'This account has not confirmed its email address yet.',
  INSUFFICIENT_SCOPE: "This sign-in doesn't allow this action.",
  CSRF: 'The request was refused because it did not come from this app. Reload the page and try again.',
};

const CONFLICT_REASONS: Record<string, string> = {
  DUPLICATE: 'Something with the same details already exists.',
  LAST_COORDINATOR: 'A community must keep at least one coordinator. Make someone else a coordinator first.',
  LAST_ADMIN: 'A network must keep at least one admin.',
  ALREADY_MEMBER: 'This person is already a member of the community.',
  REQUEST_PENDING: 'A request to join is already waiting for a decision.',
  JOIN_POLICY: "This community doesn't accept members this way.",
  INVALID_STATE: 'This has already been dealt with, perhaps by someone else. Refresh to see where it stands.',
  TOKEN_INVALID: 'This link is no longer valid: it was used, revoked or has expired.',
  INVITATION_EMAIL_MISMATCH: 'The invitation was sent to a different email address.',
  LOCKED: 'The thread is locked.',
  ARCHIVED: 'This community is archived, so it is read-only.',
};

function waitText(seconds: number | undefined): string {
  if (seconds === undefined || seconds <= 0) return 'Please wait a moment and try again.';
  if (seconds < 90) return `Please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`;
  const minutes = Math.ceil(seconds / 60);
  return `Please wait ${minutes} minutes and try again.`;
}

/** One problem in plain Australian English, for a person rather than a developer. */
export function describeProblem(problem: ApiProblem): string {
  switch (problem.code) {
    case 'BAD_USER_INPUT':
      return problem.message || 'Please check what you entered.';
    case 'UNAUTHENTICATED':
      return problem.reason === 'ACCOUNT_DELETED' ? 'This account has been deleted.' : 'Your session has ended. Please sign in again.';
    case 'FORBIDDEN':
      return (problem.reason && FORBIDDEN_REASONS[problem.reason]) ?? "You don't have permission to do this.";
    case 'NOT_FOUND':
      return "We couldn't find that. It may have been removed, or you may not have access to it.";
    case 'CONFLICT':
      return (problem.reason && CONFLICT_REASONS[problem.reason]) ?? 'This clashes with a change made in the meantime. Refresh and try again.';
    case 'RATE_LIMITED':
      return `Too many attempts in a short time. ${waitText(problem.retryAfter)}`;
    case 'SECOND_FACTOR_REQUIRED':
      return 'Enter the code from your authenticator app to continue.';
    case 'QUERY_TOO_COMPLEX':
      return 'That asked for too much at once. Try a smaller page.';
    case 'SUBGRAPH_UNAVAILABLE':
      return "Part of Praxis isn't answering right now, so some information may be missing. Try again shortly.";
    case NETWORK:
      return "We couldn't reach Praxis. Check your connection and try again.";
    default:
      return 'Something went wrong on our side. Please try again shortly.';
  }
}

/** The message for an error as a whole: the first problem that is not about a form field, else the first. */
export function describeError(error: unknown): string {
  const problems = problemsOf(error);
  const general = problems.find((problem) => !(problem.code === 'BAD_USER_INPUT' && problem.field)) ?? problems[0];
  return general ? describeProblem(general) : describeProblem({ code: 'INTERNAL_SERVER_ERROR', message: '' });
}

/**
 * Field messages keyed by form field: `extensions.field` is the dotted input path
 * (`input.reason`), and a form names its fields without the `input.` prefix.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const problem of problemsOf(error)) {
    if (problem.code !== 'BAD_USER_INPUT' || !problem.field) continue;
    const field = problem.field.replace(/^input\./, '');
    result[field] ??= describeProblem(problem);
  }
  return result;
}

/** Whether every problem was placed under a form field, so nothing else needs saying. */
export function onlyFieldErrors(error: unknown, fields: readonly string[]): boolean {
  const problems = problemsOf(error);
  return problems.length > 0 && problems.every((problem) => problem.code === 'BAD_USER_INPUT' && problem.field && fields.includes(problem.field.replace(/^input\./, '')));
}
