-- How lists of names are ordered for people (products, customers, groups, channels, taxes in the
-- back office; products inside purchase orders, reorder rules and count tasks): collation
-- aisle_names, the ICU root collation with numbers compared as numbers — accents and case second
-- to the letters, so "Éclair" comes between "apple" and "yaourt" and "apple" beside "Apple", and
-- "Item 9" before "Item 10" ("Everyday Apples #204" no longer between #1804 and #4). The locale is
-- written in ICU's own form: PGlite ignores the BCP 47 keyword (und-u-kn-true) and orders digits
-- as text; both honour und@colNumeric=yes. The databases are often created with the
-- C collation (C.UTF-8 here), which orders by code point: every name starting with an accented
-- capital after "zucchini", and `lower(name)` only mended the case. Both PostgreSQL (built with
-- ICU, as Debian's and the official packages are) and PGlite have ICU; a server built without it
-- gets the C order under the same name rather than a failed migration.
DO $$
BEGIN
  CREATE COLLATION aisle_names (provider = icu, locale = 'und@colNumeric=yes');
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR undefined_object THEN
  CREATE COLLATION aisle_names FROM "C";
END
$$;
