// The rows order intake writes — orders, their lines (with what promotions took off them and the
// coupon uses of the order: order-pricing.ts), first-step pickings with their lines, and the
// reservations with the quants' reserved — collected in memory while orders are planned and written
// with one set-based statement, whether for one order or for a batch of them (order-batch.ts):
// the cost of a batch grows with its rows, not with round trips per order.
import type { Tx } from '../db/db.ts';
import type { WebhookEventType } from '../../shared/schemas/webhooks.ts';
import type { OrderPickingView, OrderView } from './order-view.ts';

export interface OrderRow {
  id: string;
  channel: string;
  external_ref: string;
  customer_id: string | null;
  customer: object | null;
  currency: string;
  created_at: string;
  fulfillment: 'pickup' | 'delivery';
  pickup_site_id: string | null;
  pay_at_pickup: boolean;
  /** Set when a pickup order is held in full at its store: the collection period starts now. */
  pickup_ready_at: string | null;
  /** The coupon codes the order was priced with (order-pricing.ts). */
  coupon_codes: string[];
}

export interface OrderLineRow {
  id: string;
  order_id: string;
  position: number;
  product_id: string;
  qty: number;
  price: number;
  inc: boolean;
  /** The catalog price the line was priced from. */
  list_price: number | null;
  /** Σ promotions on the line. */
  discount: number;
  pricelist_item_id: string | null;
}

/** What one promotion took off one order line. */
export interface OrderLinePromotionRow {
  order_id: string;
  line_id: string;
  promotion_id: string;
  amount: number;
  position: number;
}

export interface PickingRow {
  id: string;
  step: string;
  route_steps: number;
  site_id: string;
  code: string;
  prefix: string;
  state: string;
  order_id: string;
  backorder_of: string | null;
  /** The order's view of it: its reference is filled in when the row is written. */
  view: OrderPickingView;
}

export interface PickingLineRow {
  id: string;
  picking_id: string;
  position: number;
  order_line_id: string;
  product_id: string;
  qty: number;
  from_id: string;
  to_id: string;
  lot: string;
  expiry: string | null;
  reserved: boolean;
}

export interface IntakeWrites {
  orders: OrderRow[];
  lines: OrderLineRow[];
  pickings: PickingRow[];
  pickingLines: PickingLineRow[];
  promotions: OrderLinePromotionRow[];
  /** One use per applied code and order, counted with the tills' (coupon_uses). */
  couponUses: { code: string; order_id: string }[];
}

export function intakeWrites(): IntakeWrites {
  return { orders: [], lines: [], pickings: [], pickingLines: [], promotions: [], couponUses: [] };
}

export function clearIntakeWrites(w: IntakeWrites): void {
  w.orders.length = 0;
  w.lines.length = 0;
  w.pickings.length = 0;
  w.pickingLines.length = 0;
  w.promotions.length = 0;
  w.couponUses.length = 0;
}

export function mergeWrites(into: IntakeWrites, from: IntakeWrites): void {
  into.orders.push(...from.orders);
  into.lines.push(...from.lines);
  into.pickings.push(...from.pickings);
  into.pickingLines.push(...from.pickingLines);
  into.promotions.push(...from.promotions);
  into.couponUses.push(...from.couponUses);
}

/**
 * What answers the orders of a batch, written with their rows (order-batch.ts): each order's
 * idempotency row and intake webhooks carry its view, whose new pickings get their references in
 * the same statement.
 */
export interface IntakeAnswer {
  principal: string;
  idemKey: string;
  requestHash: string;
  body: OrderView;
  /** The order's intake webhook events, in order (order-events.ts intakeEventTypes). */
  events: readonly WebhookEventType[];
  at: Date;
}

/**
 * Writes the collected rows in one statement: parents before children (the foreign keys are
 * checked at the statement's end), pickings numbered from picking_number_seq in the order they
 * were planned, and each quant's reserved raised once by the sum of its new reservations (the
 * database refuses reserved > on_hand: zero oversell stays its guarantee whatever Node planned).
 * With `answers`, the same statement stores each order's idempotency row and writes its intake
 * webhooks to the outbox, their views completed with the new pickings' references. Returns
 * whether an outbox event was stored (someone subscribes).
 */
