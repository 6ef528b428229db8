-- Ingestion throughput (issue 5; docs/ledger.md "Throughput"). Applying a push batch of sales
-- writes ~35 rows per sale; this migration removes the work that did not need to be there and
-- lets the append-only part of a batch run before the feed lock, concurrently with other pushes.

-- 1. Change-feed numbers come from a sequence. They are still taken only while holding the
--    feed_counter row lock (feed/publish.ts lockFeed), so sequence order is commit order; the
--    counter row itself is no longer rewritten by every publishing transaction.
CREATE SEQUENCE feed_seq;
SELECT setval('feed_seq', greatest(seq, 1), seq > 0) FROM feed_counter;

-- 2. Stock documents are served straight from quants (feed/pull.ts): every insert or update of a
--    quant takes the next feed number, so a sale no longer upserts a copy of each touched stock
--    document into replicated_docs. Existing stock documents keep their numbers, so devices'
--    checkpoints stay valid.
ALTER TABLE quants ADD COLUMN change_seq bigint;
UPDATE quants q SET change_seq = coalesce(
  (SELECT r.change_seq FROM replicated_docs r WHERE r.collection = 'stock' AND r.id = q.product_id || '|' || q.location_id || '|' || q.lot),
  nextval('feed_seq'));
ALTER TABLE quants ALTER COLUMN change_seq SET NOT NULL;
CREATE UNIQUE INDEX quants_feed ON quants (change_seq);
DELETE FROM replicated_docs WHERE collection = 'stock';

-- Writers that number the rows themselves (stock/moves.ts sets change_seq = nextval in its
-- upsert) skip the trigger through its WHEN clause; any other write is numbered here.
CREATE FUNCTION quants_feed_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Writers of quants hold the feed lock (stock/moves.ts, warehouse/*): see step 1.
  NEW.change_seq := nextval('feed_seq');
  RETURN NEW;
END;
$$;
CREATE TRIGGER quants_feed_seq_insert BEFORE INSERT ON quants
  FOR EACH ROW WHEN (NEW.change_seq IS NULL) EXECUTE FUNCTION quants_feed_seq();
CREATE TRIGGER quants_feed_seq_update BEFORE UPDATE ON quants
  FOR EACH ROW WHEN (NEW.change_seq = OLD.change_seq) EXECUTE FUNCTION quants_feed_seq();

CREATE OR REPLACE VIEW stock_docs AS
SELECT q.product_id || '|' || q.location_id || '|' || q.lot AS id, 'site:' || l.site_id AS scope,
  jsonb_strip_nulls(jsonb_build_object(
    'id', q.product_id || '|' || q.location_id || '|' || q.lot,
    'productId', q.product_id, 'locationId', q.location_id, 'siteId', l.site_id, 'lot', q.lot,
    'expiry', to_char(q.expiry, 'YYYY-MM-DD'),
    'onHand', q.on_hand, 'reserved', q.reserved
  )) AS doc,
  q.product_id, q.location_id, q.lot, q.change_seq
FROM quants q JOIN locations l ON l.id = q.location_id;

-- 3. The journal: account_daily is kept by ledger/journal-store.ts together with
--    account_balances (both are shared rows, written after the feed lock), so that journal
--    lines — new rows only — can be inserted before it. Balance is checked once per INSERT
--    statement over the entries it touched (an entry's lines are written in one statement),
--    instead of one deferred query per line at COMMIT.
DROP TRIGGER journal_lines_account_daily ON journal_lines;
DROP FUNCTION reports_account_daily_add();
DROP TRIGGER journal_lines_balanced ON journal_lines;
DROP FUNCTION journal_entry_balanced();
CREATE FUNCTION journal_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT l.entry_id, sum(l.debit) - sum(l.credit) AS diff INTO bad
  FROM journal_lines l WHERE l.entry_id IN (SELECT DISTINCT entry_id FROM new_lines)
  GROUP BY l.entry_id HAVING sum(l.debit) <> sum(l.credit) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % does not balance (debit - credit = %)', bad.entry_id, bad.diff USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION journal_entries_balanced();

-- 4. Foreign keys on the two high-volume append-only ledgers cost two thirds of their insert
--    time (one lookup and one row lock on the parent per key per row: every line of every
--    concurrent push locked the same few account and location rows). The writers take these ids
--    from rows they just read (catalog, site locations, chart of accounts, the entry they
--    inserted); `aisle reconcile` reports any move or line whose product, location, account or
--    entry does not exist.
ALTER TABLE stock_moves
  DROP CONSTRAINT stock_moves_product_id_fkey,
  DROP CONSTRAINT stock_moves_from_location_id_fkey,
  DROP CONSTRAINT stock_moves_to_location_id_fkey;
ALTER TABLE journal_lines
  DROP CONSTRAINT journal_lines_entry_id_fkey,
  DROP CONSTRAINT journal_lines_account_code_fkey;
-- Covered by stock_moves_product_time (product_id, created_at DESC).
DROP INDEX stock_moves_product;

-- 5. Report aggregates of till sales are folded off the ingestion path (reports/aggregates.ts):
--    applying a batch queues its sale ids; the server folds the queue every second and before
--    every report request. sales_daily / product_sales_daily / tender_daily were the hottest rows
--    a push updated under the feed lock.
CREATE TABLE sales_aggregate_queue (sale_id text NOT NULL);

-- The full rebuild now also empties the queue: everything queued is in pos_sales already. The
-- table lock waits for pushes in flight and holds new ones until the rebuild commits, so no sale
-- is counted twice or missed.
CREATE OR REPLACE FUNCTION reports_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  inv invoices;
BEGIN
  LOCK TABLE sales_aggregate_queue IN EXCLUSIVE MODE;
  DELETE FROM sales_aggregate_queue;
  PERFORM reports_rebuild();
  FOR inv IN SELECT * FROM invoices WHERE order_id IS NOT NULL ORDER BY issued_at, id LOOP
    PERFORM reports_invoice_fold(inv);
  END LOOP;
END;
$$;
