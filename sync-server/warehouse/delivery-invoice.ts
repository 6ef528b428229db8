// Invoicing on delivery for channel orders: when the last step of a delivery ships, the shipped
// quantities are invoiced at the order's prices (shared/tax computeOrder, per-line rounding like
// the tills) under the next gapless invoice number, with two journal entries like a till sale's:
//   invoice:  Dr receivable (total) / Cr revenue (net, per tax) / Cr output tax (per tax)
//   delivery: Dr cost of goods sold / Cr inventory, at the product's cost
import { multiplyMinor } from '../../shared/money/index.ts';
import { discountShare } from '../../shared/pricing/discount-share.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import { loadAccountMap, writeEntry } from '../ledger/journal-store.ts';
import { creditSigned, debitSigned, type JournalLine } from '../ledger/journal.ts';
import { nextDocumentNumber } from '../pos/documents.ts';
import type { WorkContext } from './work-context.ts';

export interface ShippedQty {
  orderLineId: string;
  qty: number;
}

interface LineInfo {
  id: string;
  product_id: string;
  unit_price: number;
  price_includes_tax: boolean;
  qty: string;
  invoiced: string;
  /** What promotions took off the whole line (order-pricing.ts); each invoice takes its share (shared/pricing/discount-share.ts). */
  discount: string;
  cost: number;
  taxes: { taxId: string; rate: number; compound: boolean }[] | null;
}

/** Issues the invoice for one shipment; returns its number (null when nothing was shipped). */
export async function invoiceShipment(ctx: WorkContext, pickingId: string, orderId: string, siteId: string, shipped: readonly ShippedQty[], eventId: string): Promise<string | null> {
  const { tx } = ctx;
  const kept = shipped.filter((s) => s.qty > 0);
  if (kept.length === 0) return null;
  const info = new Map(
    (await tx.query<LineInfo>(
      `SELECT ol.id, ol.product_id, ol.unit_price, ol.price_includes_tax, ol.qty, ol.invoiced, ol.discount, p.cost,
         (SELECT jsonb_agg(jsonb_build_object('taxId', t.id, 'rate', t.rate, 'compound', t.compound) ORDER BY pt.position, pt.tax_id)
          FROM product_taxes pt JOIN taxes t ON t.id = pt.tax_id WHERE pt.product_id = ol.product_id) AS taxes
       FROM order_lines ol JOIN products p ON p.id = ol.product_id WHERE ol.id = ANY($1::text[])`,
      [kept.map((s) => s.orderLineId)],
    )).map((r) => [r.id, r]),
  );
  const lines = kept.flatMap((s) => {
    const l = info.get(s.orderLineId);
    return l ? [{ s, l }] : [];
  });
  const amounts = computeOrder({
    lines: lines.map(({ s, l }) => ({
      qty: s.qty, unitPrice: Number(l.unit_price), priceIncludesTax: l.price_includes_tax, discount: discountShare({ qty: Number(l.qty), discount: Number(l.discount) }, Number(l.invoiced), s.qty),
      taxes: (l.taxes ?? []).map((t) => ({ taxId: t.taxId, rate: Number(t.rate), compound: t.compound })),
    })),
  });
  const [order] = await tx.query<{ customer_id: string | null; currency: string; channel: string; external_ref: string }>(
    'SELECT customer_id, currency, channel, external_ref FROM orders WHERE id = $1', [orderId],
  );
  const number = await nextDocumentNumber(tx, 'invoice');
  const now = ctx.now.toISOString();
  const invoiceLines = lines.map(({ s, l }, i) => ({ orderLineId: s.orderLineId, productId: l.product_id, qty: s.qty, unitPrice: Number(l.unit_price), ...amounts.lines[i]?.amounts }));
  await tx.query(
    `INSERT INTO invoices (id, number, kind, order_id, customer_id, site_id, issued_at, currency, total, tax_lines, lines)
     VALUES ($1, $2, 'invoice', $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [`invoice:${pickingId}`, number, orderId, order?.customer_id ?? null, siteId, now, order?.currency ?? 'EUR', amounts.total,
      JSON.stringify({ tax: amounts.tax, lines: amounts.taxSummary }), JSON.stringify(invoiceLines)],
  );
  for (const { s } of lines) await tx.query('UPDATE order_lines SET invoiced = invoiced + $2 WHERE id = $1', [s.orderLineId, s.qty]);

  const accounts = await loadAccountMap(tx);
  const entry: JournalLine[] = [debitSigned(accounts.receivable, amounts.total, { memo: number })];
  amounts.lines.forEach((cl) => {
    let tax = 0;
    for (const t of cl.amounts.taxes) {
      tax += t.amount;
      entry.push(creditSigned(accounts.output_tax, t.amount, { taxId: t.taxId }));
    }
    const taxId = cl.amounts.taxes[0]?.taxId;
    entry.push(creditSigned(accounts.revenue, cl.amounts.total - tax, taxId ? { taxId } : {}));
  });
  // Paid at a till (endless aisle): the receivable is settled from the customer's deposit.
  const [held] = await tx.query<{ left: string }>('SELECT deposit - deposit_used AS left FROM orders WHERE id = $1', [orderId]);
  const fromDeposit = Math.max(0, Math.min(Number(held?.left ?? 0), amounts.total));
  if (fromDeposit > 0) await tx.query('UPDATE orders SET deposit_used = deposit_used + $2 WHERE id = $1', [orderId, fromDeposit]);
  if (fromDeposit > 0) entry.push(debitSigned(accounts.customer_deposits, fromDeposit, { memo: number }), creditSigned(accounts.receivable, fromDeposit, { memo: `${number} paid at the till` }));
  await writeEntry(tx, { kind: 'invoice', eventId, siteId, entryDate: now, memo: order ? `${number}, ${order.channel} order ${order.external_ref}` : number }, entry);
  const cost = lines.reduce((sum, { s, l }) => sum + multiplyMinor(Number(l.cost), s.qty, 'delivery cost'), 0);
  await writeEntry(tx, { kind: 'delivery', eventId, siteId, entryDate: now, memo: `cost of ${number}` }, [debitSigned(accounts.cogs, cost), creditSigned(accounts.inventory, cost)]);
  return number;
}
