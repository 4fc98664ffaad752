import { Writable } from 'node:stream';
import { createLogger } from '../logging/logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

test("an error keeps its message, code and stack, but not the client a library hung on it", () => {
  const { stream, lines } = capture();
  const logger = createLogger({ service: 'logger-test', level: 'info' }, stream);
  const error = Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
    client: { connectionParameters: { user: 'praxis_events', password: 'not-for-logs' }, _types: { builtins: { BOOL: 16 } } },
  });
  logger.warn({ err: error }, 'event log connection error');
  const [line] = lines();
  expect(line).toMatchObject({ msg: 'event log connection error', err: { message: 'terminating connection due to administrator command', code: '57P01', type: 'Error' } });
  expect((line!.err as Record<string, unknown>).stack).toEqual(expect.stringContaining('terminating connection'));
  expect(JSON.stringify(line)).not.toMatch(/client|praxis_events|not-for-logs|BOOL/);
});

test('secrets passed by a careless call are still redacted', () => {
  const { stream, lines } = capture();
  createLogger({ service: 'logger-test', level: 'info' }, stream).info({ password: 'hunter2', input: { refreshToken: 'r' } }, 'careless');
  expect(JSON.stringify(lines()[0])).not.toMatch(/hunter2|"r"/);
});
