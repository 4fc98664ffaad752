import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUS = `('PUBLISHED', 'PENDING_APPROVAL', 'HIDDEN', 'DELETED')`;

/**
 * Forums, threads, posts and their history; reactions, views, follows and read positions;
 * reports and the moderation log; and the projections discussion keeps of other services.
 * Communities, networks and members belong to membership, so their ids carry no foreign keys
 * (docs/adr/0004-database-per-service-schema.md); everything within discussion does.
 *
 * Indexes serve each query path: forum pages, community and member pages, search, the
 * moderation queue, and the per-community, per-time scans that participation reports make.
 */
export class DiscussionInitial1763900000000 implements MigrationInterface {
  name = 'DiscussionInitial1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE networks (
        id        uuid PRIMARY KEY,
        time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64)
      )`);

    await runner.query(`
      CREATE TABLE subjects (
        type         text NOT NULL CHECK (type IN ('RESOURCE', 'EVENT')),
        id           uuid NOT NULL,
        network_id   uuid NOT NULL,
        community_id uuid,
        deleted      boolean NOT NULL DEFAULT false,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (type, id),
        -- Events always belong to a community; only resources can be shared network-wide.
        CONSTRAINT subjects_event_community CHECK (type = 'RESOURCE' OR community_id IS NOT NULL)
      )`);

    await runner.query(`
      CREATE TABLE community_settings (
        community_id         uuid PRIMARY KEY,
        network_id           uuid NOT NULL,
        pre_moderation_posts integer NOT NULL DEFAULT 0 CHECK (pre_moderation_posts BETWEEN 0 AND 50),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        updated_by           uuid
      )`);

    await runner.query(`
      CREATE TABLE forums (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL,
        network_id   uuid NOT NULL,
        kind         text NOT NULL DEFAULT 'FORUM' CHECK (kind IN ('FORUM', 'COMMENTS')),
        name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
        description  text CHECK (length(description) <= 2000),
        position     integer NOT NULL DEFAULT 0 CHECK (position >= 0),
        archived_at  timestamptz,
        created_by   uuid,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        -- Lets threads reference a forum together with its community, so the database refuses
        -- a thread whose community is not its forum's.
        CONSTRAINT forums_id_community UNIQUE (id, community_id)
      )`);
    await runner.query(`CREATE UNIQUE INDEX forums_name_key ON forums (community_id, lower(name)) WHERE kind = 'FORUM'`);
    await runner.query(`CREATE UNIQUE INDEX forums_one_comments ON forums (community_id) WHERE kind = 'COMMENTS'`);
    await runner.query(`CREATE INDEX forums_order ON forums (community_id, position, id) WHERE kind = 'FORUM'`);

    await runner.query(`
      CREATE TABLE threads (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        forum_id         uuid NOT NULL,
        community_id     uuid NOT NULL,
        network_id       uuid NOT NULL,
        kind             text NOT NULL CHECK (kind IN ('DISCUSSION', 'QUESTION', 'CASE_SCENARIO')),
        title            text CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        tags             text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10),
        author_id        uuid NOT NULL,
        status           text NOT NULL CHECK (status IN ${STATUS}),
        subject_type     text CHECK (subject_type IN ('RESOURCE', 'EVENT')),
        subject_id       uuid,
        locked_at        timestamptz,
        pinned           boolean NOT NULL DEFAULT false,
        accepted_post_id uuid,
        created_at       timestamptz NOT NULL DEFAULT now(),
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        deleted_at       timestamptz,
        FOREIGN KEY (forum_id, community_id) REFERENCES forums (id, community_id),
        CONSTRAINT threads_subject CHECK ((subject_type IS NULL) = (subject_id IS NULL)),
        CONSTRAINT threads_title CHECK (subject_type IS NOT NULL OR title IS NOT NULL),
        CONSTRAINT threads_answer_for_questions CHECK (accepted_post_id IS NULL OR kind = 'QUESTION'),
        CONSTRAINT threads_deleted CHECK ((status = 'DELETED') = (deleted_at IS NOT NULL))
      )`);
    await runner.query(`CREATE UNIQUE INDEX threads_one_per_subject ON threads (subject_type, subject_id) WHERE subject_type IS NOT NULL`);
    // Not partial: one forum page serves moderators (who also see held and hidden threads) and
    // everyone else, filtering the few non-published rows as the index is walked in order.
    await runner.query(`CREATE INDEX threads_forum_activity ON threads (forum_id, pinned DESC, last_activity_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX threads_forum_newest ON threads (forum_id, created_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX threads_community_recent ON threads (community_id, last_activity_at DESC, id DESC) WHERE status = 'PUBLISHED' AND subject_type IS NULL`);
    await runner.query(`CREATE INDEX threads_community_created ON threads (community_id, created_at)`);
    await runner.query(`CREATE INDEX threads_author ON threads (author_id, created_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX threads_tags ON threads USING gin (tags)`);

    await runner.query(`
      CREATE TABLE posts (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id       uuid NOT NULL REFERENCES threads (id),
        community_id    uuid NOT NULL,
        network_id      uuid NOT NULL,
        author_id       uuid NOT NULL,
        is_opening      boolean NOT NULL DEFAULT false,
        reply_to_id     uuid,
        quoted          boolean NOT NULL DEFAULT false,
        title           text CHECK (length(title) <= 200),
        body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        body_text       text NOT NULL,
        search_vector   tsvector GENERATED ALWAYS AS (
                          setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', body_text), 'B')
                        ) STORED,
        status          text NOT NULL CHECK (status IN ${STATUS}),
        created_at      timestamptz NOT NULL DEFAULT now(),
        published_at    timestamptz,
        edited_at       timestamptz,
        edit_count      integer NOT NULL DEFAULT 0 CHECK (edit_count >= 0),
        deleted_at      timestamptz,
        attention_since timestamptz,
        idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 100),
        CONSTRAINT posts_id_thread UNIQUE (id, thread_id),
        -- A reply answers a post of its own thread.
        FOREIGN KEY (reply_to_id, thread_id) REFERENCES posts (id, thread_id),
        CONSTRAINT posts_quote_needs_target CHECK (NOT quoted OR reply_to_id IS NOT NULL),
        CONSTRAINT posts_opening_is_no_reply CHECK (NOT is_opening OR reply_to_id IS NULL),
        CONSTRAINT posts_published CHECK (status <> 'PUBLISHED' OR published_at IS NOT NULL),
        CONSTRAINT posts_deleted CHECK ((status = 'DELETED') = (deleted_at IS NOT NULL))
      )`);
    await runner.query(`CREATE UNIQUE INDEX posts_idempotency ON posts (author_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await runner.query(`CREATE UNIQUE INDEX posts_one_opening ON posts (thread_id) WHERE is_opening`);
    await runner.query(`CREATE INDEX posts_thread_order ON posts (thread_id, created_at, id)`);
    await runner.query(`CREATE INDEX posts_author ON posts (author_id, created_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX posts_community_time ON posts (community_id, created_at)`);
    await runner.query(`CREATE INDEX posts_queue ON posts (community_id, attention_since, id) WHERE attention_since IS NOT NULL`);
    await runner.query(`CREATE INDEX posts_search ON posts USING gin (search_vector)`);
    await runner.query(`ALTER TABLE threads ADD CONSTRAINT threads_accepted_post FOREIGN KEY (accepted_post_id, id) REFERENCES posts (id, thread_id)`);

    await runner.query(`
      CREATE TABLE post_revisions (
        post_id     uuid NOT NULL REFERENCES posts (id),
        version     integer NOT NULL CHECK (version >= 1),
        title       text,
        body        text NOT NULL,
        written_at  timestamptz NOT NULL,
        replaced_at timestamptz NOT NULL DEFAULT now(),
        replaced_by uuid NOT NULL,
        PRIMARY KEY (post_id, version)
      )`);

    await runner.query(`
      CREATE TABLE post_mentions (
        post_id      uuid NOT NULL REFERENCES posts (id),
        handle       text NOT NULL CHECK (handle ~ '^[a-z0-9_]{3,30}$'),
        community_id uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (post_id, handle)
      )`);
    await runner.query(`CREATE INDEX post_mentions_handle ON post_mentions (handle, created_at DESC)`);

    await runner.query(`
      CREATE TABLE reactions (
        post_id      uuid NOT NULL REFERENCES posts (id),
        kind         text NOT NULL CHECK (kind IN ('LIKE', 'HELPFUL')),
        member_id    uuid NOT NULL,
        community_id uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (post_id, kind, member_id)
      )`);
    await runner.query(`CREATE INDEX reactions_member ON reactions (member_id, created_at DESC)`);
    await runner.query(`CREATE INDEX reactions_community_time ON reactions (community_id, created_at)`);

    await runner.query(`
      CREATE TABLE thread_views (
        thread_id    uuid NOT NULL REFERENCES threads (id),
        day          date NOT NULL,
        member_id    uuid NOT NULL,
        community_id uuid NOT NULL,
        viewed_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, day, member_id)
      )`);
    await runner.query(`CREATE INDEX thread_views_member ON thread_views (member_id)`);
    await runner.query(`CREATE INDEX thread_views_community_day ON thread_views (community_id, day)`);

    await runner.query(`
      CREATE TABLE thread_follows (
        member_id    uuid NOT NULL,
        thread_id    uuid NOT NULL REFERENCES threads (id),
        community_id uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, thread_id)
      )`);
    await runner.query(`CREATE INDEX thread_follows_thread ON thread_follows (thread_id)`);
    await runner.query(`CREATE INDEX thread_follows_community ON thread_follows (member_id, community_id)`);
    await runner.query(`
      CREATE TABLE forum_follows (
        member_id    uuid NOT NULL,
        forum_id     uuid NOT NULL REFERENCES forums (id),
        community_id uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, forum_id)
      )`);
    await runner.query(`CREATE INDEX forum_follows_forum ON forum_follows (forum_id)`);
    await runner.query(`CREATE INDEX forum_follows_community ON forum_follows (member_id, community_id)`);
    await runner.query(`
      CREATE TABLE thread_reads (
        member_id  uuid NOT NULL,
        thread_id  uuid NOT NULL REFERENCES threads (id),
        read_up_to timestamptz NOT NULL,
        PRIMARY KEY (member_id, thread_id)
      )`);
    await runner.query(`
      CREATE TABLE forum_reads (
        member_id  uuid NOT NULL,
        forum_id   uuid NOT NULL REFERENCES forums (id),
        read_up_to timestamptz NOT NULL,
        PRIMARY KEY (member_id, forum_id)
      )`);

    await runner.query(`
      CREATE TABLE reports (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        post_id      uuid NOT NULL REFERENCES posts (id),
        community_id uuid NOT NULL,
        reporter_id  uuid,
        reason       text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
        created_at   timestamptz NOT NULL DEFAULT now(),
        resolved_at  timestamptz,
        resolved_by  uuid,
        resolution   text CHECK (resolution IN ('HIDDEN', 'RESTORED', 'DELETED', 'APPROVED', 'DISMISSED')),
        CONSTRAINT reports_resolved CHECK ((resolved_at IS NULL) = (resolution IS NULL))
      )`);
    await runner.query(`CREATE UNIQUE INDEX reports_one_open ON reports (post_id, reporter_id) WHERE resolved_at IS NULL`);
    await runner.query(`CREATE INDEX reports_post ON reports (post_id, created_at, id)`);
    await runner.query(`CREATE INDEX reports_community_time ON reports (community_id, created_at)`);
    await runner.query(`CREATE INDEX reports_reporter ON reports (reporter_id) WHERE reporter_id IS NOT NULL`);

    await runner.query(`
      CREATE TABLE moderation_log (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id  uuid NOT NULL,
        actor_id      uuid NOT NULL,
        action        text NOT NULL CHECK (action IN ('HIDE_POST', 'RESTORE_POST', 'DELETE_POST', 'APPROVE_POST', 'DISMISS_REPORTS',
                                                      'LOCK_THREAD', 'UNLOCK_THREAD', 'PIN_THREAD', 'UNPIN_THREAD', 'MOVE_THREAD', 'SET_PRE_MODERATION')),
        thread_id     uuid REFERENCES threads (id),
        post_id       uuid REFERENCES posts (id),
        from_forum_id uuid REFERENCES forums (id),
        to_forum_id   uuid REFERENCES forums (id),
        reason        text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
        details       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX moderation_log_community ON moderation_log (community_id, created_at DESC, id DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE threads DROP CONSTRAINT threads_accepted_post');
    for (const table of [
      'moderation_log',
      'reports',
      'forum_reads',
      'thread_reads',
      'forum_follows',
      'thread_follows',
      'thread_views',
      'reactions',
      'post_mentions',
      'post_revisions',
      'posts',
      'threads',
      'forums',
      'community_settings',
      'subjects',
      'networks',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
