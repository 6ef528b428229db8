-- The version of what a device push checks its sales against (sync-server/pos/catalog-lookup.ts):
-- product names, prices, tracking, categories and tax sets, the taxes and their rates over time,
-- the tenders. Each server process keeps what it read of them while this row's value is unchanged,
-- as it keeps the warehouse's master data (migration 112, same reasoning): any statement that
-- writes them gives the row a new random value in its own transaction, so the next push that
-- commits after it reads the new value and the rows again. A product's cost is not kept (receipts
-- change it all day; every push reads it), so writing only `cost` does not change the version:
-- the products trigger names the columns that are kept. Before, every push of 100 sales built the
-- JSON of its ≈ 430 products anew: 17 ms of PostgreSQL per push, 8 % of its CPU
-- (`npm run bench -- pos`, docs/server.md).
CREATE TABLE pos_catalog_version (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  v text NOT NULL
);
INSERT INTO pos_catalog_version (v) VALUES (gen_random_uuid()::text);

CREATE FUNCTION bump_pos_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE pos_catalog_version SET v = gen_random_uuid()::text;
  RETURN NULL;
END $$;

CREATE TRIGGER products_pos_catalog BEFORE UPDATE OF name, price, price_includes_tax, category, tracking OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION bump_pos_catalog_version();
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['product_taxes', 'product_tax_history', 'taxes', 'tax_rate_history', 'tenders'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_pos_catalog_version()', t || '_pos_catalog', t);
  END LOOP;
END $$;
