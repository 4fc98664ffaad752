import { Dispatcher } from 'undici';
import { probe } from '../library/links';

/**
 * A connection pool that takes a request and never starts it: the request's own timeout and
 * signal wait for a connection that never comes. The probe must still end within its budget, or
 * one such link would hold the scheduled check until its job expired.
 */
class NeverStarts extends Dispatcher {
  taken = 0;
  override dispatch(): boolean {
    this.taken += 1;
    return true;
  }
}

test('a link whose request never starts is reported as not answering, within every attempt’s time together', async () => {
  const dispatcher = new NeverStarts();
  const result = await probe('http://198.51.100.7/report.pdf', { timeoutMs: 200, maxRedirects: 1, dispatcher: dispatcher as never, allowPrivateAddresses: true });
  // Two hops of HEAD and GET at 200 ms, and a second of grace.
  expect(result).toEqual({ status: 'BROKEN', httpStatus: null, problem: 'No answer within 1.8 s.', finalUrl: null });
  expect(dispatcher.taken).toBe(1);
});
