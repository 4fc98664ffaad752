import type { MigrationInterface, QueryRunner } from 'typeorm';

const LOCAL_TIME = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$'`;
const KINDS = `('WEBINAR','ONLINE_MEETING','WORKSHOP','CONFERENCE_SESSION','FACE_TO_FACE_MEETING')`;

/**
 * Events, their series, registrations with waitlists, attendance and calendar tokens.
 * Capacity is a counter guarded by a CHECK, so no code path can hand out a place too many.
 * Indexes serve every list the graph pages through, and the reports of issue 7 (by community
 * and time).
 */
export class EventsInitial1763900000000 implements MigrationInterface {
  name = 'EventsInitial1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE event_series (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id       uuid NOT NULL,
        network_id         uuid NOT NULL,
        recurrence         text NOT NULL CHECK (length(recurrence) BETWEEN 1 AND 500),
        time_zone          text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        first_local_start  text NOT NULL CHECK (first_local_start ~ ${LOCAL_TIME}),
        duration_minutes   integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 20160),
        template           jsonb NOT NULL CHECK (jsonb_typeof(template) = 'object'),
        materialised_until timestamptz NOT NULL,
        exhausted          boolean NOT NULL DEFAULT false,
        created_by         uuid NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX event_series_horizon ON event_series (materialised_until) WHERE NOT exhausted`);

    await runner.query(`
      CREATE TABLE events (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id           uuid NOT NULL,
        network_id             uuid NOT NULL,
        series_id              uuid REFERENCES event_series (id),
        series_key             text CHECK (series_key ~ ${LOCAL_TIME}),
        status                 text NOT NULL CHECK (status IN ('PROPOSED','SCHEDULED','CANCELLED','DECLINED')),
        status_reason          text CHECK (length(status_reason) <= 2000),
        title                  text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        description            text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
        kind                   text NOT NULL CHECK (kind IN ${KINDS}),
        format                 text CHECK (length(format) <= 80),
        stream                 text CHECK (length(stream) <= 80),
        tags                   text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
        local_start            text NOT NULL CHECK (local_start ~ ${LOCAL_TIME}),
        local_end              text NOT NULL CHECK (local_end ~ ${LOCAL_TIME}),
        time_zone              text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        starts_at              timestamptz NOT NULL,
        ends_at                timestamptz NOT NULL,
        rescheduled            boolean NOT NULL DEFAULT false,
        venue                  text CHECK (length(venue) <= 500),
        join_url               text CHECK (join_url ~ '^https?://' AND length(join_url) <= 2000),
        speakers               jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(speakers) = 'array' AND jsonb_array_length(speakers) <= 50),
        speaker_member_ids     uuid[] NOT NULL DEFAULT '{}',
        parts                  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(parts) = 'array' AND jsonb_array_length(parts) <= 20),
        learning_outcomes      text[] NOT NULL DEFAULT '{}' CHECK (cardinality(learning_outcomes) <= 20),
        cpd_hours              numeric(5,2) NOT NULL DEFAULT 0 CHECK (cpd_hours BETWEEN 0 AND 100),
        captions               boolean NOT NULL DEFAULT false,
        wheelchair_access      boolean NOT NULL DEFAULT false,
        interpreter            text CHECK (length(interpreter) <= 120),
        accessibility_notes    text CHECK (length(accessibility_notes) <= 2000),
        capacity               integer CHECK (capacity >= 0),
        registered_count       integer NOT NULL DEFAULT 0 CHECK (registered_count >= 0),
        waitlist_count         integer NOT NULL DEFAULT 0 CHECK (waitlist_count >= 0),
        registration_policy    text NOT NULL DEFAULT 'MEMBERS_ONLY' CHECK (registration_policy IN ('MEMBERS_ONLY','SIGNED_IN')),
        registration_opens_at  timestamptz,
        registration_closes_at timestamptz,
        organiser_id           uuid,
        proposed_by            uuid,
        decided_by             uuid,
        decided_at             timestamptz,
        created_by             uuid NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        deleted_at             timestamptz,
        -- The one rule the whole registration design rests on.
        CONSTRAINT events_capacity CHECK (capacity IS NULL OR registered_count <= capacity),
        -- Bounded length lets "upcoming" and "past" be index ranges on the start.
        CONSTRAINT events_times CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '14 days'),
        CONSTRAINT events_series_key CHECK ((series_id IS NULL) = (series_key IS NULL)),
        CONSTRAINT events_registration_window CHECK (registration_opens_at IS NULL OR registration_closes_at IS NULL OR registration_opens_at < registration_closes_at)
      )`);
    await runner.query(`CREATE UNIQUE INDEX events_series_occurrence ON events (series_id, series_key) WHERE series_id IS NOT NULL`);
    await runner.query(`CREATE INDEX events_community_start ON events (community_id, starts_at, id) WHERE deleted_at IS NULL`);
    await runner.query(`CREATE INDEX events_calendar ON events (starts_at, id) WHERE deleted_at IS NULL AND status IN ('SCHEDULED','CANCELLED')`);
    await runner.query(`CREATE INDEX events_network_start ON events (network_id, starts_at) WHERE deleted_at IS NULL`);
    await runner.query(`CREATE INDEX events_proposals ON events (community_id, created_at, id) WHERE status IN ('PROPOSED','DECLINED') AND deleted_at IS NULL`);
    await runner.query(`CREATE INDEX events_series_start ON events (series_id, starts_at, id) WHERE series_id IS NOT NULL`);
    await runner.query(`CREATE INDEX events_speakers ON events USING gin (speaker_member_ids)`);

    await runner.query(`
      CREATE TABLE event_registrations (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id      uuid NOT NULL REFERENCES events (id),
        community_id  uuid NOT NULL,
        member_id     uuid,
        status        text NOT NULL CHECK (status IN ('REGISTERED','WAITLISTED','CANCELLED')),
        seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        via_series    boolean NOT NULL DEFAULT false,
        registered_at timestamptz NOT NULL DEFAULT now(),
        promoted_at   timestamptz,
        cancelled_at  timestamptz,
        anonymised_at timestamptz,
        CONSTRAINT event_registrations_cancelled CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL)),
        CONSTRAINT event_registrations_owner CHECK (member_id IS NOT NULL OR anonymised_at IS NOT NULL)
      )`);
    await runner.query(`CREATE UNIQUE INDEX event_registrations_active ON event_registrations (event_id, member_id) WHERE status <> 'CANCELLED'`);
    await runner.query(`CREATE INDEX event_registrations_queue ON event_registrations (event_id, status, seq)`);
    await runner.query(`CREATE INDEX event_registrations_member ON event_registrations (member_id, event_id)`);
    await runner.query(`CREATE INDEX event_registrations_community_time ON event_registrations (community_id, registered_at)`);

    await runner.query(`
      CREATE TABLE event_series_registrations (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        series_id     uuid NOT NULL REFERENCES event_series (id),
        member_id     uuid NOT NULL,
        seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE UNIQUE INDEX event_series_registrations_member ON event_series_registrations (series_id, member_id)`);
    await runner.query(`CREATE INDEX event_series_registrations_by_member ON event_series_registrations (member_id)`);

    await runner.query(`
      CREATE TABLE event_attendance (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id         uuid NOT NULL REFERENCES events (id),
        community_id     uuid NOT NULL,
        member_id        uuid,
        event_title      text NOT NULL,
        attended_on      timestamptz NOT NULL,
        local_year       integer NOT NULL CHECK (local_year BETWEEN 1900 AND 3000),
        cpd_hours        numeric(5,2) NOT NULL CHECK (cpd_hours BETWEEN 0 AND 100),
        certificate_code text NOT NULL UNIQUE CHECK (certificate_code ~ '^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$'),
        marked_by        uuid NOT NULL,
        marked_at        timestamptz NOT NULL DEFAULT now(),
        anonymised_at    timestamptz,
        CONSTRAINT event_attendance_owner CHECK (member_id IS NOT NULL OR anonymised_at IS NOT NULL)
      )`);
    await runner.query(`CREATE UNIQUE INDEX event_attendance_member ON event_attendance (event_id, member_id)`);
    await runner.query(`CREATE INDEX event_attendance_log ON event_attendance (member_id, attended_on, id)`);
    await runner.query(`CREATE INDEX event_attendance_community_time ON event_attendance (community_id, attended_on)`);

    await runner.query(`
      CREATE TABLE event_calendar_tokens (
        member_id  uuid PRIMARY KEY,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE event_reminders_sent (
        event_id  uuid NOT NULL REFERENCES events (id),
        kind      text NOT NULL CHECK (kind IN ('DAY_BEFORE','HOUR_BEFORE')),
        starts_at timestamptz NOT NULL,
        member_id uuid NOT NULL,
        sent_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, kind, starts_at, member_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE event_reminders_sent');
    await runner.query('DROP TABLE event_calendar_tokens');
    await runner.query('DROP TABLE event_attendance');
    await runner.query('DROP TABLE event_series_registrations');
    await runner.query('DROP TABLE event_registrations');
    await runner.query('DROP TABLE events');
    await runner.query('DROP TABLE event_series');
  }
}
