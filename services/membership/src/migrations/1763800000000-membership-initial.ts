import type { MigrationInterface, QueryRunner } from 'typeorm';

const SLUG = `'^[a-z0-9]+(-[a-z0-9]+)*$'`;

/**
 * Networks, communities, members and their accounts, memberships with their history, joining,
 * and credentials. Rules that must hold whatever the code does are constraints here.
 */
export class MembershipInitial1763800000000 implements MigrationInterface {
  name = 'MembershipInitial1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE networks (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug        citext NOT NULL UNIQUE CHECK (slug ~ ${SLUG} AND length(slug) <= 60),
        name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 160),
        description text CHECK (length(description) <= 4000),
        time_zone   text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE members (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        handle                  citext UNIQUE CHECK (handle ~ '^[a-z0-9_]{3,30}$'),
        display_name            text CHECK (length(btrim(display_name)) BETWEEN 1 AND 80),
        participant_type        text CHECK (participant_type IN ('STAFF','CONSUMER_REPRESENTATIVE','CARER_REPRESENTATIVE','VOLUNTEER','PRACTITIONER','OTHER')),
        participant_type_hidden boolean NOT NULL DEFAULT false,
        organisation            text CHECK (length(organisation) <= 160),
        bio                     text CHECK (length(bio) <= 2000),
        is_operator             boolean NOT NULL DEFAULT false,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        deleted_at              timestamptz,
        -- A live member has a handle, a name and a type; a former member has none of them.
        CONSTRAINT members_tombstone CHECK (
          (deleted_at IS NULL AND handle IS NOT NULL AND display_name IS NOT NULL AND participant_type IS NOT NULL)
          OR (deleted_at IS NOT NULL AND handle IS NULL AND display_name IS NULL AND participant_type IS NULL
              AND organisation IS NULL AND bio IS NULL)
        )
      )`);
    await runner.query(`CREATE INDEX members_name_order ON members (lower(display_name), id) WHERE deleted_at IS NULL`);
    await runner.query(`CREATE INDEX members_search ON members USING gin ((coalesce(display_name, '') || ' ' || coalesce(handle::text, '')) public.gin_trgm_ops)`);

    await runner.query(`
      CREATE TABLE accounts (
        member_id           uuid PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
        email               citext NOT NULL,
        password_hash       text,
        email_verified_at   timestamptz,
        password_changed_at timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_email_key UNIQUE (email),
        CONSTRAINT accounts_email_shape CHECK (email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' AND length(email) <= 254)
      )`);

    await runner.query(`
      CREATE TABLE network_roles (
        network_id uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
        member_id  uuid NOT NULL REFERENCES members (id),
        role       text NOT NULL CHECK (role IN ('ADMIN', 'ANALYST')),
        granted_at timestamptz NOT NULL DEFAULT now(),
        granted_by uuid REFERENCES members (id),
        PRIMARY KEY (network_id, member_id, role)
      )`);
    await runner.query(`CREATE INDEX network_roles_member ON network_roles (member_id)`);

    await runner.query(`
      CREATE TABLE vocabulary_terms (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id  uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
        kind        text NOT NULL CHECK (kind IN ('PROFESSION', 'REGION', 'TOPIC')),
        label       text NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 120),
        position    integer NOT NULL DEFAULT 0 CHECK (position >= 0),
        archived_at timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        -- Lets profiles reference a term together with its network and kind, so the database
        -- refuses a profession from another network or a region used as a profession.
        CONSTRAINT vocabulary_terms_scoped UNIQUE (id, network_id, kind)
      )`);
    await runner.query(`CREATE UNIQUE INDEX vocabulary_terms_label ON vocabulary_terms (network_id, kind, lower(label))`);

    await runner.query(`
      CREATE TABLE communities (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id        uuid NOT NULL REFERENCES networks (id),
        slug              citext NOT NULL CHECK (slug ~ ${SLUG} AND length(slug) <= 60),
        name              text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 160),
        domain_statement  text NOT NULL CHECK (length(btrim(domain_statement)) BETWEEN 1 AND 2000),
        description       text CHECK (length(description) <= 10000),
        aims              text CHECK (length(aims) <= 10000),
        visibility        text NOT NULL CHECK (visibility IN ('PUBLIC', 'MEMBERS_ONLY')),
        join_policy       text NOT NULL CHECK (join_policy IN ('OPEN', 'APPROVAL', 'INVITATION')),
        contact_email     citext CHECK (length(contact_email) <= 254),
        contact_member_id uuid REFERENCES members (id) ON DELETE SET NULL,
        archived_at       timestamptz,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT communities_network_slug_key UNIQUE (network_id, slug)
      )`);
    await runner.query(`CREATE INDEX communities_by_name ON communities (network_id, lower(name), id)`);

    await runner.query(`
      CREATE TABLE application_questions (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
        position     smallint NOT NULL CHECK (position BETWEEN 1 AND 5),
        prompt       text NOT NULL CHECK (length(btrim(prompt)) BETWEEN 1 AND 500),
        required     boolean NOT NULL DEFAULT false,
        -- With positions 1 to 5 and unique, a sixth question cannot exist.
        CONSTRAINT application_questions_position_key UNIQUE (community_id, position)
      )`);

    await runner.query(`
      CREATE TABLE member_network_profiles (
        member_id          uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        network_id         uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
        profession_term_id uuid,
        region_term_id     uuid,
        profession_kind    text NOT NULL GENERATED ALWAYS AS ('PROFESSION') STORED,
        region_kind        text NOT NULL GENERATED ALWAYS AS ('REGION') STORED,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, network_id),
        FOREIGN KEY (profession_term_id, network_id, profession_kind) REFERENCES vocabulary_terms (id, network_id, kind),
        FOREIGN KEY (region_term_id, network_id, region_kind) REFERENCES vocabulary_terms (id, network_id, kind)
      )`);
    await runner.query(`CREATE INDEX member_network_profiles_filters ON member_network_profiles (network_id, profession_term_id, region_term_id)`);

    await runner.query(`
      CREATE TABLE external_identities (
        issuer     text NOT NULL,
        subject    text NOT NULL,
        member_id  uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issuer, subject)
      )`);

    await runner.query(`
      CREATE TABLE memberships (
        community_id uuid NOT NULL REFERENCES communities (id),
        member_id    uuid NOT NULL REFERENCES members (id),
        role         text NOT NULL CHECK (role IN ('MEMBER', 'MODERATOR', 'COORDINATOR')),
        status       text NOT NULL CHECK (status IN ('ACTIVE', 'LEFT', 'REMOVED', 'BANNED')),
        joined_at    timestamptz NOT NULL,
        ended_at     timestamptz,
        end_reason   text CHECK (length(end_reason) <= 2000),
        ended_by     uuid REFERENCES members (id),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, member_id),
        CONSTRAINT memberships_ended CHECK ((status = 'ACTIVE') = (ended_at IS NULL)),
        CONSTRAINT memberships_exclusion_reason CHECK (status NOT IN ('REMOVED', 'BANNED') OR end_reason IS NOT NULL)
      )`);
    await runner.query(`CREATE INDEX memberships_member ON memberships (member_id, joined_at DESC)`);
    await runner.query(`CREATE INDEX memberships_directory_joined ON memberships (community_id, joined_at DESC, member_id) WHERE status = 'ACTIVE'`);
    await runner.query(`CREATE INDEX memberships_roles ON memberships (community_id, role) WHERE status = 'ACTIVE'`);

    await runner.query(`
      CREATE TABLE membership_history (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES communities (id),
        member_id    uuid NOT NULL REFERENCES members (id),
        change       text NOT NULL CHECK (change IN ('JOINED', 'ROLE_CHANGED', 'LEFT', 'REMOVED', 'BANNED', 'UNBANNED')),
        role         text CHECK (role IN ('MEMBER', 'MODERATOR', 'COORDINATOR')),
        actor_id     uuid REFERENCES members (id),
        reason       text CHECK (length(reason) <= 2000),
        occurred_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX membership_history_community ON membership_history (community_id, occurred_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX membership_history_member ON membership_history (member_id)`);

    await runner.query(`
      CREATE TABLE join_requests (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id   uuid NOT NULL REFERENCES communities (id),
        member_id      uuid NOT NULL REFERENCES members (id),
        status         text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN')),
        answers        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(answers) = 'array'),
        message        text CHECK (length(message) <= 2000),
        created_at     timestamptz NOT NULL DEFAULT now(),
        decided_at     timestamptz,
        decided_by     uuid REFERENCES members (id),
        decline_reason text CHECK (length(decline_reason) <= 2000),
        CONSTRAINT join_requests_decided CHECK ((status = 'PENDING') = (decided_at IS NULL)),
        CONSTRAINT join_requests_decline_reason CHECK (status <> 'DECLINED' OR decline_reason IS NOT NULL)
      )`);
    await runner.query(`CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (community_id, member_id) WHERE status = 'PENDING'`);
    await runner.query(`CREATE INDEX join_requests_queue ON join_requests (community_id, status, created_at, id)`);
    await runner.query(`CREATE INDEX join_requests_member ON join_requests (member_id, created_at DESC)`);

    await runner.query(`
      CREATE TABLE invitations (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES communities (id),
        email        citext NOT NULL CHECK (length(email) <= 254),
        role         text NOT NULL CHECK (role IN ('MEMBER', 'MODERATOR', 'COORDINATOR')),
        token_hash   bytea NOT NULL UNIQUE,
        invited_by   uuid REFERENCES members (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        accepted_at  timestamptz,
        accepted_by  uuid REFERENCES members (id),
        revoked_at   timestamptz,
        CONSTRAINT invitations_settled_once CHECK (accepted_at IS NULL OR revoked_at IS NULL)
      )`);
    await runner.query(`CREATE UNIQUE INDEX invitations_one_open ON invitations (community_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL`);
    await runner.query(`CREATE INDEX invitations_community ON invitations (community_id, created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE refresh_tokens (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id  uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        family_id  uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at    timestamptz,
        revoked_at timestamptz
      )`);
    await runner.query(`CREATE INDEX refresh_tokens_member ON refresh_tokens (member_id)`);
    await runner.query(`CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`);

    await runner.query(`
      CREATE TABLE email_tokens (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id  uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        purpose    text NOT NULL CHECK (purpose IN ('VERIFY_EMAIL', 'RESET_PASSWORD')),
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at    timestamptz
      )`);
    await runner.query(`CREATE INDEX email_tokens_member ON email_tokens (member_id, purpose)`);

    await runner.query(`
      CREATE TABLE api_tokens (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id    uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 80),
        prefix       text NOT NULL,
        token_hash   bytea NOT NULL UNIQUE,
        scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'write', 'reports'] AND 'read' = ANY (scopes)),
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz,
        last_used_at timestamptz,
        revoked_at   timestamptz
      )`);
    await runner.query(`CREATE INDEX api_tokens_member ON api_tokens (member_id, created_at DESC)`);

    await runner.query(`
      CREATE TABLE sign_in_throttle (
        key               text PRIMARY KEY,
        failures          integer NOT NULL CHECK (failures >= 0),
        window_started_at timestamptz NOT NULL,
        locked_until      timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'sign_in_throttle',
      'api_tokens',
      'email_tokens',
      'refresh_tokens',
      'invitations',
      'join_requests',
      'membership_history',
      'memberships',
      'external_identities',
      'member_network_profiles',
      'application_questions',
      'communities',
      'vocabulary_terms',
      'network_roles',
      'accounts',
      'members',
      'networks',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
