// A click-and-collect order handed over at the till (docs/channels.md "Click-and-collect"): a
// sale that carries `pickup` (shared/schemas/sale.ts), applied once with the sale under the feed
// lock. What the order holds in the store is consumed from its reservation like a validated
// delivery (the picking done, what was not handed over left in a ready backorder that keeps its
// reservation), the order lines count it as delivered, the order closes when nothing is left, the
// hand-over is invoiced as orders are (on delivery: paid online → an invoice to the receivable like
// a shipment; paid at the till → the invoice of the sale's charged lines, which the sale books)
// and `order.picked_up` goes to the outbox.
// The goods did leave the store, so nothing of a hand-over is ever dropped: what the order no
// longer holds (cancelled or released meanwhile, more than it held, an unknown order) is taken from
// the shelf and becomes an exception a manager sees — never a silent stock move.
import { multiplyMinor } from '../../shared/money/index.ts';
import { discountShare } from '../../shared/pricing/discount-share.ts';
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { applyMoves } from '../stock/moves.ts';
import { invoiceShipment } from '../warehouse/delivery-invoice.ts';
import { round4 } from '../warehouse/errors.ts';
import { orderView } from '../warehouse/order-view.ts';
import { fillWaiting, PICKING_ROW_COLUMNS, pickingLines, type PickingRow, setState } from '../warehouse/pickings.ts';
import { makeRoom } from '../warehouse/shortage.ts';
import { applyReportedMoves, closeOrderIfDone, settleRest } from '../warehouse/validate-moves.ts';
import { publishTouched, WorkContext } from '../warehouse/work-context.ts';
import { emitOrderEvent } from '../webhooks/order-events.ts';
import { issuePickupInvoice } from './documents.ts';
import type { SiteLocations } from './site-locations.ts';

interface OrderRow {
  id: string;
  state: string;
  external_ref: string;
  pickup_site_id: string | null;
  pay_at_pickup: boolean;
  cancel_reason: string | null;
}

interface Requested {
  orderLineId: string;
  productId: string;
  qty: number;
}

/** The hand-over's quantities per order line (a line named twice counts once, summed). */
function requestedLines(sale: Sale): Requested[] {
  const by = new Map<string, Requested>();
  for (const l of sale.pickup?.lines ?? []) {
    if (!(l.qty > 0)) continue;
    const r = by.get(l.orderLineId);
    if (r) r.qty = round4(r.qty + l.qty);
    else by.set(l.orderLineId, { orderLineId: l.orderLineId, productId: l.productId, qty: l.qty });
  }
  return [...by.values()];
}

/** Books what the order's ready pickings at the sale's store hold; returns the booked quantity per order line. */
async function consumeReservation(ctx: WorkContext, sale: Sale, order: OrderRow, requested: readonly Requested[]): Promise<Map<string, number>> {
  const left = new Map(requested.map((r) => [r.orderLineId, r.qty]));
  const booked = new Map<string, number>();
  const pickings = await ctx.tx.query<PickingRow>(
    `SELECT ${PICKING_ROW_COLUMNS} FROM pickings
     WHERE order_id = $1 AND site_id = $2 AND kind = 'delivery' AND state IN ('ready', 'in_progress') ORDER BY created_at, id FOR UPDATE`,
    [order.id, sale.siteId],
  );
  for (const picking of pickings) {
    const entries = [];
    for (const line of await pickingLines(ctx.tx, picking.id)) {
      const want = line.order_line_id ? (left.get(line.order_line_id) ?? 0) : 0;
      const take = round4(Math.min(want, line.qty - line.done_qty));
      if (!line.reserved || !line.order_line_id || take <= 0) continue;
      entries.push({ lineId: line.id, productId: line.product_id, qty: take, fromLocationId: line.from_location_id, ...(line.lot ? { lot: line.lot } : {}) });
      left.set(line.order_line_id, round4(want - take));
      booked.set(line.order_line_id, round4((booked.get(line.order_line_id) ?? 0) + take));
    }
    if (entries.length === 0) continue;
    await applyReportedMoves(ctx, picking, { id: sale.id, lines: entries }, true, 'delivery');
    await settleRest(ctx, picking, await pickingLines(ctx.tx, picking.id), true);
    await setState(ctx, picking.id, 'done', sale.id);
  }
  for (const [id, qty] of booked) await ctx.tx.query('UPDATE order_lines SET delivered = delivered + $2 WHERE id = $1', [id, qty]);
  return booked;
}

