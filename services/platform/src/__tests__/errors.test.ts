import { GraphQLError } from 'graphql';
import { errors } from '../errors/domain-error';
import { maskError } from '../errors/graphql';

const format = (error: GraphQLError) => maskError({ message: error.message, extensions: error.extensions, path: ['x'] }, error);

test('domain errors keep their code and helpful fields', () => {
  const wrapped = new GraphQLError('ignored', { originalError: errors.badInput('input.email', 'Enter a valid email address.') });
  expect(format(wrapped)).toEqual({
    message: 'Enter a valid email address.',
    path: ['x'],
    locations: undefined,
    extensions: { code: 'BAD_USER_INPUT', field: 'input.email', fields: [{ field: 'input.email', message: 'Enter a valid email address.' }] },
  });
  const conflict = new GraphQLError('ignored', { originalError: errors.conflict('LAST_COORDINATOR', 'Keep one.') });
  expect(format(conflict).extensions).toEqual({ code: 'CONFLICT', reason: 'LAST_COORDINATOR' });
});

test('anything else is masked: no SQL, no stack, no host names', () => {
  const leak = new GraphQLError('duplicate key value violates unique constraint "x" at db.internal:5432', {
    originalError: new Error('duplicate key value violates unique constraint "x" at db.internal:5432'),
    extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at secret.ts:1'], requestId: 'r-1' },
  });
  expect(format(leak)).toEqual({ message: 'Internal server error.', path: ['x'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'r-1' } });
});

test('registry codes from other layers pass through without their stack', () => {
  const error = new GraphQLError('Sign in.', { extensions: { code: 'UNAUTHENTICATED', stacktrace: ['x'] } });
  expect(format(error).extensions).toEqual({ code: 'UNAUTHENTICATED' });
});
