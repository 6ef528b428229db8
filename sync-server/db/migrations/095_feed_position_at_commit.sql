-- The change feed's position is taken at commit (issue 18 point 3; docs/sync-protocol.md "Why the
-- checkpoint is commit-safe"). Until now a feed writer took its change_seq numbers under the
-- feed_counter row lock and held it to COMMIT, so every writer that published anything serialized
-- from its first feed write to its commit. Now:
--
-- * a feed row (replicated_docs, quants, orders) is written *pending*: change_seq NULL. Pending rows
--   are never visible to anyone else (a committed row is always numbered, below), so a puller's
--   `change_seq > checkpoint` never sees them, and a transaction's own pending rows are exactly the
--   rows with change_seq NULL it can see;
-- * right before COMMIT the transaction takes the feed_position row lock and numbers its pending
--   rows from feed_seq (feed_commit_position()); the lock is held to COMMIT. Numbers are therefore
--   taken in commit order — sequence order is still commit order and a {seq} checkpoint never skips —
--   but the critical section is a few index probes and updates of the transaction's own rows, and
--   nothing is ever waited for while holding it (no deadlock can go through it);
-- * the application calls feed_commit_position() itself before COMMIT (feed/publish.ts, to learn
--   the numbers for its hints); a deferred constraint trigger on every pending row calls it at
--   COMMIT for any writer that did not, so no row can commit unnumbered.
--
-- feed_counter keeps its other job: writers that lock shared rows in no fixed order (device pushes,
-- warehouse operations) take its row lock first, so they cannot deadlock with each other
-- (feed/publish.ts lockFeed). Channel order intake no longer takes it (warehouse/orders.ts).
CREATE TABLE feed_position (
  id boolean PRIMARY KEY DEFAULT true CHECK (id)
);
INSERT INTO feed_position (id) VALUES (true);

ALTER TABLE replicated_docs ALTER COLUMN change_seq DROP NOT NULL;
ALTER TABLE quants ALTER COLUMN change_seq DROP NOT NULL;
ALTER TABLE orders ALTER COLUMN change_seq DROP NOT NULL;
CREATE INDEX replicated_docs_feed_pending ON replicated_docs (collection) WHERE change_seq IS NULL;
CREATE INDEX quants_feed_pending ON quants (product_id) WHERE change_seq IS NULL;
CREATE INDEX orders_feed_pending ON orders (id) WHERE change_seq IS NULL;

-- Numbers this transaction's pending feed rows under the feed_position lock (held to COMMIT).
-- Returns the highest number taken, or NULL when nothing was pending (then no lock is taken).
CREATE FUNCTION feed_commit_position() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  top bigint;
  n bigint;
BEGIN
  PERFORM set_config('aisle.feed_numbered', 'on', true);
  IF NOT EXISTS (SELECT 1 FROM replicated_docs WHERE change_seq IS NULL)
     AND NOT EXISTS (SELECT 1 FROM quants WHERE change_seq IS NULL)
     AND NOT EXISTS (SELECT 1 FROM orders WHERE change_seq IS NULL) THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM feed_position FOR UPDATE;
  WITH u AS (UPDATE replicated_docs SET change_seq = nextval('feed_seq') WHERE change_seq IS NULL RETURNING change_seq)
  SELECT max(change_seq) INTO top FROM u;
  WITH u AS (UPDATE quants SET change_seq = nextval('feed_seq') WHERE change_seq IS NULL RETURNING change_seq)
  SELECT max(change_seq) INTO n FROM u;
  top := greatest(top, n);
  WITH u AS (UPDATE orders SET change_seq = nextval('feed_seq') WHERE change_seq IS NULL RETURNING change_seq)
  SELECT max(change_seq) INTO n FROM u;
  RETURN greatest(top, n);
END;
$$;

-- The safety net: at COMMIT, number whatever a writer left pending (once per transaction).
CREATE FUNCTION feed_number_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('aisle.feed_numbered', true), '') <> 'on' THEN
    PERFORM feed_commit_position();
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER replicated_docs_feed_number AFTER INSERT OR UPDATE ON replicated_docs
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.change_seq IS NULL) EXECUTE FUNCTION feed_number_at_commit();
CREATE CONSTRAINT TRIGGER quants_feed_number AFTER INSERT OR UPDATE ON quants
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.change_seq IS NULL) EXECUTE FUNCTION feed_number_at_commit();
CREATE CONSTRAINT TRIGGER orders_feed_number AFTER INSERT OR UPDATE ON orders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.change_seq IS NULL) EXECUTE FUNCTION feed_number_at_commit();

-- Quants and orders changed by any statement become pending (they were numbered at once before).
CREATE OR REPLACE FUNCTION quants_feed_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := NULL;
  RETURN NEW;
END;
$$;
DROP TRIGGER quants_feed_seq_insert ON quants;

CREATE OR REPLACE FUNCTION orders_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := NULL;
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
-- Numbering a pending order (change_seq NULL → n) is not a change of the order.
DROP TRIGGER orders_change_seq_update ON orders;
CREATE TRIGGER orders_change_seq_update BEFORE UPDATE ON orders
  FOR EACH ROW WHEN (NEW.change_seq IS NOT DISTINCT FROM OLD.change_seq) EXECUTE FUNCTION orders_change_seq();
