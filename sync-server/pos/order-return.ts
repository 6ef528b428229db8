// A channel order (web, marketplace) returned at a till (issue 16 point 4, docs/channels.md
// "Returns at a store"): a till return that carries `returnOfOrder`, its lines naming the order lines
// they take back (`orderLineId`). Applied once with the return, under the feed lock. The return's
// own stock moves and journal entry are a till return's (apply-sale.ts: customer → store stock, or
// → scrap when damaged; revenue and tax reversed, each refund on its tender's account — a refund to
// the order's own payment on the receivable the order's invoice debited). Here: the order lines
// count what came back (`returned`, never more than delivered), each line refunds what was paid for
// its units (the order's price less their share of the line's promotions), the credit note is issued against
// the order's invoice (`credit_of`), the refund the channel is to execute is recorded
// (`order_returns`), and `return.received` goes to the outbox.
// The goods did come back, so nothing of a return is dropped: more than delivered-minus-returned,
// an unknown order or an order line it does not have becomes an exception a manager sees.
import { ORDER_REFUND_METHOD, returnableQty } from '../../shared/channel-api/order-returns.ts';
import { multiplyMinor } from '../../shared/money/index.ts';
import { discountShare } from '../../shared/pricing/discount-share.ts';
import type { Problem, Sale, SaleLine } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { round4 } from '../warehouse/errors.ts';
import { orderView } from '../warehouse/order-view.ts';
import { releaseSupersededReturns } from '../warehouse/return-superseded.ts';
import { emitOrderEvent } from '../webhooks/order-events.ts';
import { APPROVER_ROLES, type ApprovalContext } from './approval-checks.ts';
import { issueCreditNote } from './documents.ts';

interface OrderRow {
  id: string;
  channel: string;
  external_ref: string;
  customer_id: string | null;
}

interface OrderLineRow {
  id: string;
  product_id: string;
  qty: string;
  unit_price: string;
  discount: string;
  delivered: string;
  returned: string;
}

interface OrderLine {
  productId: string;
  qty: number;
  unitPrice: number;
  discount: number;
  delivered: number;
  returned: number;
}

/**
 * A return line refunds what the customer paid for its units: the order's unit price less their
 * share of the line's promotions (shared/pricing/discount-share.ts, the units returned before having
 * taken theirs — what the till's shared buildOrderReturnLines computes). More is critical (money the
 * customer never paid), less a warning.
 */
function refundProblem(sale: Sale, orderRef: string, l: SaleLine, line: OrderLine, before: number, qty: number): Problem | null {
  const expected = multiplyMinor(line.unitPrice, qty) - discountShare(line, before, qty);
  const refunded = multiplyMinor(l.unitPrice, qty) - Math.abs(l.discount);
  if (refunded === expected) return null;
  const more = refunded > expected;
  return {
    code: 'order_refund_mismatch', severity: more ? 'critical' : 'warning',
    message: `return ${sale.receiptNo}: ${qty} × ${l.name ?? l.productId} of order ${orderRef} refunded ${refunded} before tax added, the customer paid ${expected} for them (the order's price less its promotions' share)${more ? ` — ${refunded - expected} too much` : ''}`,
  };
}

/** The order's invoice each order line was invoiced on (the latest one naming it; else the order's first invoice). */
export async function invoiceOfLine(tx: Tx, orderId: string): Promise<(orderLineId: string | undefined) => string | null> {
  const rows = await tx.query<{ id: string; lines: { orderLineId?: string }[] }>(
    `SELECT id, lines FROM invoices WHERE order_id = $1 AND kind = 'invoice' ORDER BY issued_at, number`,
    [orderId],
  );
  const byLine = new Map<string, string>();
  for (const r of rows) for (const l of r.lines) if (l.orderLineId) byLine.set(l.orderLineId, r.id);
  const first = rows[0]?.id ?? null;
  return (orderLineId) => (orderLineId && byLine.get(orderLineId)) || first;
}

