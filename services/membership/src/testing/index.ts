import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey } from '../membership/signing-keys';
import type { MembershipConfig } from '../membership';
import { service } from '../index';
import { subgraphTestConfig, testSubgraph } from '@praxis/platform/testing';
import type { JWK } from 'jose';

import { MembershipFactories } from './factories';

export { MembershipFactories, TEST_PASSWORD } from './factories';
export { newCast, type Cast, type CastOptions } from './cast';

let signingKey: Promise<JWK> | undefined;

/** Membership's settings for tests: the worker's database, cheap password hashing, fast polling. */
export async function membershipTestConfig(options: { smtpUrl?: string; env?: Record<string, string> } = {}): Promise<MembershipConfig> {
  signingKey ??= generateSigningKey();
  return subgraphTestConfig(service, {
    PASSWORD_SCRYPT_LOG2N: '4',
    AUTH_SIGNING_KEYS: JSON.stringify([await signingKey]),
    PUBLIC_APP_URL: 'http://app.test',
    // Never the checkout's own spool, which a running `npm start` may fill with its records.
    AUDIT_SPOOL_DIR: join(tmpdir(), `praxis-test-audit-spool-${process.pid}`),
    ...(options.smtpUrl ? { EMAIL_TRANSPORT: 'smtp', SMTP_URL: options.smtpUrl } : { EMAIL_TRANSPORT: 'file', EMAIL_DIR: join(tmpdir(), 'praxis-test-mail') }),
    ...options.env,
  });
}

/** The generic name the end-to-end harness looks for in every service's testing module. */
export { membershipTestConfig as testConfig };

/** Membership for startSubgraphTest; a test that needs it finds its factories as `people`. */
export const membership = testSubgraph({
  name: 'membership',
  service,
  testConfig: membershipTestConfig,
  factories: (running) => new MembershipFactories(running),
  factoriesKey: 'people',
});
