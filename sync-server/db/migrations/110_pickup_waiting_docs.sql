-- The till's pickup queue shows orders whose goods are on their way to the store (issue 16 point 1,
-- docs/till.md "Pickups"): a click-and-collect order's waiting picking at its pickup store is now a
-- device document too (state "waiting", pickings schema version 4), so a till finds the order
-- offline and tells the customer where the goods are. Other waiting pickings (a warehouse's
-- backorders) and requested transfers stay off the devices, as before (migration 100).
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
       AND EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id AND o.fulfillment = 'pickup' AND o.pickup_site_id = p.site_id));
