/**
 * The shared event log: the bus between services (see docs/adr/0003-domain-events-and-jobs.md).
 * Publishers move events here from their own outbox; consumers read from here and keep their
 * positions in their own schemas. Row-level security lets a service append only under its own
 * name, so no service can forge another's events.
 */
export const EVENTLOG_DDL = `
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
`;
