-- Searches by name find a name however its accents are typed: "eclair" finds "Éclair au chocolat",
-- "jose" finds "José", "creme brulee" finds "Crème brûlée" — as the till's own search already did
-- offline. aisle_fold(text) is the one folding the server's searches compare with: lower case with
-- the accents dropped by the unaccent dictionary (which also writes ß as ss, Œ as OE, Ø as O).
-- Both sides of a LIKE go through it, so the pattern and the name are folded alike. Immutable, so
-- the products' name search keeps an index (text_pattern_ops, for prefixes: migration 071 indexed
-- lower(name)); unaccent() itself is only stable (its dictionary could change), so the function
-- names the dictionary and is declared immutable, the usual way to index it.
-- unaccent is a trusted contrib extension (a database owner may create it; Debian's and the
-- official PostgreSQL packages ship it; PGlite loads it, pglite-driver.ts). A server without it
-- folds case only, under the same name, rather than failing the migration.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION WHEN undefined_file OR insufficient_privilege OR feature_not_supported THEN
  RAISE NOTICE 'unaccent is not available: searches fold case but not accents';
END
$$;

DO $$
DECLARE
  ns text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent');
BEGIN
  IF ns IS NULL THEN
    CREATE FUNCTION aisle_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS 'SELECT lower($1)';
  ELSE
    EXECUTE format('CREATE FUNCTION aisle_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS %L',
      format('SELECT lower(%I.unaccent(%L::regdictionary, $1))', ns, quote_ident(ns) || '.unaccent'));
  END IF;
END
$$;

DROP INDEX products_lower_name;
CREATE INDEX products_folded_name ON products (aisle_fold(name) text_pattern_ops);
