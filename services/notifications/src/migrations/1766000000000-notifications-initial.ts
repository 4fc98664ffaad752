import type { MigrationInterface, QueryRunner } from 'typeorm';

// The kinds as they were when this migration was written, not imported: a migration must mean the
// same thing for ever, and a later kind comes with a migration of its own that widens the check.
const KINDS = [
  'MENTION',
  'THREAD_REPLY',
  'NEW_THREAD',
  'JOIN_REQUEST_PENDING',
  'JOIN_REQUEST_DECIDED',
  'EVENT_REMINDER',
  'WAITLIST_PROMOTED',
  'EVENT_CHANGED',
  'CERTIFICATE_READY',
  'RESOURCE_REVIEWED',
  'POST_MODERATED',
];
const kinds = KINDS.map((kind) => `'${kind}'`).join(', ');

/**
 * Notifications' tables: where notifying starts per publisher, the projections it keeps from the
 * event log (never another service's tables, docs/adr/0011-notifications.md), the feed, email
 * deliveries, preferences, digests sent and undeliverable addresses. No addresses or names are
 * stored: membership is asked for them when a message goes out.
 */
export class NotificationsInitial1766000000000 implements MigrationInterface {
  name = 'NotificationsInitial1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE notify_from (publisher text PRIMARY KEY, seq bigint NOT NULL CHECK (seq >= 0))`);