/** An order line's units a till return took back. */
export interface ReturnedOrderLine {
  orderLineId: string;
  productId: string;
  qty: number;
  restock: boolean;
}

/** A return of an order's delivered goods as the channel learns of it: at a till, or received by post. */
export interface OrderReturnRecord {
  /** The till's return, or the receipt's validation. */
  eventId: string;
  orderId: string;
  siteId: string;
  returnedAt: string;
  /** The till's receipt number, or the return receipt's reference. */
  receiptNo: string;
  currency: string;
  lines: readonly ReturnedOrderLine[];
  creditNote: { number: string; creditOfNumber: string | null; total: number };
  /** What the channel is to pay back on the order's own payment, minor units (≥ 0). */
  refundToOrder: number;
  /** What the store paid out itself (the channel must not refund it again). */
  atStore: readonly { method: string; amount: number }[];
  /** A return by post: its id. */
  returnId?: string;
}

/** Records a return of an order (`order_returns`) and puts `return.received` in the outbox. */
export async function recordReturnOfOrder(tx: Tx, r: OrderReturnRecord, at?: Date): Promise<void> {
  await tx.query(
    `INSERT INTO order_returns (event_id, order_id, site_id, returned_at, receipt_no, lines, refund_to_order, credit_note, request_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
    [r.eventId, r.orderId, r.siteId, r.returnedAt, r.receiptNo, JSON.stringify(r.lines), r.refundToOrder, r.creditNote.number, r.returnId ?? null],
  );
  const [site] = await tx.query<{ code: string }>('SELECT code FROM sites WHERE id = $1', [r.siteId]);
  await emitOrderEvent(tx, 'return.received', await orderView(tx, r.orderId), {
    return: {
      eventId: r.eventId, ...(r.returnId ? { returnId: r.returnId } : {}), store: site?.code ?? '', receiptNo: r.receiptNo, returnedAt: r.returnedAt, currency: r.currency,
      lines: r.lines, creditNote: { number: r.creditNote.number, total: r.creditNote.total, creditOf: r.creditNote.creditOfNumber },
      // What the channel is to pay back on the order's own payment; the rest was refunded at the store.
      refund: { toOrderPayment: r.refundToOrder, atStore: r.atStore },
    },
  }, at);
}

/**
 * What the channel learns of a till return of an order's delivered goods, once its credit note is
 * issued: the return recorded (`order_returns`, with what the channel is to pay back on the order's
 * own payment) and `return.received` in the outbox.
 */
export async function recordOrderReturn(
  tx: Tx, sale: Sale, orderId: string, applied: readonly ReturnedOrderLine[], creditNote: { number: string; creditOfNumber: string | null }, total: number,
): Promise<void> {
  await recordReturnOfOrder(tx, {
    eventId: sale.id, orderId, siteId: sale.siteId, returnedAt: sale.createdAt, receiptNo: sale.receiptNo, currency: sale.currency, lines: applied,
    creditNote: { ...creditNote, total: -total },
    refundToOrder: Math.max(0, -sale.payments.filter((p) => p.method === ORDER_REFUND_METHOD).reduce((a, p) => a + p.amount, 0)),
    atStore: sale.payments.filter((p) => p.method !== ORDER_REFUND_METHOD).map((p) => ({ method: p.method, amount: -p.amount })),
  });
}

/** A cash refund of a channel order needs a supervisor (the money leaves the drawer, not the channel). */
export function checkOrderRefundApproval(sale: Sale, ctx: ApprovalContext, isCash: (method: string) => boolean): Problem[] {
  if (!sale.returnOfOrder) return [];
  const out: Problem[] = [];
  for (const p of sale.payments) {
    if (!isCash(p.method) || p.amount >= 0) continue;
    const user = p.approvedBy === undefined ? undefined : ctx.user(p.approvedBy);
    if (user && user.active && APPROVER_ROLES.has(user.role)) continue;
    out.push({
      code: 'refund_unapproved', severity: 'critical',
      message: `return ${sale.receiptNo}: order ${sale.returnOfOrder.orderRef} refunded in cash without a supervisor's approval`,
    });
  }
  return out;
}

