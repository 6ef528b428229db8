// Till refunds of endless-aisle orders (docs/channels.md "Endless aisle", docs/warehouse.md
// "Invoicing policy"), in the return's transaction, under the feed lock. customer-order.ts
// depositLines sorted the return's lines:
// - a refund of units not delivered yet gives the deposit back (the return's entry: Dr 2400 / Cr
//   tender) and cancels exactly those units — the whole order (cancel.ts cancelOrderWork) when the
//   refund covers all of it and nothing was delivered, else those units only (cancelOrderUnits): their
//   reservations are released, the rest of the order stays open and its deposit stays in 2400 until it
//   is invoiced. An order invoiced on order gets the credit note of the cancelled units against its
//   invoice, filed under the return (its only credit note for them); one invoiced on delivery was not
//   invoiced for them, so no credit note.
// - a return of units already delivered (and invoiced) is a return of goods: the till's return entry
//   reverses revenue and tax and takes the goods back into the store (apply-sale.ts); the credit note
//   is issued here against the order's invoice, filed under the order and the return, the order
//   lines count what came back (`returned`), and the channel learns of it as of a web order's return
//   at a store (order-return.ts recordOrderReturn: `order_returns`, `return.received`).
// The till issues no credit note of its own for either kind of line (apply-sale.ts).
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { cancelOrderUnits, cancelOrderWork } from '../warehouse/cancel.ts';
import { round4 } from '../warehouse/errors.ts';
import { orderView } from '../warehouse/order-view.ts';
import { fillWaiting } from '../warehouse/pickings.ts';
import { publishTouched, WorkContext } from '../warehouse/work-context.ts';
import { emitOrderEvent } from '../webhooks/order-events.ts';
import type { OrderedLineRefund, TillOrderLines } from './customer-order.ts';
import { issueCreditNote } from './documents.ts';
import { invoiceOfLine, recordOrderReturn, type ReturnedOrderLine } from './order-return.ts';

function byOrder(lines: readonly OrderedLineRefund[]): Map<string, OrderedLineRefund[]> {
  const out = new Map<string, OrderedLineRefund[]>();
  for (const l of lines) out.set(l.orderId, [...(out.get(l.orderId) ?? []), l]);
  return out;
}

function unitsPerLine(lines: readonly OrderedLineRefund[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.orderLineId, round4((out.get(l.orderLineId) ?? 0) + l.qty));
  return out;
}

/** Refunded units not delivered: the deposit given back, those units cancelled (and credited when invoiced on order). */
async function cancelRefunded(tx: Tx, sale: Sale, orderId: string, lines: readonly OrderedLineRefund[], now: Date): Promise<Problem[]> {
  const refunded = -lines.reduce((a, l) => a + l.total, 0);
  const [o] = await tx.query<{ state: string; external_ref: string }>(
    'UPDATE orders SET deposit_refunded = deposit_refunded + $2 WHERE id = $1 RETURNING state, external_ref', [orderId, Math.max(0, refunded)],
  );
  if (!o || o.state !== 'open') return [];
  const units = unitsPerLine(lines);
  const held = await tx.query<{ id: string; open: string; delivered: string }>(
    'SELECT id, qty - delivered - cancelled AS open, delivered FROM order_lines WHERE order_id = $1 ORDER BY id FOR UPDATE', [orderId],
  );
  const ctx = new WorkContext(tx, now);
  const all = held.every((l) => Number(l.delivered) === 0 && (units.get(l.id) ?? 0) >= Number(l.open));
  const problems: Problem[] = [];
  const late = held.reduce((a, l) => a + Math.max(0, (units.get(l.id) ?? 0) - Number(l.open)), 0);
  if (late > 0) {
    // More than the line has left to deliver, part of it delivered (one return line refunding both, or
    // a shipment validated since depositLines read the order): the deposit was given back for goods the
    // customer has, with no credit note; a manager decides (a return of them, or a charge).
    problems.push({
      code: 'customer_order_partly_delivered', severity: 'warning',
      message: `receipt ${sale.receiptNo}: order ${o.external_ref} was refunded ${round4(late)} unit(s) more than it had left to deliver — they were already delivered; check the order`,
    });
  }
  if (all) {
    const { creditNote } = await cancelOrderWork(ctx, orderId, { saleId: sale.id });
    await fillWaiting(ctx);
    await publishTouched(ctx);
    await emitOrderEvent(tx, 'order.cancelled', await orderView(tx, orderId), { reason: 'refunded', ...(creditNote ? { creditNote } : {}) }, now);
    return [...problems, ...ctx.problems];
  }
  const { cancelled, creditNote } = await cancelOrderUnits(ctx, orderId, units, { saleId: sale.id });
  await fillWaiting(ctx);
  await publishTouched(ctx);
  const view = await orderView(tx, orderId);
  const credit = creditNote ? { creditNote } : {};
  if (view.state === 'cancelled') await emitOrderEvent(tx, 'order.cancelled', view, { reason: 'refunded', ...credit }, now);
  else if (cancelled.size > 0) {
    // Part of the order cancelled, the rest goes on: the channel learns which units (and their
    // credit note) — it would otherwise see them only by reading the order again.
    const products = new Map(view.lines.map((l) => [l.lineId, l.productId]));
    const lines = [...cancelled].map(([orderLineId, qty]) => ({ orderLineId, productId: products.get(orderLineId) ?? '', qty }));
    await emitOrderEvent(tx, 'order.lines_cancelled', view, { reason: 'refunded', cancelled: { eventId: sale.id, lines }, ...credit }, now);
  }
  return [...problems, ...ctx.problems];
}