    await runner.query(`CREATE TABLE networks (id uuid PRIMARY KEY, name text NOT NULL, time_zone text NOT NULL)`);
    await runner.query(`CREATE TABLE communities (id uuid PRIMARY KEY, network_id uuid NOT NULL, name text NOT NULL, slug text NOT NULL)`);
    await runner.query(`
      CREATE TABLE community_members (
        community_id uuid NOT NULL,
        member_id    uuid NOT NULL,
        network_id   uuid NOT NULL,
        role         text NOT NULL CHECK (role IN ('MEMBER', 'MODERATOR', 'COORDINATOR')),
        joined_at    timestamptz NOT NULL,
        PRIMARY KEY (community_id, member_id)
      )`);
    await runner.query('CREATE INDEX community_members_by_member ON community_members (member_id)');
    // Removed or banned from a community: told nothing more from it, even where it is public, until they join again.
    await runner.query(`CREATE TABLE removed_members (community_id uuid NOT NULL, member_id uuid NOT NULL, PRIMARY KEY (community_id, member_id))`);
    await runner.query('CREATE INDEX removed_members_by_member ON removed_members (member_id)');
    await runner.query(`CREATE TABLE thread_follows (thread_id uuid NOT NULL, member_id uuid NOT NULL, PRIMARY KEY (thread_id, member_id))`);
    await runner.query('CREATE INDEX thread_follows_by_member ON thread_follows (member_id)');
    await runner.query(`CREATE TABLE forum_follows (forum_id uuid NOT NULL, member_id uuid NOT NULL, PRIMARY KEY (forum_id, member_id))`);
    await runner.query('CREATE INDEX forum_follows_by_member ON forum_follows (member_id)');
    await runner.query(`
      CREATE TABLE threads (
        id           uuid PRIMARY KEY,
        forum_id     uuid NOT NULL,
        community_id uuid NOT NULL,
        network_id   uuid NOT NULL,
        author_id    uuid,
        title        text
      )`);
    await runner.query('CREATE INDEX threads_by_author ON threads (author_id) WHERE author_id IS NOT NULL');
    await runner.query(`
      CREATE TABLE events (
        id           uuid PRIMARY KEY,
        community_id uuid NOT NULL,
        network_id   uuid NOT NULL,
        title        text,
        starts_at    timestamptz NOT NULL,
        ends_at      timestamptz NOT NULL,
        status       text NOT NULL CHECK (status IN ('SCHEDULED', 'CANCELLED', 'DELETED'))
      )`);
    await runner.query('CREATE INDEX events_upcoming ON events (community_id, starts_at)');
    await runner.query(`
      CREATE TABLE event_registrations (
        event_id  uuid NOT NULL,
        member_id uuid NOT NULL,
        status    text NOT NULL CHECK (status IN ('REGISTERED', 'WAITLISTED')),
        PRIMARY KEY (event_id, member_id)
      )`);
    await runner.query('CREATE INDEX event_registrations_by_member ON event_registrations (member_id)');
    await runner.query(`
      CREATE TABLE featured_resources (
        resource_id  uuid PRIMARY KEY,
        network_id   uuid NOT NULL,
        community_id uuid,
        title        text NOT NULL,
        featured_at  timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX featured_resources_recent ON featured_resources (featured_at)');
    await runner.query(`
      CREATE TABLE moderated_posts (
        post_id      uuid PRIMARY KEY,
        thread_id    uuid NOT NULL,
        action       text NOT NULL CHECK (action IN ('HIDDEN', 'REMOVED')),
        opening_post boolean NOT NULL
      )`);
    await runner.query('CREATE INDEX moderated_posts_by_thread ON moderated_posts (thread_id) WHERE opening_post');

    await runner.query(`
      CREATE TABLE notifications (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id    uuid NOT NULL,
        kind            text NOT NULL CHECK (kind IN (${kinds})),
        source_event_id uuid NOT NULL,
        occurred_at     timestamptz NOT NULL,
        created_at      timestamptz NOT NULL,
        actor_id        uuid,
        community_id    uuid,
        network_id      uuid,
        target_type     text CHECK (target_type IN ('THREAD', 'EVENT', 'RESOURCE', 'COMMUNITY')),
        target_id       uuid,
        post_id         uuid,
        data            jsonb NOT NULL DEFAULT '{}',
        channel         text NOT NULL CHECK (channel IN ('EMAIL', 'DIGEST', 'IN_APP')),
        read_at         timestamptz,
        CONSTRAINT notifications_once UNIQUE (recipient_id, source_event_id),
        CHECK ((target_type IS NULL) = (target_id IS NULL))
      )`);
    await runner.query('CREATE INDEX notifications_feed ON notifications (recipient_id, occurred_at DESC, id DESC)');
    await runner.query('CREATE INDEX notifications_unread ON notifications (recipient_id) WHERE read_at IS NULL');
    await runner.query('CREATE INDEX notifications_by_actor ON notifications (actor_id) WHERE actor_id IS NOT NULL');
    await runner.query(`
      CREATE TABLE email_deliveries (
        notification_id uuid PRIMARY KEY REFERENCES notifications (id) ON DELETE CASCADE,
        recipient_id    uuid NOT NULL,
        status          text NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'SKIPPED', 'FAILED')),
        attempts        int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        skipped_reason  text,
        last_error      text,
        sent_at         timestamptz
      )`);
    await runner.query('CREATE INDEX email_deliveries_by_recipient ON email_deliveries (recipient_id)');
    await runner.query(`
      CREATE TABLE preferences (
        member_id        uuid PRIMARY KEY,
        channels         jsonb NOT NULL DEFAULT '{}',
        digest_frequency text NOT NULL CHECK (digest_frequency IN ('OFF', 'DAILY', 'WEEKLY')),
        digest_weekday   int NOT NULL CHECK (digest_weekday BETWEEN 1 AND 7),
        digest_hour      int NOT NULL CHECK (digest_hour BETWEEN 0 AND 23),
        time_zone        text NOT NULL,
        updated_at       timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE digests (
        member_id  uuid NOT NULL,
        period_key text NOT NULL,
        sent_at    timestamptz NOT NULL,
        item_count int NOT NULL CHECK (item_count >= 0),
        PRIMARY KEY (member_id, period_key)
      )`);
    await runner.query(`
      CREATE TABLE undeliverable (
        member_id       uuid PRIMARY KEY,
        address_hash    text NOT NULL,
        failures        int NOT NULL CHECK (failures >= 0),
        marked_at       timestamptz,
        last_failure_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'undeliverable',
      'digests',
      'preferences',
      'email_deliveries',
      'notifications',
      'moderated_posts',
      'featured_resources',
      'event_registrations',
      'events',
      'threads',
      'forum_follows',
      'thread_follows',
      'removed_members',
      'community_members',
      'communities',
      'networks',
      'notify_from',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
