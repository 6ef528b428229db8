// The `pickings` documents as devices pull them: the picking_docs view (migrations 030, 084), a
// count task's own `showsExpected` (migration 065), whom or where the work is for (`partner`, v6), and for a click-and-collect order's picking at its store what the till needs to hand it over
// offline (pickings schema v2, shared/schemas/picking.ts): the order's lines with what was ordered,
// handed over and cancelled and at which price and discount (schema v5), whether the customer pays at the till, the date
// after which the store releases it, the hand-overs already applied, each line's order line, and
// (schema v4) the transfers bringing its goods to the store, so the till can say they are on their way.
// Added here rather than in the view: migrations 065 and 073 run before 084 on a fresh database, and
// 084 replaces the view.

/**
 * A pickup order's goods on their way to its store (migration 103's transfers and their backorders,
 * as order-transfers.ts reads them): per transfer not yet received, the sending site's name, whether
 * it is still to ship or sent (and when), and per product the units still to arrive. Each transfer
 * is read by its key (OFFSET 0 keeps the lateral probe from being turned into a join that a plan
 * made on small tables hashes whole).
 */
const TRANSFERS = `(WITH RECURSIVE sh (id) AS (
    SELECT t.shipment_id FROM pickup_transfers t WHERE t.order_id = o.id
    UNION ALL SELECT b.id FROM sh CROSS JOIN LATERAL (SELECT p.id FROM pickings p WHERE p.backorder_of = sh.id AND p.kind = 'delivery' OFFSET 0) b)
  SELECT jsonb_agg(x.doc ORDER BY x.created_at, x.reference) FROM (
    SELECT t.created_at, t.reference, jsonb_strip_nulls(jsonb_build_object(
      'reference', t.reference, 'from', src.name, 'state', CASE WHEN t.state = 'done' THEN 'in_transit' ELSE 'to_ship' END,
      'sentAt', CASE WHEN t.state = 'done' THEN iso_utc(t.done_at) END, 'lines', w.lines)) AS doc
    FROM sh CROSS JOIN LATERAL (SELECT k.id, k.created_at, k.reference, k.state, k.done_at, k.site_id FROM pickings k WHERE k.id = sh.id OFFSET 0) t
    JOIN sites src ON src.id = t.site_id
    CROSS JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object('productId', u.product_id, 'qty', u.qty) ORDER BY u.product_id) AS lines FROM (
        SELECT l.product_id, sum(l.qty - l.done_qty) AS qty FROM picking_lines l
        WHERE t.state IN ('ready', 'in_progress') AND l.picking_id = t.id
        GROUP BY l.product_id
        UNION ALL
        SELECT rl.product_id, sum(rl.qty - rl.done_qty) FROM pickings r JOIN picking_lines rl ON rl.picking_id = r.id
        WHERE t.state = 'done' AND r.previous_step = t.id AND r.state IN ('ready', 'in_progress')
        GROUP BY rl.product_id) u WHERE u.qty > 0) w
    WHERE w.lines IS NOT NULL) x)`;

/**
 * Whom or where the picking `p` is for (pickings schema v6): its order's customer and reference
 * (also for a return by post's receipt: the customer sending it back),
 * its purchase order's supplier, the site a transfer goes to (its arrival location's), or, for a
 * transfer's arrival, the site that sent it. Each read by key, one probe per document.
 */
const PARTNER = `CASE
    WHEN p.order_id IS NOT NULL THEN (
      SELECT jsonb_build_object('role', 'customer', 'name', coalesce(c.name, o.customer->>'name'), 'reference', o.external_ref)
      FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = p.order_id)
    WHEN p.return_request_id IS NOT NULL THEN (
      SELECT jsonb_build_object('role', 'customer', 'name', coalesce(c.name, o.customer->>'name'), 'reference', o.external_ref)
      FROM return_requests r JOIN orders o ON o.id = r.order_id LEFT JOIN customers c ON c.id = o.customer_id WHERE r.id = p.return_request_id)
    WHEN p.purchase_order_id IS NOT NULL THEN (
      SELECT jsonb_build_object('role', 'supplier', 'name', po.supplier, 'reference', po.reference) FROM purchase_orders po WHERE po.id = p.purchase_order_id)
    WHEN p.arrival_location_id IS NOT NULL THEN (
      SELECT jsonb_build_object('role', 'destination', 'name', s.name) FROM locations l JOIN sites s ON s.id = l.site_id WHERE l.id = p.arrival_location_id)
    WHEN p.kind = 'receipt' AND p.previous_step IS NOT NULL THEN (
      SELECT jsonb_build_object('role', 'source', 'name', s.name, 'reference', sh.reference)
      FROM pickings sh JOIN sites s ON s.id = sh.site_id WHERE sh.id = p.previous_step AND sh.site_id <> p.site_id)
  END`;

/**
 * SELECT id, scope, doc of the pickings whose ids are `$1` (a text[] parameter). What is added to
 * the view's document is read by key in scalar subqueries (one index probe per document or line),
 * not joined: a connection keeps the plan of a prepared statement, and a join planned while
 * `pickings` and `picking_lines` were small hashed all their rows at every call once they had grown
 * (docs/warehouse.md "Plans that do not grow with the tables").
 */
export const PICKING_DOCS_BY_ID = `
SELECT d.id, d.scope,
  CASE WHEN d.doc ? 'pickup' THEN d.doc || jsonb_build_object(
    'pickup', d.doc->'pickup' || coalesce((
      SELECT jsonb_strip_nulls(jsonb_build_object(
        'customerId', o.customer_id,
        'payAtPickup', CASE WHEN o.pay_at_pickup THEN true END,
        'collectBy', iso_utc(o.pickup_ready_at + make_interval(days => s.pickup_hold_days)),
        'currency', o.currency,
        'lines', (SELECT jsonb_agg(jsonb_build_object('orderLineId', ol.id, 'productId', ol.product_id, 'qty', ol.qty,
                    'handedOver', ol.delivered, 'cancelled', ol.cancelled, 'unitPrice', ol.unit_price)
                    || CASE WHEN ol.discount > 0 THEN jsonb_build_object('discount', ol.discount) ELSE '{}'::jsonb END ORDER BY ol.position)
                  FROM order_lines ol WHERE ol.order_id = o.id),
        'handedOverBy', (SELECT jsonb_agg(h.event_id ORDER BY h.created_at, h.event_id) FROM pickup_handovers h WHERE h.order_id = o.id),
        'transfers', ${TRANSFERS}))
      FROM orders o JOIN sites s ON s.id = o.pickup_site_id WHERE o.id = d.doc->>'orderId'), '{}'::jsonb),
    'lines', coalesce((
      SELECT jsonb_agg(e.line || coalesce((SELECT jsonb_build_object('orderLineId', pl.order_line_id) FROM picking_lines pl
                                            WHERE pl.id = e.line->>'lineId' AND pl.order_line_id IS NOT NULL), '{}'::jsonb) ORDER BY e.n)
      FROM jsonb_array_elements(d.doc->'lines') WITH ORDINALITY AS e(line, n)), '[]'::jsonb))
  ELSE d.doc END
  || coalesce((SELECT jsonb_strip_nulls(jsonb_build_object('showsExpected', p.count_shows_expected, 'partner', ${PARTNER}))
               FROM pickings p WHERE p.id = d.id), '{}'::jsonb) AS doc
FROM picking_docs d WHERE d.id = ANY($1::text[])`;
