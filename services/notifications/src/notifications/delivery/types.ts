import type { FastifyInstance } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { AccessSource, HttpMemberContacts, MailerConfig, ServiceRuntime, SubgraphConfig } from '@praxis/platform';

/** Notifications' config: the shared subgraph settings and its own (env.ts). */
export interface NotificationsConfig extends SubgraphConfig {
  email: MailerConfig;
  /** The gateway's public address, for one-click unsubscribe links (PUBLIC_GRAPH_URL). */
  publicGraphUrl: string;
  /** The front-end's address, for links to threads, events and resources (PUBLIC_APP_URL). */
  publicAppUrl: string;
  /** Signs unsubscribe tokens (NOTIFICATIONS_UNSUBSCRIBE_SECRET). */
  unsubscribeSecret: string;
  /** Permanent failures after which an address is marked undeliverable (NOTIFICATIONS_UNDELIVERABLE_AFTER, 3). */
  undeliverableAfter: number;
  /** Events recorded this many minutes or more after they happened are history and never notify (NOTIFICATIONS_BACKDATED_MINUTES, 10). */
  backdatedMinutes: number;
}

/** What delivery needs from the service. */
export interface DeliveryDeps {
  runtime: ServiceRuntime;
  config: NotificationsConfig;
  contacts: HttpMemberContacts;
  access: AccessSource;
}

/** A notification just created, to be emailed at once. */
export interface NewEmail {
  notificationId: string;
  recipientId: string;
}

/** Email, digests and unsubscribe: built once per process by `createDelivery(deps)` (delivery/index.ts). */
export interface Delivery {
  /** Registers the email and digest jobs; call before the runtime's queue starts. */
  registerJobs(): void;
  /** GET and POST /notifications/unsubscribe. */
  routes(app: FastifyInstance): void;
  /** Enqueues one email job per new notification, inside the consumer's transaction. */
  enqueueEmails(manager: EntityManager, emails: NewEmail[]): Promise<void>;
  /** Sends every digest due at `now` (the runtime clock by default); how many were sent. */
  runDueDigests(now?: Date): Promise<number>;
  /** Applies an unsubscribe token: the kind turned to in-app only, or the digest turned off. BAD_USER_INPUT on `token` when invalid. */
  unsubscribe(token: string): Promise<{ kind: string | null; digest: boolean }>;
  /** A signed unsubscribe token for this member and kind ('DIGEST' for the digest). */
  unsubscribeToken(memberId: string, kind: string): Promise<string>;
  close(): Promise<void>;
}