export async function flushIntakeWrites(tx: Tx, w: IntakeWrites, answers: readonly IntakeAnswer[] = []): Promise<boolean> {
  const s = intakeStatement(w, answers);
  return s ? s.apply(await tx.query(s.sql, s.params)) : false;
}

/**
 * The same statement sent without waiting for its answer (Tx.send; the order batch: its rows, the
 * pickings' documents and COMMIT go in one round trip). The views get their references, and
 * `onStored` runs when an outbox event was stored, as the answer arrives — before COMMIT's. A
 * failure fails the transaction at COMMIT.
 */
export function sendIntakeWrites(tx: Tx, w: IntakeWrites, answers: readonly IntakeAnswer[], onStored: () => void): void {
  const s = intakeStatement(w, answers);
  if (s) tx.send(s.sql, s.params, (rows) => {
    if (s.apply(rows)) onStored();
  });
}

interface IntakeStatement {
  sql: string;
  params: string[];
  /** Gives the views their pickings' references from the statement's rows; whether an outbox event was stored. */
  apply(rows: readonly Record<string, unknown>[]): boolean;
}

function intakeStatement(w: IntakeWrites, answers: readonly IntakeAnswer[]): IntakeStatement | null {
  if (w.orders.length === 0 && w.lines.length === 0 && w.pickings.length === 0 && w.pickingLines.length === 0 && w.promotions.length === 0 && w.couponUses.length === 0 && answers.length === 0) return null;
  const bodies = answers.map((a, k) => ({ k, principal: a.principal, idem_key: a.idemKey, request_hash: a.requestHash, body: a.body }));
  const events = answers.flatMap((a, k) => a.events.map((t) => ({ t, k, resource: `order:${a.body.orderId}`, channel: a.body.channel, at: a.at.toISOString() }))).map((e, n) => ({ ...e, n }));
  // Its pickings in the order they were planned (the views are filled from the answer).
  const pickings = [...w.pickings];
  return {
    sql: `WITH o AS (
       INSERT INTO orders (id, channel, external_ref, customer_id, customer, currency, created_at, fulfillment, pickup_site_id, pay_at_pickup, pickup_ready_at, coupon_codes)
       SELECT r.id, r.channel, r.external_ref, r.customer_id, r.customer, r.currency, r.created_at, r.fulfillment, r.pickup_site_id, r.pay_at_pickup, r.pickup_ready_at,
         ARRAY(SELECT jsonb_array_elements_text(r.coupon_codes))
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, channel text, external_ref text, customer_id text, customer jsonb, currency text, created_at timestamptz,
         fulfillment text, pickup_site_id text, pay_at_pickup boolean, pickup_ready_at timestamptz, coupon_codes jsonb)
       RETURNING 1),
     l AS (
       INSERT INTO order_lines (id, order_id, position, product_id, qty, unit_price, price_includes_tax, list_price, discount, pricelist_item_id)
       SELECT r.id, r.order_id, r.position, r.product_id, r.qty, r.price, r.inc, r.list_price, r.discount, r.pricelist_item_id
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, order_id text, position int, product_id text, qty numeric, price bigint, inc boolean, list_price bigint, discount bigint, pricelist_item_id text)
       RETURNING 1),
     lp AS (
       INSERT INTO order_line_promotions (order_id, line_id, promotion_id, amount, position)
       SELECT r.order_id, r.line_id, r.promotion_id, r.amount, r.position
       FROM jsonb_to_recordset($7::jsonb) AS r(order_id text, line_id text, promotion_id text, amount bigint, position smallint)
       RETURNING 1),
     cu AS (
       INSERT INTO coupon_uses (code, sale_id, source)
       SELECT r.code, r.order_id, 'order' FROM jsonb_to_recordset($8::jsonb) AS r(code text, order_id text)
       RETURNING 1),
     p AS (
       INSERT INTO pickings (id, kind, step, route_steps, site_id, reference, state, order_id, backorder_of)
       SELECT r.id, 'delivery', r.step, r.route_steps, r.site_id, r.code || '/' || r.prefix || '/' || lpad(nextval('picking_number_seq')::text, 6, '0'), r.state, r.order_id, r.backorder_of
       FROM jsonb_to_recordset($3::jsonb) AS r(id text, step text, route_steps smallint, site_id text, code text, prefix text, state text, order_id text, backorder_of text, n int)
       ORDER BY r.n
       RETURNING id, reference),
     r AS (SELECT * FROM jsonb_to_recordset($4::jsonb) AS r(id text, picking_id text, position int, order_line_id text, product_id text, qty numeric, from_id text, to_id text, lot text, expiry date, reserved boolean)),
     pl AS (
       INSERT INTO picking_lines (id, picking_id, position, order_line_id, product_id, qty, from_location_id, to_location_id, lot, expiry, reserved)
       SELECT id, picking_id, position, order_line_id, product_id, qty, from_id, to_id, lot, expiry, reserved FROM r RETURNING 1),
     q AS (
       UPDATE quants SET reserved = quants.reserved + x.qty, updated_at = now()
       FROM (SELECT product_id, from_id, lot, sum(qty) AS qty FROM r WHERE reserved GROUP BY 1, 2, 3) x
       -- The products' keys as an index condition: without it PostgreSQL (which guesses 50 rows for
       -- x) hash-joins a sequential scan of every quant until the table is large (4,000 quants: 1.1
       -- against 0.6 ms per batch, inside the quant lock; docs/warehouse.md).
       WHERE quants.product_id = ANY (ARRAY(SELECT product_id FROM r WHERE reserved))
         AND quants.product_id = x.product_id AND quants.location_id = x.from_id AND quants.lot = x.lot RETURNING 1),
     res AS (
       INSERT INTO reservations (picking_line_id, order_line_id, product_id, location_id, lot, qty)
       SELECT id, order_line_id, product_id, from_id, lot, qty FROM r WHERE reserved RETURNING 1),
     b AS (
       SELECT a.k, a.principal, a.idem_key, a.request_hash,
         jsonb_set(a.body, '{pickings}', coalesce((
           SELECT jsonb_agg(CASE WHEN p.id IS NULL THEN e.v ELSE jsonb_set(e.v, '{reference}', to_jsonb(p.reference)) END ORDER BY e.n)
           FROM jsonb_array_elements(a.body->'pickings') WITH ORDINALITY AS e(v, n) LEFT JOIN p ON p.id = e.v->>'id'), '[]'::jsonb)) AS body
       FROM jsonb_to_recordset($5::jsonb) AS a(k int, principal text, idem_key text, request_hash text, body jsonb)),
     req AS (
       INSERT INTO order_requests (principal, idem_key, request_hash, status_code, response)
       SELECT principal, idem_key, request_hash, 201, body FROM b RETURNING 1),
     wh AS (
       SELECT webhook_emit(x.t, x.resource, x.channel, jsonb_build_object('order', b.body), x.at) AS id
       FROM jsonb_to_recordset($6::jsonb) AS x(t text, k int, resource text, channel text, at timestamptz, n int) JOIN b ON b.k = x.k
       ORDER BY x.n)
     SELECT (SELECT jsonb_agg(jsonb_build_object('id', id, 'reference', reference)) FROM p) AS refs,
       (SELECT count(*)::int FROM wh WHERE id IS NOT NULL) AS stored`,
    params: [
      JSON.stringify(w.orders), JSON.stringify(w.lines), JSON.stringify(pickings.map(({ view: _, ...r }, n) => ({ ...r, n }))), JSON.stringify(w.pickingLines),
      JSON.stringify(bodies), JSON.stringify(events), JSON.stringify(w.promotions), JSON.stringify(w.couponUses),
    ],
    apply(rows) {
      const row = rows[0] as { refs: { id: string; reference: string }[] | null; stored: number } | undefined;
      const refs = new Map((row?.refs ?? []).map((r) => [r.id, r.reference]));
      for (const p of pickings) p.view.reference = refs.get(p.id) ?? '';
      return (row?.stored ?? 0) > 0;
    },
  };
}
