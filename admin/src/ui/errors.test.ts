import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { ApiError, describeError, describeProblem, fieldErrors, isNetworkFailure, onlyFieldErrors, problemsOf } from './errors';

const graphQLError = (extensions: Record<string, unknown>, message = 'from the server') => new CombinedGraphQLErrors({ errors: [{ message, extensions }] });

describe('error codes in plain words', () => {
  it.each([
    [{ code: 'UNAUTHENTICATED' }, 'Your session has ended. Please sign in again.'],
    [{ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DELETED' }, 'This account has been deleted.'],
    [{ code: 'FORBIDDEN', reason: 'ROLE_REQUIRED' }, "You don't have the role needed to do this here."],
    [{ code: 'FORBIDDEN', reason: 'ARCHIVED' }, 'This community is archived, so it is read-only.'],
    [{ code: 'FORBIDDEN', reason: 'CSRF' }, 'The request was refused because it did not come from this app. Reload the page and try again.'],
    [{ code: 'FORBIDDEN' }, "You don't have permission to do this."],
    [{ code: 'NOT_FOUND' }, "We couldn't find that. It may have been removed, or you may not have access to it."],
    [{ code: 'CONFLICT', reason: 'LAST_COORDINATOR' }, 'A community must keep at least one coordinator. Make someone else a coordinator first.'],
    [{ code: 'CONFLICT', reason: 'INVALID_STATE' }, 'This has already been dealt with, perhaps by someone else. Refresh to see where it stands.'],
    [{ code: 'CONFLICT' }, 'This clashes with a change made in the meantime. Refresh and try again.'],
    [{ code: 'RATE_LIMITED', retryAfter: 30 }, 'Too many attempts in a short time. Please wait 30 seconds and try again.'],
    [{ code: 'RATE_LIMITED', retryAfter: 1 }, 'Too many attempts in a short time. Please wait 1 second and try again.'],
    [{ code: 'RATE_LIMITED', retryAfter: 600 }, 'Too many attempts in a short time. Please wait 10 minutes and try again.'],
    [{ code: 'SECOND_FACTOR_REQUIRED' }, 'Enter the code from your authenticator app to continue.'],
    [{ code: 'QUERY_TOO_COMPLEX' }, 'That asked for too much at once. Try a smaller page.'],
    [{ code: 'SUBGRAPH_UNAVAILABLE' }, "Part of Praxis isn't answering right now, so some information may be missing. Try again shortly."],
    [{ code: 'INTERNAL_SERVER_ERROR' }, 'Something went wrong on our side. Please try again shortly.'],
    [{ code: 'SOMETHING_NEW' }, 'Something went wrong on our side. Please try again shortly.'],
  ])('%o', (extensions, expected) => {
    expect(describeError(graphQLError(extensions))).toBe(expected);
  });

  it("never shows the server's message for a code other than BAD_USER_INPUT", () => {
    expect(describeError(graphQLError({ code: 'INTERNAL_SERVER_ERROR' }, 'relation "membership.x" does not exist'))).not.toContain('relation');
  });

  it('BAD_USER_INPUT with a field goes under that field, without the input. prefix', () => {
    const error = graphQLError({ code: 'BAD_USER_INPUT', field: 'input.reason' }, 'The reason must be 1 to 2,000 characters.');
    expect(fieldErrors(error)).toEqual({ reason: 'The reason must be 1 to 2,000 characters.' });
    expect(onlyFieldErrors(error, ['reason'])).toBe(true);
    expect(onlyFieldErrors(error, ['email'])).toBe(false);
  });

  it('BAD_USER_INPUT naming several fields puts each message under its own field', () => {
    const error = graphQLError({
      code: 'BAD_USER_INPUT',
      field: 'input.digestHour',
      fields: [
        { field: 'input.digestHour', message: 'The hour is 0 to 23.' },
        { field: 'input.timeZone', message: 'Unknown time zone.' },
      ],
    });
    expect(fieldErrors(error)).toEqual({ digestHour: 'The hour is 0 to 23.', timeZone: 'Unknown time zone.' });
    expect(onlyFieldErrors(error, ['digestHour', 'timeZone'])).toBe(true);
    expect(onlyFieldErrors(error, ['digestHour'])).toBe(false);
  });

  it('BAD_USER_INPUT without a field is a general message', () => {
    const error = graphQLError({ code: 'BAD_USER_INPUT' }, '');
    expect(fieldErrors(error)).toEqual({});
    expect(describeError(error)).toBe('Please check what you entered.');
  });

  it('reads the error body of a non-2xx answer (the gateway answers 401 and 429 before GraphQL)', () => {
    const response = new Response('', { status: 429 });
    const error = new ServerError('Response not successful', { response, bodyText: JSON.stringify({ errors: [{ message: 'Too many', extensions: { code: 'RATE_LIMITED', retryAfter: 12 } }] }) });
    expect(problemsOf(error)[0]).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 12 });
    expect(describeError(error)).toBe('Too many attempts in a short time. Please wait 12 seconds and try again.');
  });

  it('an answer that is not the graph’s falls back to its status', () => {
    const error = new ServerError('Bad gateway', { response: new Response('', { status: 502 }), bodyText: '<html>' });
    expect(problemsOf(error)[0]?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('no answer at all is a network failure, which offers a retry', () => {
    const error = new TypeError('Failed to fetch');
    expect(isNetworkFailure(error)).toBe(true);
    expect(describeError(error)).toBe("We couldn't reach Praxis. Check your connection and try again.");
    expect(isNetworkFailure(graphQLError({ code: 'NOT_FOUND' }))).toBe(false);
  });

  it('session route errors use the same mapping', () => {
    expect(describeProblem(new ApiError([{ code: 'FORBIDDEN', reason: 'CSRF', message: '' }]).problems[0]!)).toContain('did not come from this app');
  });
});
