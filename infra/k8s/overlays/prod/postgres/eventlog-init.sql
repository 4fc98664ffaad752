-- The event log's database, prepared once by CloudNativePG as superuser (postInitApplicationSQLRefs).
-- The DDL between the markers is EVENTLOG_DDL (services/platform/src/eventlog/eventlog-ddl.ts),
-- verbatim; infra/k8s's test fails when they differ. Roles start without login: the Cluster's
-- managed roles give each its login and password.
DO $$
DECLARE service text;
BEGIN
  FOREACH service IN ARRAY ARRAY['membership', 'discussion', 'resources', 'events', 'notifications'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'praxis_' || service) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', 'praxis_' || service);
    END IF;
  END LOOP;
END $$;
REVOKE ALL ON DATABASE eventlog FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- EVENTLOG_DDL begins
CREATE SCHEMA IF NOT EXISTS eventlog;
CREATE TABLE IF NOT EXISTS eventlog.events (
  publisher   text        NOT NULL,
  seq         bigint      NOT NULL CHECK (seq > 0),
  id          uuid        NOT NULL UNIQUE,
  type        text        NOT NULL,
  version     integer     NOT NULL CHECK (version > 0),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  payload     jsonb       NOT NULL,
  PRIMARY KEY (publisher, seq)
);
ALTER TABLE eventlog.events ENABLE ROW LEVEL SECURITY;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'eventlog' AND policyname = 'events_read') THEN
    CREATE POLICY events_read ON eventlog.events FOR SELECT USING (true);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'eventlog' AND policyname = 'events_append_own') THEN
    CREATE POLICY events_append_own ON eventlog.events FOR INSERT
      WITH CHECK (publisher = regexp_replace(current_user, '^praxis_', ''));
  END IF;
END $$;
-- EVENTLOG_DDL ends
-- Each service may append its own events (row-level security) and read all.
GRANT CONNECT, TEMPORARY ON DATABASE eventlog TO praxis_membership, praxis_discussion, praxis_resources, praxis_events, praxis_notifications;
GRANT USAGE ON SCHEMA eventlog TO praxis_membership, praxis_discussion, praxis_resources, praxis_events, praxis_notifications;
GRANT SELECT, INSERT ON eventlog.events TO praxis_membership, praxis_discussion, praxis_resources, praxis_events, praxis_notifications;
