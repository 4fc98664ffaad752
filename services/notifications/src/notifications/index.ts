import type { HttpMemberContacts, ServiceRuntime } from '@praxis/platform';
import { CONSUMER_NAME, NotificationsConsumer } from './consumer';
import type { Delivery, NotificationsConfig } from './delivery/types';
import { Feed } from './feed';
import { Preferences } from './preferences';
import { quietMemberCounts } from './quiet';

export type { NotificationsConfig } from './delivery/types';
export { CONSUMER_NAME } from './consumer';
export { receivesNoEmailSql } from './kinds';
export { notificationText, FORMER_MEMBER } from './text';
export type * from './records';

export interface DomainDeps {
  runtime: ServiceRuntime;
  config: NotificationsConfig;
  contacts: HttpMemberContacts;
  delivery: Delivery;
}

/** Notifications: the feed, preferences and quiet members here; email, digests and unsubscribe in `delivery`. */
export class NotificationsDomain {
  readonly consumer: NotificationsConsumer;
  readonly feed: Feed;
  readonly preferences: Preferences;
  readonly delivery: DomainDeps['delivery'];

  constructor(private readonly deps: DomainDeps) {
    this.consumer = new NotificationsConsumer({ runtime: deps.runtime, config: deps.config, contacts: deps.contacts, emails: deps.delivery });
    this.feed = new Feed(deps.runtime, deps.contacts);
    this.preferences = new Preferences(deps.runtime);
    this.delivery = deps.delivery;
  }

  quietMemberCounts(communityIds: readonly string[]): Promise<number[]> {
    return quietMemberCounts(this.deps.runtime, communityIds);
  }

  /**
   * Forgets how far the consumer has read, so the next drain replays the whole log: what
   * replaying must never do is notify twice, which tests prove with it.
   */
  async rewindConsumer(): Promise<void> {
    await this.deps.runtime.db.query('DELETE FROM event_positions WHERE consumer = $1', [CONSUMER_NAME]);
  }
}
