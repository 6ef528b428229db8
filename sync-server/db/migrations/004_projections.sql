-- How server rows become the documents devices pull (shared/schemas). Kept in SQL so that bulk
-- writers (the seed, imports) and single-row writers build identical documents.

CREATE FUNCTION iso_utc(ts timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE VIEW product_docs AS
SELECT p.id, jsonb_build_object(
  'id', p.id, 'sku', p.sku, 'name', p.name,
  'barcodes', coalesce((SELECT jsonb_agg(b.barcode ORDER BY b.barcode) FROM product_barcodes b WHERE b.product_id = p.id), '[]'::jsonb),
  'price', p.price, 'priceIncludesTax', p.price_includes_tax, 'cost', p.cost,
  'taxIds', coalesce((SELECT jsonb_agg(t.tax_id ORDER BY t.position, t.tax_id) FROM product_taxes t WHERE t.product_id = p.id), '[]'::jsonb),
  'category', p.category, 'unit', p.unit, 'tracking', p.tracking, 'active', p.active,
  'updatedAt', iso_utc(p.updated_at)
) AS doc
FROM products p;

CREATE VIEW stock_docs AS
SELECT q.product_id || '|' || q.location_id || '|' || q.lot AS id, 'site:' || l.site_id AS scope,
  jsonb_strip_nulls(jsonb_build_object(
    'id', q.product_id || '|' || q.location_id || '|' || q.lot,
    'productId', q.product_id, 'locationId', q.location_id, 'siteId', l.site_id, 'lot', q.lot,
    'expiry', to_char(q.expiry, 'YYYY-MM-DD'),
    'onHand', q.on_hand, 'reserved', q.reserved
  )) AS doc,
  q.product_id, q.location_id, q.lot
FROM quants q JOIN locations l ON l.id = q.location_id;

CREATE VIEW customer_docs AS
SELECT c.id, jsonb_strip_nulls(jsonb_build_object(
  'id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone, 'taxNumber', c.tax_number,
  'business', c.business, 'updatedAt', iso_utc(c.updated_at)
)) AS doc
FROM customers c;