/** Delivered units taken back: counted on the order lines, credited against the order's invoice. */
async function returnDelivered(tx: Tx, sale: Sale, orderId: string, lines: readonly OrderedLineRefund[]): Promise<Problem[]> {
  const [o] = await tx.query<{ external_ref: string }>('SELECT external_ref FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
  const problems: Problem[] = [];
  const taken = new Map<string, number>();
  for (const [id, want] of unitsPerLine(lines)) {
    const [l] = await tx.query<{ taken: string }>(
      `WITH was AS (SELECT id, returned FROM order_lines WHERE id = $1 FOR UPDATE)
       UPDATE order_lines l SET returned = least(l.delivered, l.returned + $2) FROM was WHERE l.id = was.id RETURNING l.returned - was.returned AS taken`,
      [id, want],
    );
    taken.set(id, Number(l?.taken ?? 0));
    const over = round4(want - Number(l?.taken ?? 0));
    if (over > 0) {
      problems.push({
        code: 'order_over_return', severity: 'critical',
        message: `return ${sale.receiptNo}: ${over} unit(s) more returned for order ${o?.external_ref ?? ''} than were delivered and not yet returned; the goods came back all the same — check the order`,
      });
    }
  }
  const ids = new Map(lines.map((l) => [l.lineId, l.orderLineId]));
  const returned = sale.lines.flatMap((l) => {
    const orderLineId = ids.get(l.lineId);
    return orderLineId ? [{ ...l, orderLineId }] : [];
  });
  const total = returned.reduce((a, l) => a + l.total, 0);
  const creditNote = await issueCreditNote(tx, { ...sale, lines: returned, total }, orderId, await invoiceOfLine(tx, orderId), `credit_note:${sale.id}:order:${orderId}`);
  // What came back, per order line (never more than was delivered), as a web order's return at a store tells its channel.
  const applied = returned.flatMap((l): ReturnedOrderLine[] => {
    const qty = Math.min(round4(Math.abs(l.qty)), taken.get(l.orderLineId) ?? 0);
    if (qty <= 0) return [];
    taken.set(l.orderLineId, round4((taken.get(l.orderLineId) ?? 0) - qty));
    return [{ orderLineId: l.orderLineId, productId: l.productId, qty, restock: l.restock !== false }];
  });
  await recordOrderReturn(tx, sale, orderId, applied, creditNote, total);
  return problems;
}

/**
 * Refunds of till customer orders among a batch of new returns, in order; returns problems per
 * return. The caller holds the feed lock.
 */
export async function refundCustomerOrders(tx: Tx, sales: readonly Sale[], lines: TillOrderLines, now = new Date()): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>();
  for (const sale of sales) {
    if (sale.kind !== 'return') continue;
    const problems: Problem[] = [];
    for (const [orderId, refunds] of byOrder(lines.refunds.get(sale.id) ?? [])) problems.push(...(await cancelRefunded(tx, sale, orderId, refunds, now)));
    for (const [orderId, returns] of byOrder(lines.returns.get(sale.id) ?? [])) problems.push(...(await returnDelivered(tx, sale, orderId, returns)));
    if (problems.length > 0) out.set(sale.id, problems);
  }
  return out;
}
