-- Replication: the change feed that devices pull, the event inbox, problems and dead letters.

-- One row whose lock orders feed writers: a transaction takes its change_seq values with
-- `UPDATE feed_counter SET seq = seq + n RETURNING seq` and holds the row lock until COMMIT,
-- so a later seq is never visible before an earlier one (see docs/sync-protocol.md).
CREATE TABLE feed_counter (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL DEFAULT 0 CHECK (seq >= 0)
);
INSERT INTO feed_counter (id, seq) VALUES (true, 0);

-- Exactly what devices pull for server-owned collections, one row per document.
-- scope: 'all', 'site:<siteId>' or 'device:<deviceId>'.
CREATE TABLE replicated_docs (
  collection text NOT NULL CHECK (collection IN ('products', 'stock', 'config', 'customers', 'pickings', 'acks')),
  id text NOT NULL,
  scope text NOT NULL CHECK (scope = 'all' OR scope LIKE 'site:%' OR scope LIKE 'device:%'),
  doc jsonb NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  change_seq bigint NOT NULL UNIQUE,
  PRIMARY KEY (collection, id)
);
CREATE INDEX replicated_docs_pull ON replicated_docs (collection, change_seq) INCLUDE (scope);

-- Device-owned events, stored once by id in the same transaction as their effects.
CREATE TABLE events (
  id text PRIMARY KEY,
  collection text NOT NULL CHECK (collection IN ('sales', 'sessions', 'picking_events', 'counts')),
  device_id text NOT NULL REFERENCES devices(id),
  site_id text NOT NULL REFERENCES sites(id),
  payload jsonb NOT NULL,
  payload_hash text NOT NULL CHECK (payload_hash ~ '^[0-9a-f]{64}$'),
  status text NOT NULL CHECK (status IN ('applied', 'exception')),
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_device ON events (device_id, received_at);
CREATE INDEX events_collection ON events (collection, received_at);

-- Exceptions raised while applying an event (the event stays applied); managers resolve them.
CREATE TABLE event_problems (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id text NOT NULL REFERENCES events(id),
  code text NOT NULL,
  message text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text REFERENCES users(id),
  CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
);
CREATE INDEX event_problems_open ON event_problems (created_at) WHERE resolved_at IS NULL;
CREATE INDEX event_problems_event ON event_problems (event_id);

-- Malformed or unauthorized pushes: kept for an admin to inspect and replay, never applied.
CREATE TABLE dead_letters (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id text,
  device_id text NOT NULL REFERENCES devices(id),
  collection text NOT NULL,
  payload jsonb NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  replayed_at timestamptz
);
CREATE INDEX dead_letters_open ON dead_letters (created_at) WHERE replayed_at IS NULL;
