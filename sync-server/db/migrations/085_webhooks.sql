-- Outbound webhooks (issue 16 points 7-8): endpoints subscribe to event types; every event is
-- written to the outbox by webhook_emit() in the SAME transaction as the change it describes
-- (a rolled-back change leaves nothing), with one delivery row per subscribed endpoint. Server
-- processes claim due deliveries with FOR UPDATE SKIP LOCKED and a lease, so a process killed
-- mid-delivery leaves a row that another (or the restarted) process sends again, same id.

CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  description text NOT NULL DEFAULT '',
  -- NULL: every event; otherwise only the events of this channel (orders, availability).
  channel text CHECK (channel IS NULL OR channel ~ '^[a-z0-9_-]{1,32}$'),
  event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
  enabled boolean NOT NULL DEFAULT true,
  disabled_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Signing secrets (`whsec_…`). During a rotation the old secret keeps signing until it expires,
-- so each request carries one signature per live secret (Standard Webhooks).
CREATE TABLE webhook_secrets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  secret text NOT NULL CHECK (secret LIKE 'whsec\_%'),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
CREATE INDEX webhook_secrets_endpoint ON webhook_secrets (endpoint_id);

-- Per resource (`order:<id>`, `availability:<channel>:<product>`, …) a counter: receivers drop
-- an event whose sequence is lower than the last one they applied for that resource.
CREATE TABLE webhook_sequences (
  resource text PRIMARY KEY,
  seq bigint NOT NULL
);

-- The outbox. `body` is the exact JSON sent (signed bytes never change between retries).
CREATE TABLE webhook_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  resource text NOT NULL,
  sequence bigint NOT NULL,
  channel text,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_created ON webhook_events (created_at);

CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id text NOT NULL REFERENCES webhook_events(id),
  endpoint_id text NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A claim: until then no other process sends it; a killed process's claim simply runs out.
  locked_until timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);

-- Every HTTP attempt, for the delivery log.
CREATE TABLE webhook_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now(),
  status integer,
  error text,
  duration_ms integer NOT NULL,
  response_excerpt text
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);

-- Debounced availability: what was last announced per channel and product, and how far the
-- watcher has read the quants' feed numbers (one row; the watcher locks it SKIP LOCKED).
CREATE TABLE webhook_availability_sent (
  channel text NOT NULL,
  product_id text NOT NULL REFERENCES products(id),
  available numeric(18, 4) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, product_id)
);
CREATE TABLE webhook_stock_cursor (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  change_seq bigint NOT NULL
);
INSERT INTO webhook_stock_cursor (id, change_seq) SELECT true, coalesce(max(change_seq), 0) FROM quants;

-- The one writer of the outbox (TypeScript calls it, and so does the event_problems trigger).
-- Returns the event id, or NULL when no enabled endpoint subscribes (the sequence still moves on,
-- but nothing is stored: an endpoint sees the events from its creation on). The envelope is Standard Webhooks' {type, timestamp, data}; `sequence`
-- and `resource` ride along at the top level.
CREATE FUNCTION webhook_emit(p_type text, p_resource text, p_channel text, p_data jsonb, p_at timestamptz DEFAULT now()) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_id text := 'msg_' || replace(gen_random_uuid()::text, '-', '');
  v_seq bigint;
BEGIN
  INSERT INTO webhook_sequences (resource, seq) VALUES (p_resource, 1)
    ON CONFLICT (resource) DO UPDATE SET seq = webhook_sequences.seq + 1
    RETURNING seq INTO v_seq;
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.enabled AND p_type = ANY (e.event_types) AND (e.channel IS NULL OR e.channel = p_channel)) THEN
    RETURN NULL;
  END IF;
  INSERT INTO webhook_events (id, type, resource, sequence, channel, body, created_at)
  VALUES (v_id, p_type, p_resource, v_seq, p_channel,
    jsonb_build_object('type', p_type, 'timestamp', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'resource', p_resource, 'sequence', v_seq, 'data', p_data)::text, p_at);
  INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at)
  SELECT v_id, e.id, p_at FROM webhook_endpoints e
  WHERE e.enabled AND p_type = ANY (e.event_types) AND (e.channel IS NULL OR e.channel = p_channel);
  RETURN v_id;
END $$;

-- exception.opened: every problem raised on an event, whoever raised it, in its transaction.
CREATE FUNCTION webhook_exception_opened() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit('exception.opened', 'exception:' || NEW.id, NULL,
    jsonb_build_object('exceptionId', NEW.id, 'eventId', NEW.event_id, 'code', NEW.code, 'message', NEW.message, 'severity', NEW.severity));
  RETURN NULL;
END $$;
CREATE TRIGGER event_problems_webhook AFTER INSERT ON event_problems
  FOR EACH ROW EXECUTE FUNCTION webhook_exception_opened();