async function applyOrderReturn(tx: Tx, sale: Sale): Promise<Problem[]> {
  const ref = sale.returnOfOrder;
  if (!ref) return [];
  const [order] = await tx.query<OrderRow>('SELECT id, channel, external_ref, customer_id FROM orders WHERE id = $1 FOR UPDATE', [ref.orderId]);
  if (!order) {
    return [{
      code: 'order_return_unknown_order', severity: 'critical',
      message: `return ${sale.receiptNo}: order ${ref.orderRef} is unknown to the server; the goods came back into the store all the same — check the order`,
    }];
  }
  const problems: Problem[] = [];
  const rows = await tx.query<OrderLineRow>('SELECT id, product_id, qty, unit_price, discount, delivered, returned FROM order_lines WHERE order_id = $1 ORDER BY position FOR UPDATE', [order.id]);
  const lines = new Map(rows.map((r): [string, OrderLine] => [r.id, {
    productId: r.product_id, qty: Number(r.qty), unitPrice: Number(r.unit_price), discount: Number(r.discount), delivered: Number(r.delivered), returned: Number(r.returned),
  }]));
  const taken = new Map<string, number>();
  const applied: ReturnedOrderLine[] = [];
  for (const l of sale.lines) {
    if (l.qty >= 0) continue;
    const want = round4(-l.qty);
    const line = l.orderLineId === undefined ? undefined : lines.get(l.orderLineId);
    if (!line || line.productId !== l.productId || l.orderLineId === undefined) {
      problems.push({
        code: 'order_return_unknown_line', severity: 'critical',
        message: `return ${sale.receiptNo}: ${want} × ${l.name ?? l.productId} is not on order ${order.external_ref}; it came back into the store all the same — check the order`,
      });
      continue;
    }
    const before = round4(line.returned + (taken.get(l.orderLineId) ?? 0));
    const refund = refundProblem(sale, order.external_ref, l, line, before, want);
    if (refund) problems.push(refund);
    const left = returnableQty({ delivered: line.delivered, returned: before });
    const qty = round4(Math.min(want, left));
    if (want > left) {
      problems.push({
        code: 'order_over_return', severity: 'critical',
        message: `return ${sale.receiptNo}: ${want} × ${l.name ?? l.productId} returned for order ${order.external_ref}, which had ${left} delivered and not yet returned; the goods came back all the same — check the order`,
      });
    }
    if (qty <= 0) continue;
    taken.set(l.orderLineId, round4((taken.get(l.orderLineId) ?? 0) + qty));
    applied.push({ orderLineId: l.orderLineId, productId: l.productId, qty, restock: l.restock !== false });
  }
  for (const [id, qty] of taken) await tx.query('UPDATE order_lines SET returned = returned + $2 WHERE id = $1', [id, qty]);

  const creditNote = await issueCreditNote(tx, sale, order.id, await invoiceOfLine(tx, order.id));
  await recordOrderReturn(tx, sale, order.id, applied, creditNote, sale.total);
  // Goods announced as coming back by post that came back here instead are no longer expected.
  if (taken.size > 0) problems.push(...await releaseSupersededReturns(tx, order.id, new Date(), `return ${sale.receiptNo}`));
  return problems;
}

/** Applies the channel-order returns among a batch of new sales, in order; returns problems per sale id. The caller holds the feed lock. */
export async function applyOrderReturns(tx: Tx, sales: readonly Sale[]): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>();
  for (const sale of sales) {
    if (sale.kind !== 'return' || !sale.returnOfOrder) continue;
    out.set(sale.id, await applyOrderReturn(tx, sale));
  }
  return out;
}
