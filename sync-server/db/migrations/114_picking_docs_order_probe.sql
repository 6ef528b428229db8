-- The pickings' documents are read by id (picking-docs.ts) in hot transactions whose statements
-- are prepared and planned once (an order batch plans generically: docs/warehouse.md "Plans that
-- do not grow with the tables"). Migration 110 wrote "a waiting picking of a pickup order at its
-- store" as EXISTS, which PostgreSQL may plan as a hash of every pickup order built at each
-- execution: chosen while `orders` was small, such a plan is kept by the connection while the table
-- grows, and every batch then read all pickup orders. The same test as a scalar subquery by the
-- order's key is one index probe per waiting picking, whatever the table's size. Same rows, same
-- documents.
CREATE OR REPLACE VIEW picking_docs AS
SELECT p.id, 'site:' || p.site_id AS scope, jsonb_strip_nulls(jsonb_build_object(
  'id', p.id, 'kind', p.kind, 'step', p.step, 'siteId', p.site_id, 'reference', p.reference,
  'state', p.state, 'claimedBy', p.claimed_by, 'orderId', p.order_id,
  'lines', coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
      'lineId', l.id, 'productId', l.product_id, 'qty', l.qty,
      'fromLocationId', l.from_location_id, 'toLocationId', l.to_location_id,
      'lot', nullif(l.lot, ''), 'expiry', to_char(l.expiry, 'YYYY-MM-DD'))) ORDER BY l.position)
    FROM picking_lines l WHERE l.picking_id = p.id AND l.qty > 0), '[]'::jsonb),
  'pickup', (SELECT jsonb_strip_nulls(jsonb_build_object('orderRef', o.external_ref, 'channel', o.channel, 'customerName', c.name))
             FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = p.order_id AND o.fulfillment = 'pickup'),
  'createdAt', iso_utc(p.created_at), 'updatedAt', iso_utc(p.updated_at)
)) AS doc
FROM pickings p
WHERE p.state NOT IN ('waiting', 'requested')
   OR (p.state = 'waiting' AND p.order_id IS NOT NULL
       AND coalesce((SELECT o.fulfillment = 'pickup' AND o.pickup_site_id = p.site_id FROM orders o WHERE o.id = p.order_id), false));
