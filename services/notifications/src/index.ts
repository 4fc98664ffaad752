import { join } from 'node:path';
import { parse } from 'graphql';
import { defineSubgraph, loadSubgraphSdl, PlatformEventTables1763769600000, type RunningSubgraph } from '@praxis/platform';
import type { Context } from './context';
import { entities } from './entities';
import { notificationsConfig, notificationsEnv } from './env';
import { createLoaders } from './loaders';
import { NotificationsInitial1766000000000 } from './migrations/1766000000000-notifications-initial';
import { NotificationsDomain, type NotificationsConfig } from './notifications';
import { createDelivery } from './notifications/delivery';
import { resolvers } from './resolvers';

export const typeDefs = parse(loadSubgraphSdl(join(__dirname, 'schema')));

export const migrations = [PlatformEventTables1763769600000, NotificationsInitial1766000000000];

/** Domain wiring only; settings, runtime, server and start-up order come from platform. */
export const service = defineSubgraph<typeof notificationsEnv, NotificationsConfig, NotificationsDomain, Context>({
  name: 'notifications',
  port: 4005,
  typeDefs,
  resolvers,
  entities,
  migrations,
  env: notificationsEnv,
  config: notificationsConfig,
  wire: async (runtime, config, kit) => {
    const contacts = kit.memberContacts();
    const access = kit.membershipAccess();
    const delivery = createDelivery({ runtime, config, contacts, access });
    delivery.registerJobs();
    kit.onStop(() => delivery.close());
    const domain = new NotificationsDomain({ runtime, config, contacts, delivery });
    // Before the consumer first runs: on the first start, notifying begins at the log's end.
    await domain.consumer.markStart();
    return {
      domain,
      access,
      consumers: [domain.consumer.definition],
      routes: (app) => delivery.routes(app),
      context: (base) => ({ ...base, domain, loaders: createLoaders(domain) }),
    };
  },
  // No demo data of its own. Listed after every other service, its hook marks the end of their
  // seeding, so nobody is told about the demo (docs/adr/0011-notifications.md).
  seed: { demo: markSeeded, scale: markSeeded },
});

async function markSeeded(running: RunningSubgraph<NotificationsDomain, Context>): Promise<void> {
  await running.domain.consumer.seeded(running.runtime.clock.now());
}

export type RunningNotifications = RunningSubgraph<NotificationsDomain, Context>;

export { NotificationsDomain } from './notifications';
export type { NotificationsConfig } from './notifications';
