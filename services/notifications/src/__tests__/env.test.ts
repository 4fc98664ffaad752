import { ConfigError } from '@praxis/platform';
import { service } from '../index';

const PRODUCTION = { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: 'a-production-internal-secret-of-enough-length-1234' };

test('production refuses to start without its own unsubscribe secret, naming the variable', () => {
  let caught: unknown;
  try {
    service.configFrom(PRODUCTION);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  expect(String((caught as Error).message)).toContain('NOTIFICATIONS_UNSUBSCRIBE_SECRET');
  const secret = 'x'.repeat(40);
  expect(service.configFrom({ ...PRODUCTION, NOTIFICATIONS_UNSUBSCRIBE_SECRET: secret }).unsubscribeSecret).toBe(secret);
});

test('outside production the secret is derived from the internal one, stable, and not the same', () => {
  const first = service.configFrom({ NODE_ENV: 'development' });
  expect(first.unsubscribeSecret).toBe(service.configFrom({ NODE_ENV: 'development' }).unsubscribeSecret);
  expect(first.unsubscribeSecret).not.toBe(first.runtime.internalSecret);
  expect(first).toMatchObject({ undeliverableAfter: 3, backdatedMinutes: 10, email: { transport: 'file' } });
});

test('smtp email needs SMTP_URL', () => {
  expect(() => service.configFrom({ NODE_ENV: 'development', EMAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
  expect(service.configFrom({ NODE_ENV: 'development', EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525' }).email).toMatchObject({ transport: 'smtp', url: 'smtp://127.0.0.1:2525' });
});
