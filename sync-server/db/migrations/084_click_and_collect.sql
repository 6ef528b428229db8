-- Click-and-collect, server side (issue 16 point 1; docs/channels.md "Click-and-collect"). An
-- order with fulfillment {type: "pickup", site} is reserved in that store's stock; its delivery
-- picking at the store is the pickup queue, replicated to the store's tills with the pickings
-- collection (scope site:<store>). Picking documents of pickup orders carry `pickup` (the
-- channel's order reference, the channel and the customer's name) so the till can find them by
-- reference or customer offline.
ALTER TABLE orders
  ADD COLUMN fulfillment text NOT NULL DEFAULT 'delivery' CHECK (fulfillment IN ('delivery', 'pickup')),
  ADD COLUMN pickup_site_id text REFERENCES sites(id),
  ADD CONSTRAINT orders_pickup_site CHECK ((fulfillment = 'pickup') = (pickup_site_id IS NOT NULL));
CREATE INDEX orders_pickup_site ON orders (pickup_site_id) WHERE pickup_site_id IS NOT NULL;

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
FROM pickings p WHERE p.state <> 'waiting';
