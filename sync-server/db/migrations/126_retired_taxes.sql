-- A retired tax (`taxes.active` false) is on no product: the back office, the CSV import and the
-- product forms offer only active taxes, and tills charge a product's taxes from their config, so
-- a product carrying a retired tax would be sold with a tax nobody can choose any more. The admin
-- code refuses both ways with a sentence for people (sync-server/admin/taxes.ts, catalog.ts,
-- catalog-import.ts); these triggers hold the rule for every other writer (a seed, hand-made SQL).
--
-- Concurrency: a product writer locks the taxes it adds FOR SHARE, after its rows are written and
-- before it looks at `active`; retiring updates the tax row (a row lock that conflicts with FOR
-- SHARE) and then counts the products. Whichever comes second waits for the first to commit and
-- then sees what it did (READ COMMITTED: each statement of the functions takes a new snapshot).

CREATE FUNCTION product_taxes_active_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  retired text;
BEGIN
  PERFORM 1 FROM taxes t WHERE t.id IN (SELECT n.tax_id FROM new_rows n) ORDER BY t.id FOR SHARE;
  SELECT t.name INTO retired FROM taxes t WHERE t.id IN (SELECT n.tax_id FROM new_rows n) AND NOT t.active ORDER BY t.name LIMIT 1;
  IF retired IS NOT NULL THEN
    RAISE EXCEPTION 'the tax "%" is retired: it cannot be put on a product', retired
      USING ERRCODE = 'check_violation', CONSTRAINT = 'product_taxes_tax_active';
  END IF;
  RETURN NULL;
END $$;
-- One trigger per event: a trigger with transition tables takes a single event.
CREATE TRIGGER product_taxes_tax_active_insert AFTER INSERT ON product_taxes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_taxes_active_check();
CREATE TRIGGER product_taxes_tax_active_update AFTER UPDATE ON product_taxes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_taxes_active_check();

CREATE FUNCTION taxes_retire_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  carried integer;
BEGIN
  IF OLD.active AND NOT NEW.active THEN
    SELECT count(*) INTO carried FROM product_taxes WHERE tax_id = NEW.id;
    IF carried > 0 THEN
      RAISE EXCEPTION 'the tax "%" is on % product(s): take it off them before retiring it', OLD.name, carried
        USING ERRCODE = 'check_violation', CONSTRAINT = 'taxes_retired_unused';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER taxes_retire_check BEFORE UPDATE OF active ON taxes FOR EACH ROW EXECUTE FUNCTION taxes_retire_check();
