-- Store transfers (issue 16 point 5; docs/warehouse.md "Transfers between sites"). A store may
-- now be the source of a transfer as well as a warehouse, and a site may *request* stock: the
-- request is a transfer picking at the source in state 'requested' (not reserved, not on any
-- device) until the source accepts it (→ waiting → reserved FEFO → ready for its stations) or
-- declines it (→ cancelled). Who asked and who decided is kept on the picking.
ALTER TABLE pickings DROP CONSTRAINT pickings_state_check;
ALTER TABLE pickings ADD CONSTRAINT pickings_state_check
  CHECK (state IN ('requested', 'waiting', 'ready', 'in_progress', 'done', 'cancelled'));
ALTER TABLE pickings
  ADD COLUMN requested_by text REFERENCES users(id),
  ADD COLUMN requested_at timestamptz,
  ADD COLUMN request_note text CHECK (length(request_note) <= 500),
  ADD COLUMN decided_by text REFERENCES users(id),
  ADD COLUMN decided_at timestamptz;
CREATE INDEX pickings_requested ON pickings (created_at) WHERE state = 'requested';

-- Requested transfers are no work for devices yet, like waiting pickings.
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
FROM pickings p WHERE p.state NOT IN ('waiting', 'requested');
