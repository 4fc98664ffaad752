/**
 * The one registry of error codes that Praxis puts in `extensions.code`.
 * Codes are stable: front-ends branch on them, so a code is never renamed or reused.
 * `docs/errors.md` is generated from this file by `npm run compose`.
 */
export interface ErrorCodeDefinition {
  readonly code: string;
  readonly description: string;
  /** The HTTP status a gateway may use when this is the only error of a response. */
  readonly httpStatus: number;
}

function defineCode<C extends string>(code: C, httpStatus: number, description: string): ErrorCodeDefinition & { code: C } {
  return { code, httpStatus, description };
}

export const ERROR_CODES = {
  UNAUTHENTICATED: defineCode('UNAUTHENTICATED', 401, 'The request has no valid identity: no token where one is needed, or a token that is expired, revoked or wrongly signed.'),
  FORBIDDEN: defineCode('FORBIDDEN', 403, 'The viewer can see what is named but may not do this. `extensions.reason` always says why (docs/adr/0008-not-found-and-forbidden.md).'),
  NOT_FOUND: defineCode('NOT_FOUND', 404, 'What a mutation or report names does not exist, its id is malformed, or the viewer may not see it; reads by id answer null instead (docs/adr/0008-not-found-and-forbidden.md).'),
  BAD_USER_INPUT: defineCode('BAD_USER_INPUT', 400, 'An argument is malformed. `extensions.field` is the dotted path of the offending input field, and `extensions.fields` lists every problem found.'),
  CONFLICT: defineCode('CONFLICT', 409, 'The request clashes with the current state: a duplicate, the last coordinator, a locked thread. `extensions.reason` says which.'),
  SECOND_FACTOR_REQUIRED: defineCode('SECOND_FACTOR_REQUIRED', 403, 'The viewer holds a staff role (network admin or analyst, or coordinator) in a network that requires two factors for its staff, and has not enrolled one: privileged operations there wait until they do (`enrolSecondFactor`); plain-member operations still work.'),
  RATE_LIMITED: defineCode('RATE_LIMITED', 429, 'Too many requests. `extensions.retryAfter` is the number of seconds to wait.'),
  QUERY_TOO_COMPLEX: defineCode('QUERY_TOO_COMPLEX', 400, 'The operation exceeds a limit on depth, aliases, tokens or cost. Split it or ask for less.'),
  INTERNAL_SERVER_ERROR: defineCode('INTERNAL_SERVER_ERROR', 500, 'Something failed on our side. `extensions.requestId` identifies it in the logs.'),
  SUBGRAPH_UNAVAILABLE: defineCode(
    'SUBGRAPH_UNAVAILABLE',
    503,
    'One part of the graph (membership, discussion, resources, events or notifications) did not answer in time or is down. The fields it provides are null, each with this error and its `path`; the rest of the answer is complete. A part that could not ask membership for permissions answers the same: at the fields that needed the answer, or for a whole mutation, without a `path`, when it could not check the viewer, in which case nothing was written. Retry later.',
  ),
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Secondary, equally stable reasons that refine FORBIDDEN and CONFLICT,
 * for the cases where a front-end shows something different.
 */
export const ERROR_REASONS = {
  EMAIL_NOT_VERIFIED: 'The account has not confirmed its email address yet.',
  INSUFFICIENT_SCOPE: 'The API token lacks the scope this operation needs.',
  BANNED: 'The viewer is banned from this community.',
  NOT_A_MEMBER: 'Only members of the community may do this.',
  ROLE_REQUIRED: 'The viewer can see the target, but doing this needs a role they lack: moderator, coordinator, network admin or analyst, or its author.',
  ARCHIVED: 'The community is archived and read-only.',
  DUPLICATE: 'Something with the same unique value exists already.',
  LAST_COORDINATOR: 'A community must keep at least one coordinator.',
  LAST_ADMIN: 'A network must keep at least one admin.',
  ALREADY_MEMBER: 'The member already belongs to the community.',
  REQUEST_PENDING: 'A join request is already waiting for a decision.',
  JOIN_POLICY: 'The community does not accept joining this way.',
  INVALID_STATE: 'The thing is not in a state that allows this, for example a request already decided.',
  TOKEN_INVALID: 'The token is unknown, used, revoked or expired.',
  INVITATION_EMAIL_MISMATCH: 'The invitation was sent to a different email address.',
  LOCKED: 'The thread is locked and takes no new replies.',
  ACCOUNT_DELETED: 'The account was deleted; its sessions and tokens no longer work (refines UNAUTHENTICATED).',
  SECOND_FACTOR_REQUIRED: 'The account has a second factor: sign in again with the password and a code from the authenticator app or a recovery code (refines UNAUTHENTICATED on `signIn`; answered whether or not the password was right).',
  SESSION_ENDED: 'The session this access token belongs to was ended (signed out or revoked); sign in again (refines UNAUTHENTICATED).',
  CSRF: 'A session route (`/auth/*`) was called without the `X-Praxis-CSRF: 1` header or from an origin the gateway does not allow.',
} as const;

export type ErrorReason = keyof typeof ERROR_REASONS;
