-- How lists of names are ordered for people (products, customers, groups, channels, taxes in the
-- back office; products inside purchase orders, reorder rules and count tasks): collation
-- aisle_names, the ICU root collation — accents and case second to the letters, so "Éclair" comes
-- between "apple" and "yaourt" and "apple" beside "Apple". The databases are often created with the
-- C collation (C.UTF-8 here), which orders by code point: every name starting with an accented
-- capital after "zucchini", and `lower(name)` only mended the case. Both PostgreSQL (built with
-- ICU, as Debian's and the official packages are) and PGlite have ICU; a server built without it
-- gets the C order under the same name rather than a failed migration.
DO $$
BEGIN
  CREATE COLLATION aisle_names (provider = icu, locale = 'und');
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR undefined_object THEN
  CREATE COLLATION aisle_names FROM "C";
END
$$;
