// Invoicing on delivery for channel orders: when the last step of a delivery ships, the shipped
// quantities are invoiced at the order's prices (shared/tax computeOrder, per-line rounding like
// the tills) under the next gapless invoice number, with two journal entries like a till sale's:
//   invoice:  Dr receivable (total) / Cr revenue (net, per tax) / Cr output tax (per tax)
//   delivery: Dr cost of goods sold / Cr inventory, at the product's cost
// An order of a channel that invoices on order (order-invoice.ts) was invoiced when it was
// accepted: its shipments post the delivery entry only.
import { discountShare } from '../../shared/pricing/discount-share.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import { nextDocumentNumber } from '../pos/documents.ts';
import { invoiceLineInfo, postDeliveryCost, postInvoiceEntry, taxRules } from './invoice-posting.ts';
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

  const amounts = computeOrder({
    lines: lines.map(({ s, l }) => ({
      qty: s.qty, unitPrice: Number(l.unit_price), priceIncludesTax: l.price_includes_tax, discount: discountShare({ qty: Number(l.qty), discount: Number(l.discount) }, Number(l.invoiced), s.qty),
      taxes: taxRules(l),
    })),
  });
  const [order] = await tx.query<{ customer_id: string | null; currency: string; channel: string; external_ref: string }>(
    'SELECT customer_id, currency, channel, external_ref FROM orders WHERE id = $1', [orderId],
  );
  const number = await nextDocumentNumber(tx, 'invoice');
  const invoiceLines = lines.map(({ s, l }, i) => ({ orderLineId: s.orderLineId, productId: l.product_id, qty: s.qty, unitPrice: Number(l.unit_price), ...amounts.lines[i]?.amounts }));
  await tx.query(
    `INSERT INTO invoices (id, number, kind, order_id, customer_id, site_id, issued_at, currency, total, tax_lines, lines)
     VALUES ($1, $2, 'invoice', $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [`invoice:${pickingId}`, number, orderId, order?.customer_id ?? null, siteId, now, order?.currency ?? 'EUR', amounts.total,
      JSON.stringify({ tax: amounts.tax, lines: amounts.taxSummary }), JSON.stringify(invoiceLines)],
  );
  for (const { s } of lines) await tx.query('UPDATE order_lines SET invoiced = invoiced + $2 WHERE id = $1', [s.orderLineId, s.qty]);
  await postInvoiceEntry(tx, { number, orderId, siteId, eventId, at: now, memo: order ? `${number}, ${order.channel} order ${order.external_ref}` : number }, amounts);
  await postDeliveryCost(tx, { eventId, siteId, at: now, memo: `cost of ${number}` }, costs);
  return number;
}
