import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subgraphTestConfig, testSubgraph } from '@praxis/platform/testing';
import { service } from '../index';
import type { NotificationsConfig } from '../notifications';
import { NotificationsFactories } from './factories';

export { NotificationsFactories, publishEvents } from './factories';
/** Waits until no notification or digest email is queued: how tests say "no email" without sleeping. */
export { emailsSettled } from '../notifications/delivery';

/**
 * Notifications' settings for tests: this worker's database, fast polling, and email to the
 * given SMTP server (the end-to-end harness passes one) or else to files. `env` adds
 * MEMBERSHIP_INTERNAL_URL once membership is up.
 */
export function notificationsTestConfig(options: { smtpUrl?: string; env?: Record<string, string> } = {}): Promise<NotificationsConfig> {
  return subgraphTestConfig(service, {
    ...(options.smtpUrl ? { EMAIL_TRANSPORT: 'smtp', SMTP_URL: options.smtpUrl } : { EMAIL_TRANSPORT: 'file', EMAIL_DIR: join(tmpdir(), 'praxis-test-mail') }),
    ...options.env,
  });
}

/** The generic name the end-to-end harness looks for in every service's testing module. */
export { notificationsTestConfig as testConfig };

/** Notifications for `startSubgraphTest`: any test starts it, and its dependencies, by this descriptor. */
export const notifications = testSubgraph({ name: 'notifications', service, testConfig: notificationsTestConfig, factories: (running) => new NotificationsFactories(running) });
