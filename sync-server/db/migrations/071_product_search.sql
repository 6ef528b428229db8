-- Back-office catalog search over 100k+ products (issue 13 point 6): prefix search on the name and
-- the SKU, case-insensitive, served by indexes rather than a scan.
CREATE INDEX products_lower_name ON products (lower(name) text_pattern_ops);
CREATE INDEX products_lower_sku ON products (lower(sku) text_pattern_ops);
