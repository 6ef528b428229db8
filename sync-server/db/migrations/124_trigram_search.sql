-- Searches by a part of a text ("0042" in the reference WEB-100423, "dupont" in an e-mail) read an
-- index, not the whole table: pg_trgm's GIN indexes answer `LIKE '%…%'` (and `LIKE '…%'`) by the
-- three-letter pieces of the pattern, then check each row they point at, so the answer is the same
-- as a scan's. A pattern of fewer than three characters has no such piece: the searches ask those as
-- "starts with" (docs/admin.md "Searches by a part of a text"), which the padded first pieces of a
-- text still serve.
-- Each index is on the very expression its query compares (aisle_fold, migration 120, is immutable;
-- email_key is a stored column), or the planner cannot use it:
--   orders      aisle_fold(external_ref)                       the back office's orders, the till's web-order returns
--   orders      the order's own customer name and e-mail       orders that name nobody on file (customer_id IS NULL):
--                                                              older orders; the intake links every order it takes
--                                                              (order-customer.ts), so new orders never write this one
--   customers   aisle_fold(name), email_key, phone digits      the customers page, the orders' customer, the return lookup
--   admin_audit aisle_fold(summary), aisle_fold(actor)         the audit log's search
-- The order intake writes orders_ref_trigrams for every order (and the customers index for each new
-- customer): GIN's pending list (fastupdate) batches those writes; measured in docs/admin.md.
-- pg_trgm is a trusted contrib extension (a database owner may create it; PGlite loads it,
-- pglite-driver.ts). A server without it keeps searching the same way, by reading the tables.
-- The indexes are built in this migration's transaction: on a large orders table the intake waits
-- for the build (18.6 s for 300,000 orders and 150,000 customers on a loaded 2-core machine,
-- docs/admin.md "Searches by a part of a text"). An operator may build them beforehand, without
-- stopping the intake, with CREATE INDEX CONCURRENTLY under the same names and definitions: the
-- migration then keeps them (IF NOT EXISTS).
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN undefined_file OR insufficient_privilege OR feature_not_supported THEN
  RAISE NOTICE 'pg_trgm is not available: searches by a part of a reference, name or e-mail read the whole table (no trigram index)';
END
$$;

DO $$
DECLARE
  ops text := (SELECT quote_ident(n.nspname) || '.gin_trgm_ops' FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
BEGIN
  IF ops IS NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS orders_ref_trigrams ON orders USING gin (aisle_fold(external_ref) %s)', ops);
  EXECUTE format($i$CREATE INDEX IF NOT EXISTS orders_guest_trigrams ON orders USING gin (aisle_fold(coalesce(customer ->> 'name', '')) %1$s, lower(coalesce(customer ->> 'email', '')) %1$s)
    WHERE customer_id IS NULL AND customer IS NOT NULL$i$, ops);
  EXECUTE format($i$CREATE INDEX IF NOT EXISTS customers_trigrams ON customers USING gin (aisle_fold(name) %1$s, email_key %1$s, regexp_replace(coalesce(phone, ''), '\D', '', 'g') %1$s)
    WHERE merged_into IS NULL$i$, ops);
  EXECUTE format('CREATE INDEX IF NOT EXISTS admin_audit_trigrams ON admin_audit USING gin (aisle_fold(summary) %1$s, aisle_fold(actor) %1$s)', ops);
END
$$;
