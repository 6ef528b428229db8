// Invoicing on delivery for channel orders: when the last step of a delivery ships, the shipped
// quantities are invoiced at the order's prices (shared/tax computeOrder, per-line rounding like
// the tills) under the next gapless invoice number, with two journal entries like a till sale's:
//   invoice:  Dr receivable (total) / Cr revenue (net, per tax) / Cr output tax (per tax)
//   delivery: Dr cost of goods sold / Cr inventory, at the product's cost
// An order of a channel that invoices on order (order-invoice.ts) was invoiced when it was
// accepted: its shipments post the delivery entry only.
import { invoiceLineInfo, issueOrderInvoice, postDeliveryCost } from './invoice-posting.ts';
import { invoiceOrderIfDue } from './order-invoice.ts';
import type { WorkContext } from './work-context.ts';

export interface ShippedQty {
  orderLineId: string;
  qty: number;
}

/**
 * Issues the invoice for one shipment and posts its cost; returns its number (null when nothing was
 * shipped). An order invoiced on order is not invoiced again: its invoice's number is returned and
 * only the cost is posted.
 */
export async function invoiceShipment(ctx: WorkContext, pickingId: string, orderId: string, siteId: string, shipped: readonly ShippedQty[], eventId: string): Promise<string | null> {
  const { tx } = ctx;
  const kept = shipped.filter((s) => s.qty > 0);
  if (kept.length === 0) return null;
  const info = new Map((await invoiceLineInfo(tx, { lineIds: kept.map((s) => s.orderLineId) })).map((r) => [r.id, r]));
  const lines = kept.flatMap((s) => {
    const l = info.get(s.orderLineId);
    return l ? [{ s, l }] : [];
  });
  const now = ctx.now.toISOString();
  const costs = lines.map(({ s, l }) => ({ qty: s.qty, cost: Number(l.cost) }));
  // Invoiced on order (issued here if the kick and the sweep have not yet done it).
  const onOrder = await invoiceOrderIfDue(ctx, orderId, eventId);
  if (onOrder) {
    await postDeliveryCost(tx, { eventId, siteId, at: now, memo: `cost of a shipment invoiced on order by ${onOrder.number}` }, costs);
    return onOrder.number;
  }

  const [order] = await tx.query<{ customer_id: string | null; currency: string; channel: string; external_ref: string }>(
    'SELECT customer_id, currency, channel, external_ref FROM orders WHERE id = $1', [orderId],
  );
  const number = await issueOrderInvoice(tx, {
    id: `invoice:${pickingId}`, orderId, customerId: order?.customer_id ?? null, currency: order?.currency ?? 'EUR', siteId, eventId, at: now,
    lines: lines.map(({ s, l }) => ({ l, qty: s.qty })), memo: (n) => (order ? `${n}, ${order.channel} order ${order.external_ref}` : n),
  });
  await postDeliveryCost(tx, { eventId, siteId, at: now, memo: `cost of ${number}` }, costs);
  return number;
}