/** Goods handed over that the order did not hold: they left the shelf all the same. */
async function takeFromShelf(ctx: WorkContext, sale: Sale, loc: SiteLocations, productId: string, qty: number): Promise<void> {
  await makeRoom(ctx, { productId, locationId: loc.stock, lot: '', qty }, 'sold');
  await applyMoves(ctx.tx, [{ productId, qty, fromLocationId: loc.stock, toLocationId: loc.customer, reason: 'delivery', eventId: sale.id }]);
  ctx.touchQuant(productId, loc.stock, '');
}

async function productNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; name: string }>('SELECT id, name FROM products WHERE id = ANY($1::text[])', [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * What is wrong with how the hand-over was paid, against how the order is paid. A pay-at-pickup
 * line is charged at the order's unit price less its share of the line's promotions and coupons
 * (shared/pricing/discount-share.ts, the units invoiced before it having taken theirs — what the
 * till computes from the pickup queue's handed-over quantities); any other price or discount is
 * flagged. Runs before the sale's own invoice counts its units as invoiced.
 */
async function paymentProblems(tx: Tx, sale: Sale, order: OrderRow, ref: string): Promise<Problem[]> {
  const charged = sale.lines.filter((l) => l.orderLineId !== undefined);
  if (!order.pay_at_pickup) {
    return charged.length === 0 ? [] : [{ code: 'pickup_paid_twice', severity: 'critical', message: `receipt ${sale.receiptNo}: order ${ref} was paid online but was charged again at the till — refund the customer` }];
  }
  if (charged.length === 0) return [{ code: 'pickup_unpaid', severity: 'critical', message: `receipt ${sale.receiptNo}: order ${ref} is paid at pickup but was handed over without payment — it is invoiced to the customer's account` }];
  const rows = await tx.query<{ id: string; unit_price: string; qty: string; invoiced: string; discount: string }>(
    'SELECT id, unit_price, qty, invoiced, discount FROM order_lines WHERE order_id = $1', [order.id],
  );
  const lines = new Map(rows.map((r) => [r.id, { unitPrice: Number(r.unit_price), qty: Number(r.qty), discount: Number(r.discount), before: Number(r.invoiced) }]));
  return charged.flatMap((l): Problem[] => {
    const line = l.orderLineId === undefined ? undefined : lines.get(l.orderLineId);
    if (!line) return [{ code: 'pickup_price_mismatch', severity: 'warning', message: `receipt ${sale.receiptNo}: ${l.name ?? l.productId} charged for order ${ref}, which has no such line` }];
    const discount = discountShare(line, line.before, l.qty);
    line.before = round4(line.before + l.qty);
    if (line.unitPrice === l.unitPrice && discount === l.discount) return [];
    const amount = (unitPrice: number, off: number): string => `${l.qty} × ${unitPrice}${off ? ` − ${off}` : ''} = ${multiplyMinor(unitPrice, l.qty) - off}`;
    return [{
      code: 'pickup_price_mismatch', severity: 'warning',
      message: `receipt ${sale.receiptNo}: ${l.name ?? l.productId} of order ${ref} charged ${amount(l.unitPrice, l.discount)}, the order says ${amount(line.unitPrice, discount)} (its promotions' share)`,
    }];
  });
}

/** Why the order could not take the hand-over, or null when it can. */
function orderRefusal(sale: Sale, order: OrderRow | undefined, ref: string): Problem | null {
  if (!order) return { code: 'pickup_unknown_order', severity: 'critical', message: `receipt ${sale.receiptNo}: order ${ref} is unknown to the server; the goods handed over left the store's stock — check the order` };
  if (order.pickup_site_id !== sale.siteId) return { code: 'pickup_wrong_store', severity: 'critical', message: `receipt ${sale.receiptNo}: order ${ref} is collected at another store; the goods handed over here left this store's stock` };
  if (order.state === 'cancelled') {
    const why = order.cancel_reason === 'not_collected' ? 'released (not collected in time)' : 'cancelled';
    return { code: 'pickup_order_cancelled', severity: 'critical', message: `receipt ${sale.receiptNo}: order ${ref} was ${why} before this hand-over reached the server; the goods left the store's stock without an order — contact the customer` };
  }
  return null;
}

/** Applies one hand-over; returns its problems. The caller holds the feed lock. */
async function applyHandover(tx: Tx, sale: Sale, loc: SiteLocations): Promise<Problem[]> {
  const pickup = sale.pickup;
  if (!pickup) return [];
  const ctx = new WorkContext(tx);
  const ref = pickup.orderRef;
  const [order] = await tx.query<OrderRow>(
    'SELECT id, state, external_ref, pickup_site_id, pay_at_pickup, cancel_reason FROM orders WHERE id = $1 FOR UPDATE',
    [pickup.orderId],
  );
  const requested = requestedLines(sale);
  const refusal = orderRefusal(sale, order, ref);
  const problems: Problem[] = refusal ? [refusal] : [];
  const booked = order && !refusal ? await consumeReservation(ctx, sale, order, requested) : new Map<string, number>();

  const names = await productNames(tx, requested.map((r) => r.productId));
  for (const r of requested) {
    const extra = round4(r.qty - (booked.get(r.orderLineId) ?? 0));
    if (extra <= 0) continue;
    await takeFromShelf(ctx, sale, loc, r.productId, extra);
    if (refusal) continue;
    problems.push({
      code: 'pickup_over_quantity', severity: 'critical',
      message: `receipt ${sale.receiptNo}: ${r.qty} × ${names.get(r.productId) ?? r.productId} handed over for order ${ref}, which held ${round4(r.qty - extra)} of them in the store; the other ${extra} left the shelf — count the product and check the order`,
    });
  }
  if (!order) {
    await publishTouched(ctx);
    return [...problems, ...ctx.problems];
  }

  const lines = [...booked].map(([orderLineId, qty]) => ({ orderLineId, qty }));
  await tx.query('INSERT INTO pickup_handovers (event_id, order_id, site_id, handed_at, lines) VALUES ($1, $2, $3, $4, $5::jsonb)', [sale.id, order.id, sale.siteId, sale.createdAt, JSON.stringify(lines)]);
  if (!refusal) {
    problems.push(...(await paymentProblems(tx, sale, order, ref)));
    const chargedAtTill = order.pay_at_pickup && sale.lines.some((l) => l.orderLineId !== undefined);
    if (chargedAtTill) await issuePickupInvoice(tx, sale, order.id);
    else await invoiceShipment(ctx, sale.id, order.id, sale.siteId, lines, sale.id);
    await closeOrderIfDone(ctx, order.id);
  }
  // Every document of the order shows the new quantities and this hand-over (the till's overlay).
  for (const p of await tx.query<{ id: string }>(`SELECT id FROM pickings WHERE order_id = $1 AND state <> 'waiting'`, [order.id])) ctx.pickings.add(p.id);
  await fillWaiting(ctx);
  await publishTouched(ctx);
  if (lines.length > 0) {
    const [store] = await tx.query<{ code: string }>('SELECT code FROM sites WHERE id = $1', [sale.siteId]);
    await emitOrderEvent(tx, 'order.picked_up', await orderView(tx, order.id), { pickup: { eventId: sale.id, store: store?.code ?? '', receiptNo: sale.receiptNo, lines } }, ctx.now);
  }
  return [...problems, ...ctx.problems];
}

/** Applies the hand-overs among a batch of new sales, in order; returns problems per sale id. */
export async function applyPickupHandovers(tx: Tx, sales: readonly Sale[], locations: ReadonlyMap<string, SiteLocations>): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>();
  for (const sale of sales) {
    const loc = locations.get(sale.siteId);
    if (!sale.pickup || sale.kind !== 'sale' || !loc) continue;
    out.set(sale.id, await applyHandover(tx, sale, loc));
  }
  return out;
}

/** The sale as its own stock moves see it: a collected order's charged lines leave through its reservation. */
export function withoutPickupLines(sale: Sale): Sale {
  return sale.pickup && sale.lines.some((l) => l.orderLineId !== undefined) ? { ...sale, lines: sale.lines.filter((l) => l.orderLineId === undefined) } : sale;
}
