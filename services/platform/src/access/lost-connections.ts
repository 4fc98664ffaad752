import { interceptors, type Dispatcher } from 'undici';

/**
 * Sends a call to membership's internal API again when its connection was lost before any
 * answer: refused, reset, or closed by the other side.
 *
 * That is the everyday failure of a rolling restart. A kept-alive connection to a replica that
 * has just stopped fails the next request written on it, although every other replica is up.
 * Every internal route is a read, or resolves to the same answer when asked twice (an identity
 * links to one member), so sending it again is safe although it is a POST.
 *
 * Timeouts are not retried: a hung membership is reported within the caller's deadline. Error
 * statuses are not retried either: they are membership's own answer.
 */
export function resendingLostCalls(dispatcher: Dispatcher): Dispatcher {
  return dispatcher.compose(
    interceptors.retry({
      methods: ['POST'],
      maxRetries: 2,
      minTimeout: 50,
      maxTimeout: 200,
      timeoutFactor: 2,
      statusCodes: [],
      errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET'],
    }),
  );
}
