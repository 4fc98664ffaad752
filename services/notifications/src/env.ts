import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, env, type SubgraphConfig } from '@praxis/platform';
import type { NotificationsConfig } from './notifications/delivery/types';

/** Notifications' own settings; the shared ones (NOTIFICATIONS_PORT, NOTIFICATIONS_DATABASE_URL…) come from platform. */
export const notificationsEnv = z.object({
  EMAIL_TRANSPORT: z.enum(['file', 'smtp']).default('file'),
  EMAIL_DIR: z.string().default('.praxis/mail'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  EMAIL_FROM: z.string().default('Praxis <no-reply@praxis.example.org>'),
  /** Where browsers reach the gateway, which forwards one-click unsubscribe (the same setting as the gateway's). */
  PUBLIC_GRAPH_URL: env.httpUrl().default('http://localhost:4000'),
  PUBLIC_APP_URL: env.httpUrl().default('http://localhost:3000'),
  /** Signs unsubscribe links; derived from INTERNAL_AUTH_SECRET outside production. */
  NOTIFICATIONS_UNSUBSCRIBE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  NOTIFICATIONS_UNDELIVERABLE_AFTER: env.int(3, 1, 100),
  NOTIFICATIONS_BACKDATED_MINUTES: env.int(10, 1, 7 * 24 * 60),
});

export type NotificationsEnv = z.infer<typeof notificationsEnv>;

export function notificationsConfig(value: NotificationsEnv, shared: SubgraphConfig): NotificationsConfig {
  if (value.EMAIL_TRANSPORT === 'smtp' && !value.SMTP_URL) throw new ConfigError([{ variable: 'SMTP_URL', message: 'required when EMAIL_TRANSPORT is smtp' }]);
  return {
    ...shared,
    email:
      value.EMAIL_TRANSPORT === 'smtp'
        ? { transport: 'smtp', url: value.SMTP_URL!, from: value.EMAIL_FROM }
        : { transport: 'file', directory: value.EMAIL_DIR, from: value.EMAIL_FROM },
    publicGraphUrl: value.PUBLIC_GRAPH_URL.replace(/\/+$/, ''),
    publicAppUrl: value.PUBLIC_APP_URL.replace(/\/+$/, ''),
    unsubscribeSecret: unsubscribeSecret(value, shared),
    undeliverableAfter: value.NOTIFICATIONS_UNDELIVERABLE_AFTER,
    backdatedMinutes: value.NOTIFICATIONS_BACKDATED_MINUTES,
  };
}

function unsubscribeSecret(value: NotificationsEnv, shared: SubgraphConfig): string {
  if (value.NOTIFICATIONS_UNSUBSCRIBE_SECRET) return value.NOTIFICATIONS_UNSUBSCRIBE_SECRET;
  if (shared.runtime.nodeEnv === 'production') {
    throw new ConfigError([{ variable: 'NOTIFICATIONS_UNSUBSCRIBE_SECRET', message: 'required in production: at least 32 random characters (openssl rand -base64 32)' }]);
  }
  // Its own label, so an unsubscribe token can never pass for a service assertion.
  return Buffer.from(hkdfSync('sha256', shared.runtime.internalSecret, 'praxis', 'notifications/unsubscribe-tokens', 32)).toString('base64url');
}
