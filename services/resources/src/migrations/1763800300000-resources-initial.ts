import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `('LINK','ARTICLE','VIDEO','DOCUMENT','TOOLKIT','FRAMEWORK','CASE_STUDY','RECORDING')`;
const AUDIENCES = `('STAFF','CONSUMERS_AND_CARERS','EVERYONE')`;
const STATUSES = `('PENDING_REVIEW','PUBLISHED','REJECTED')`;
const LISTED = `status = 'PUBLISHED' AND deleted_at IS NULL`;

/**
 * The resource library: resources with their topics and tags, documents, curation, revisions,
 * engagement counters, collections, links to events, and the read-only projections of other
 * services' events it validates against. Rules that must hold whatever the code does are
 * constraints here; every query path has an index, including the per-community, per-day paths
 * participation reports will read.
 */
export class ResourcesInitial1763800300000 implements MigrationInterface {
  name = 'ResourcesInitial1763800300000';

  async up(runner: QueryRunner): Promise<void> {
    // ---- projections of other services' events (read-only; fed by consumers) -------------
    await runner.query(`
      CREATE TABLE topic_terms (
        id          uuid PRIMARY KEY,
        network_id  uuid NOT NULL,
        label       text NOT NULL,
        position    integer NOT NULL,
        archived    boolean NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT topic_terms_scoped UNIQUE (id, network_id)
      )`);
    await runner.query(`
      CREATE TABLE network_zones (
        network_id  uuid PRIMARY KEY,
        time_zone   text NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE event_refs (
        event_id     uuid PRIMARY KEY,
        network_id   uuid NOT NULL,
        community_id uuid NOT NULL,
        deleted      boolean NOT NULL DEFAULT false,
        starts_at    timestamptz,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);

    // ---- what coordinators keep per community --------------------------------------------
    await runner.query(`
      CREATE TABLE library_settings (
        community_id uuid PRIMARY KEY,
        network_id   uuid NOT NULL,
        curated      boolean NOT NULL DEFAULT false,
        updated_by   uuid,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE library_tags (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL,
        network_id   uuid NOT NULL,
        label        text NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 60),
        position     integer NOT NULL DEFAULT 0 CHECK (position >= 0),
        archived_at  timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        -- Lets resource_tags demand that a tag belongs to the resource's own community.
        CONSTRAINT library_tags_scoped UNIQUE (id, community_id)
      )`);
    await runner.query(`CREATE UNIQUE INDEX library_tags_label ON library_tags (community_id, lower(label))`);
    await runner.query(`CREATE INDEX library_tags_order ON library_tags (community_id, position, lower(label), id)`);

    // ---- documents -------------------------------------------------------------------------
    await runner.query(`
      CREATE TABLE resource_files (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        uploader_id    uuid NOT NULL,
        network_id     uuid NOT NULL,
        community_id   uuid,
        file_name      text NOT NULL CHECK (length(btrim(file_name)) BETWEEN 1 AND 200),
        storage_key    text NOT NULL UNIQUE,
        -- PENDING waits for bytes; RECEIVING is claimed by one upload request at a time.
        status         text NOT NULL CHECK (status IN ('PENDING', 'RECEIVING', 'STORED', 'ATTACHED', 'DELETED')),
        byte_size      bigint CHECK (byte_size >= 0),
        content_type   text,
        sha256         text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        expires_at     timestamptz NOT NULL,
        stored_at      timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        -- A stored or attached file always knows what it is.
        CONSTRAINT resource_files_described CHECK (
          status IN ('PENDING', 'RECEIVING', 'DELETED') OR (byte_size IS NOT NULL AND content_type IS NOT NULL AND sha256 IS NOT NULL AND stored_at IS NOT NULL)
        )
      )`);
    await runner.query(`CREATE INDEX resource_files_unattached ON resource_files (expires_at) WHERE status IN ('PENDING', 'RECEIVING', 'STORED')`);
    await runner.query(`CREATE INDEX resource_files_uploader ON resource_files (uploader_id) WHERE status IN ('PENDING', 'RECEIVING', 'STORED')`);

    // ---- resources -------------------------------------------------------------------------
    await runner.query(`
      CREATE TABLE resources (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id       uuid NOT NULL,
        community_id     uuid,
        contributor_id   uuid NOT NULL,
        title            text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        summary          text NOT NULL DEFAULT '' CHECK (length(summary) <= 4000),
        kind             text NOT NULL CHECK (kind IN ${KINDS}),
        audience         text NOT NULL CHECK (audience IN ${AUDIENCES}),
        language         text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
        source_name      text CHECK (length(source_name) <= 200),
        published_on     date,
        licence          text CHECK (length(licence) <= 500),
        url              text CHECK (url ~* '^https?://[^\\s]+$' AND length(url) <= 2000),
        file_id          uuid UNIQUE REFERENCES resource_files (id),
        status           text NOT NULL CHECK (status IN ${STATUSES}),
        review_reason    text CHECK (length(review_reason) <= 1000),
        reviewed_by      uuid,
        reviewed_at      timestamptz,
        featured_at      timestamptz,
        view_count       integer NOT NULL DEFAULT 0 CHECK (view_count >= 0),
        download_count   integer NOT NULL DEFAULT 0 CHECK (download_count >= 0),
        helpful_count    integer NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
        revision         integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
        search_vector    tsvector NOT NULL,
        link_status      text NOT NULL DEFAULT 'UNCHECKED' CHECK (link_status IN ('UNCHECKED', 'OK', 'BROKEN')),
        link_http_status integer,
        link_problem     text,
        link_final_url   text,
        link_checked_at  timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        deleted_at       timestamptz,
        deleted_by       uuid,
        -- Exactly one of a link and a document.
        CONSTRAINT resources_link_or_file CHECK ((url IS NULL) <> (file_id IS NULL)),
        -- Only admins share network-wide, and their resources need no curation.
        CONSTRAINT resources_shared_published CHECK (community_id IS NOT NULL OR status = 'PUBLISHED'),
        CONSTRAINT resources_rejection_reason CHECK (status <> 'REJECTED' OR review_reason IS NOT NULL),
        CONSTRAINT resources_featured_listed CHECK (featured_at IS NULL OR (community_id IS NOT NULL AND status = 'PUBLISHED' AND deleted_at IS NULL)),
        CONSTRAINT resources_link_status CHECK (url IS NOT NULL OR link_status = 'UNCHECKED'),
        CONSTRAINT resources_scoped_community UNIQUE (id, community_id),
        CONSTRAINT resources_scoped_network UNIQUE (id, network_id)
      )`);
    // Library pages: one index per order, in the community and across the network.
    await runner.query(`CREATE INDEX resources_library_newest ON resources (community_id, created_at DESC, id DESC) WHERE ${LISTED}`);
    await runner.query(`CREATE INDEX resources_library_viewed ON resources (community_id, view_count DESC, id DESC) WHERE ${LISTED}`);
    await runner.query(`CREATE INDEX resources_library_helpful ON resources (community_id, helpful_count DESC, id DESC) WHERE ${LISTED}`);
    await runner.query(`CREATE INDEX resources_network_newest ON resources (network_id, created_at DESC, id DESC) WHERE ${LISTED}`);
    await runner.query(`CREATE INDEX resources_network_viewed ON resources (network_id, view_count DESC, id DESC) WHERE ${LISTED}`);
    await runner.query(`CREATE INDEX resources_network_helpful ON resources (network_id, helpful_count DESC, id DESC) WHERE ${LISTED}`);
    await runner.query(`CREATE INDEX resources_search ON resources USING gin (search_vector)`);
    await runner.query(`CREATE INDEX resources_contributor ON resources (contributor_id, created_at DESC, id DESC) WHERE deleted_at IS NULL`);
    await runner.query(`CREATE INDEX resources_curation ON resources (community_id, created_at, id) WHERE status = 'PENDING_REVIEW' AND deleted_at IS NULL`);
    await runner.query(`CREATE INDEX resources_featured ON resources (community_id, featured_at DESC, id DESC) WHERE featured_at IS NOT NULL`);
    await runner.query(`CREATE INDEX resources_links_due ON resources (link_checked_at NULLS FIRST, id) WHERE url IS NOT NULL AND deleted_at IS NULL`);
    await runner.query(`CREATE INDEX resources_links_broken ON resources (network_id, community_id, link_checked_at DESC, id DESC) WHERE link_status = 'BROKEN' AND deleted_at IS NULL`);
    // Participation reports: contributions per community (or network) over time.
    await runner.query(`CREATE INDEX resources_contributed_community ON resources (community_id, created_at)`);
    await runner.query(`CREATE INDEX resources_contributed_network ON resources (network_id, created_at)`);

    await runner.query(`
      CREATE TABLE resource_topics (
        resource_id uuid NOT NULL,
        topic_id    uuid NOT NULL,
        network_id  uuid NOT NULL,
        PRIMARY KEY (resource_id, topic_id),
        -- A topic of another network cannot be attached, whatever the code does.
        FOREIGN KEY (resource_id, network_id) REFERENCES resources (id, network_id) ON DELETE CASCADE ON UPDATE CASCADE,
        FOREIGN KEY (topic_id, network_id) REFERENCES topic_terms (id, network_id)
      )`);
    await runner.query(`CREATE INDEX resource_topics_topic ON resource_topics (topic_id, resource_id)`);

    await runner.query(`
      CREATE TABLE resource_tags (
        resource_id  uuid NOT NULL,
        tag_id       uuid NOT NULL,
        community_id uuid NOT NULL,
        PRIMARY KEY (resource_id, tag_id),
        -- A tag of another community cannot be attached, whatever the code does.
        FOREIGN KEY (resource_id, community_id) REFERENCES resources (id, community_id) ON DELETE CASCADE,
        FOREIGN KEY (tag_id, community_id) REFERENCES library_tags (id, community_id)
      )`);
    await runner.query(`CREATE INDEX resource_tags_tag ON resource_tags (tag_id, resource_id)`);

    await runner.query(`
      CREATE TABLE resource_revisions (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
        revision    integer NOT NULL CHECK (revision >= 1),
        change      text NOT NULL CHECK (change IN ('CREATED','EDITED','MOVED','APPROVED','REJECTED','FEATURED','UNFEATURED','DELETED')),
        actor_id    uuid,
        note        text CHECK (length(note) <= 1000),
        snapshot    jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT resource_revisions_number UNIQUE (resource_id, revision)
      )`);

    // ---- engagement --------------------------------------------------------------------------
    await runner.query(`
      CREATE TABLE resource_bookmarks (
        member_id   uuid NOT NULL,
        resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, resource_id)
      )`);
    await runner.query(`CREATE INDEX resource_bookmarks_recent ON resource_bookmarks (member_id, created_at DESC, resource_id DESC)`);

    await runner.query(`
      CREATE TABLE resource_helpful_marks (
        id           bigserial PRIMARY KEY,
        resource_id  uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
        -- Null once the member deleted their account: the mark still counts, anonymously.
        member_id    uuid,
        network_id   uuid NOT NULL,
        community_id uuid,
        marked_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE UNIQUE INDEX resource_helpful_marks_once ON resource_helpful_marks (resource_id, member_id) WHERE member_id IS NOT NULL`);
    await runner.query(`CREATE INDEX resource_helpful_marks_member ON resource_helpful_marks (member_id) WHERE member_id IS NOT NULL`);
    await runner.query(`CREATE INDEX resource_helpful_marks_community ON resource_helpful_marks (community_id, marked_at)`);

    await runner.query(`
      CREATE TABLE resource_daily_stats (
        resource_id  uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
        day          date NOT NULL,
        network_id   uuid NOT NULL,
        community_id uuid,
        views        integer NOT NULL DEFAULT 0 CHECK (views >= 0),
        downloads    integer NOT NULL DEFAULT 0 CHECK (downloads >= 0),
        PRIMARY KEY (resource_id, day)
      )`);
    await runner.query(`CREATE INDEX resource_daily_stats_community ON resource_daily_stats (community_id, day)`);
    await runner.query(`CREATE INDEX resource_daily_stats_network ON resource_daily_stats (network_id, day)`);

    // ---- collections and links to events ---------------------------------------------------
    await runner.query(`
      CREATE TABLE resource_collections (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL,
        network_id   uuid NOT NULL,
        title        text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 120),
        description  text CHECK (length(description) <= 2000),
        created_by   uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX resource_collections_community ON resource_collections (community_id, created_at, id)`);
    await runner.query(`
      CREATE TABLE resource_collection_items (
        collection_id uuid NOT NULL REFERENCES resource_collections (id) ON DELETE CASCADE,
        resource_id   uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
        position      integer NOT NULL CHECK (position BETWEEN 1 AND 100),
        added_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collection_id, resource_id),
        CONSTRAINT resource_collection_items_position UNIQUE (collection_id, position)
      )`);

    await runner.query(`
      CREATE TABLE resource_event_links (
        resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
        event_id    uuid NOT NULL REFERENCES event_refs (event_id),
        role        text NOT NULL CHECK (role IN ('SLIDES', 'RECORDING', 'HANDOUT', 'OTHER')),
        linked_by   uuid NOT NULL,
        linked_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (resource_id, event_id)
      )`);
    await runner.query(`CREATE INDEX resource_event_links_event ON resource_event_links (event_id, linked_at, resource_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'resource_event_links',
      'resource_collection_items',
      'resource_collections',
      'resource_daily_stats',
      'resource_helpful_marks',
      'resource_bookmarks',
      'resource_revisions',
      'resource_tags',
      'resource_topics',
      'resources',
      'resource_files',
      'library_tags',
      'library_settings',
      'event_refs',
      'network_zones',
      'topic_terms',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
