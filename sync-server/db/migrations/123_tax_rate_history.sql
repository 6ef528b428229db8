-- What a sale line's taxes are judged against (sync-server/pos/tax-checks.ts, docs/ledger.md
-- "Taxes judged against the catalog"): the rate each tax had, and the taxes each product carried,
-- over time. A till that was offline keeps selling with what it last synced, so a line is fair
-- when it matches the catalog at the sale's time, and excusable (a warning) for a while after a
-- change; only a rate or tax set the catalog never had around then is critical.
-- Written by triggers, not by the admin code: a rate or a product's taxes change through the
-- admin API, the CSV import, a seed or hand-made SQL, and every path must leave its trace.
-- `valid_from` is the transaction's time; a tax's or product's first row stands for "since
-- always" (a till's clock, or a sale made before the row was written, is no reason to doubt it).

CREATE TABLE tax_rate_history (
  tax_id text NOT NULL REFERENCES taxes(id) ON DELETE CASCADE,
  rate numeric(7, 4) NOT NULL,
  valid_from timestamptz NOT NULL,
  PRIMARY KEY (tax_id, valid_from)
);
INSERT INTO tax_rate_history (tax_id, rate, valid_from) SELECT id, rate, now() FROM taxes;

-- A rate changed twice in one transaction keeps the last; a rate set back to what it was leaves a
-- row equal to its predecessor, which the reader collapses.
CREATE FUNCTION tax_rate_history_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.rate IS DISTINCT FROM OLD.rate THEN
    INSERT INTO tax_rate_history (tax_id, rate, valid_from) VALUES (NEW.id, NEW.rate, now())
    ON CONFLICT (tax_id, valid_from) DO UPDATE SET rate = excluded.rate;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER taxes_rate_history AFTER INSERT OR UPDATE OF rate ON taxes FOR EACH ROW EXECUTE FUNCTION tax_rate_history_record();

-- No foreign key to products: deleting a product cascades to product_taxes, whose trigger notes
-- the (empty) set while the product row is going away.
CREATE TABLE product_tax_history (
  product_id text NOT NULL,
  tax_ids text[] NOT NULL,
  valid_from timestamptz NOT NULL,
  PRIMARY KEY (product_id, valid_from)
);
INSERT INTO product_tax_history (product_id, tax_ids, valid_from)
SELECT p.id, coalesce((SELECT array_agg(t.tax_id ORDER BY t.position, t.tax_id) FROM product_taxes t WHERE t.product_id = p.id), '{}'), now()
FROM products p;

-- The products' sets as they are now, one row per product whose set differs from its previous row.
-- The admin replaces a product's taxes by a DELETE and an INSERT in one transaction: the row the
-- DELETE wrote at now() is overwritten by the INSERT's, and dropped when the set came back to
-- what it was, so re-saving a product leaves no row.
CREATE FUNCTION product_tax_history_note(ids text[]) RETURNS void LANGUAGE sql AS $$
  WITH cur AS (
    SELECT u.id,
      coalesce((SELECT array_agg(t.tax_id ORDER BY t.position, t.tax_id) FROM product_taxes t WHERE t.product_id = u.id), '{}') AS tax_ids,
      (SELECT h.tax_ids FROM product_tax_history h WHERE h.product_id = u.id AND h.valid_from < now() ORDER BY h.valid_from DESC LIMIT 1) AS before,
      EXISTS (SELECT 1 FROM product_tax_history h WHERE h.product_id = u.id AND h.valid_from = now()) AS noted
    FROM unnest(ids) AS u(id))
  INSERT INTO product_tax_history (product_id, tax_ids, valid_from)
  SELECT id, tax_ids, now() FROM cur WHERE noted OR tax_ids IS DISTINCT FROM before
  ON CONFLICT (product_id, valid_from) DO UPDATE SET tax_ids = excluded.tax_ids;
  DELETE FROM product_tax_history h
  WHERE h.product_id = ANY(ids) AND h.valid_from = now()
    AND h.tax_ids = (SELECT p.tax_ids FROM product_tax_history p WHERE p.product_id = h.product_id AND p.valid_from < now() ORDER BY p.valid_from DESC LIMIT 1);
$$;

-- Per statement (a catalog import or a seed writes thousands of rows in one), with the statement's
-- rows: of product_taxes, or of products (new products, below).
CREATE FUNCTION product_taxes_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'products' THEN
    PERFORM product_tax_history_note(ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM product_tax_history_note(ARRAY(SELECT DISTINCT product_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM product_tax_history_note(ARRAY(SELECT DISTINCT product_id FROM old_rows));
  ELSE
    PERFORM product_tax_history_note(ARRAY(SELECT product_id FROM new_rows UNION SELECT product_id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER product_taxes_history_insert AFTER INSERT ON product_taxes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_taxes_history();
CREATE TRIGGER product_taxes_history_delete AFTER DELETE ON product_taxes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION product_taxes_history();
CREATE TRIGGER product_taxes_history_update AFTER UPDATE ON product_taxes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_taxes_history();
-- A new product's first row is written when the product is: one created without taxes and given
-- some later sold without them until then, and its first row must say so (not "since always").
-- Created with taxes in the same transaction, the product_taxes statement overwrites this row.
CREATE TRIGGER products_tax_history_insert AFTER INSERT ON products REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_taxes_history();
