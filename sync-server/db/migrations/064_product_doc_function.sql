-- The product document built once, from a products row and its two lists: the product_docs view
-- gives it the lists from product_barcodes and product_taxes (two lookups per product); a bulk
-- writer that already holds the lists — the catalog CSV import (sync-server/admin/catalog-import.ts)
-- — passes them in and skips those lookups, which were most of publishing 100k imported products.
-- Same document as before (jsonb keys have no order; an empty list is []).
CREATE FUNCTION product_doc(p products, barcodes text[], tax_ids text[]) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', p.id, 'sku', p.sku, 'name', p.name,
    'barcodes', to_jsonb(coalesce(barcodes, '{}'::text[])),
    'price', p.price, 'priceIncludesTax', p.price_includes_tax, 'cost', p.cost,
    'taxIds', to_jsonb(coalesce(tax_ids, '{}'::text[])),
    'category', p.category, 'unit', p.unit, 'tracking', p.tracking, 'active', p.active,
    'updatedAt', iso_utc(p.updated_at))
$$;

CREATE OR REPLACE VIEW product_docs AS
SELECT p.id, product_doc(p,
  (SELECT array_agg(b.barcode ORDER BY b.barcode) FROM product_barcodes b WHERE b.product_id = p.id),
  (SELECT array_agg(t.tax_id ORDER BY t.position, t.tax_id) FROM product_taxes t WHERE t.product_id = p.id)) AS doc
FROM products p;
