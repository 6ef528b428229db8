// What channel invoices and credit notes share (delivery-invoice.ts, order-invoice.ts): the order
// lines as they are invoiced, and the two journal entries an invoice makes —
//   invoice:  Dr receivable (total) / Cr revenue (net, per tax) / Cr output tax (per tax), mirrored
//             for a credit note, with the endless aisle's deposit settled (or given back);
//   delivery: Dr cost of goods sold / Cr inventory, at the product's cost.
import { multiplyMinor } from '../../shared/money/index.ts';
import { discountShare } from '../../shared/pricing/discount-share.ts';
import { computeOrder, type OrderAmounts } from '../../shared/tax/index.ts';
import type { Tx } from '../db/db.ts';
import { nextDocumentNumber } from '../pos/documents.ts';
import { loadAccountMap, writeEntry } from '../ledger/journal-store.ts';
import { creditSigned, debitSigned, type JournalLine } from '../ledger/journal.ts';

/** An order line as invoices read it: price, promotions, what was invoiced, its product's cost and taxes. */
export interface InvoiceLineInfo {
  id: string;
  product_id: string;
  unit_price: number;
  price_includes_tax: boolean;
  qty: string;
  cancelled: string;
  invoiced: string;
  credited: string;
  /** What promotions took off the whole line (order-pricing.ts); each invoice takes its share (shared/pricing/discount-share.ts). */
  discount: string;
  cost: number;
  taxes: { taxId: string; rate: number; compound: boolean }[] | null;
}

/** Order lines with what invoicing reads: by line ids, or every line of an order (in position order). */
export async function invoiceLineInfo(tx: Tx, by: { lineIds: readonly string[] } | { orderId: string }): Promise<InvoiceLineInfo[]> {
  const where = 'lineIds' in by ? 'ol.id = ANY($1::text[])' : 'ol.order_id = $1';
  return tx.query<InvoiceLineInfo>(
    `SELECT ol.id, ol.product_id, ol.unit_price, ol.price_includes_tax, ol.qty, ol.cancelled, ol.invoiced, ol.credited, ol.discount, p.cost,
       (SELECT jsonb_agg(jsonb_build_object('taxId', t.id, 'rate', t.rate, 'compound', t.compound) ORDER BY pt.position, pt.tax_id)
        FROM product_taxes pt JOIN taxes t ON t.id = pt.tax_id WHERE pt.product_id = ol.product_id) AS taxes
     FROM order_lines ol JOIN products p ON p.id = ol.product_id WHERE ${where} ORDER BY ol.position`,
    ['lineIds' in by ? [...by.lineIds] : by.orderId],
  );
}

/** The product's taxes as computeOrder takes them. */
export const taxRules = (l: InvoiceLineInfo): { taxId: string; rate: number; compound: boolean }[] =>
  (l.taxes ?? []).map((t) => ({ taxId: t.taxId, rate: Number(t.rate), compound: t.compound }));

export interface InvoiceHeader {
  number: string;
  orderId: string;
  siteId: string;
  eventId?: string;
  /** ISO instant: the entry's date. */
  at: string;
  memo: string;
}

/**
 * The invoice's journal entry from its signed amounts (a credit note's are negative: the same entry
 * mirrored): Dr receivable / Cr revenue per tax / Cr output tax. An order paid at a till (endless
 * aisle) settles the receivable from its deposit — Dr customer deposits / Cr receivable, up to what
 * is left of it — and a credit note gives back to the deposit what its invoice had taken from it.
 */
export async function postInvoiceEntry(tx: Tx, h: InvoiceHeader, amounts: Pick<OrderAmounts, 'total' | 'lines'>): Promise<void> {
  const accounts = await loadAccountMap(tx);
  const entry: JournalLine[] = [debitSigned(accounts.receivable, amounts.total, { memo: h.number })];
  for (const cl of amounts.lines) {
    let tax = 0;
    for (const t of cl.amounts.taxes) {
      tax += t.amount;
      entry.push(creditSigned(accounts.output_tax, t.amount, { taxId: t.taxId }));
    }
    const taxId = cl.amounts.taxes[0]?.taxId;
    entry.push(creditSigned(accounts.revenue, cl.amounts.total - tax, taxId ? { taxId } : {}));
  }
  // What the till took less what its returns gave back (a refund in part, migration 130).
  const [held] = await tx.query<{ deposit: string; used: string }>('SELECT deposit - deposit_refunded AS deposit, deposit_used AS used FROM orders WHERE id = $1', [h.orderId]);
  const deposit = Number(held?.deposit ?? 0);
  const used = Number(held?.used ?? 0);
  // Signed: > 0 taken from the deposit (an invoice), < 0 given back to it (a credit note).
  const fromDeposit = amounts.total >= 0 ? Math.max(0, Math.min(deposit - used, amounts.total)) : -Math.min(used, -amounts.total);
  if (fromDeposit !== 0) {
    await tx.query('UPDATE orders SET deposit_used = deposit_used + $2 WHERE id = $1', [h.orderId, fromDeposit]);
    entry.push(
      debitSigned(accounts.customer_deposits, fromDeposit, { memo: h.number }),
      creditSigned(accounts.receivable, fromDeposit, { memo: fromDeposit > 0 ? `${h.number} paid at the till` : `${h.number} back to the deposit` }),
    );
  }
  await writeEntry(tx, { kind: 'invoice', ...(h.eventId ? { eventId: h.eventId } : {}), siteId: h.siteId, entryDate: h.at, memo: h.memo }, entry);
}

/** The delivery entry: Dr cost of goods sold / Cr inventory, at each product's cost × the shipped quantity. */
export async function postDeliveryCost(tx: Tx, h: Omit<InvoiceHeader, 'number' | 'orderId'>, lines: readonly { qty: number; cost: number }[]): Promise<void> {
  const accounts = await loadAccountMap(tx);
  const cost = lines.reduce((sum, l) => sum + multiplyMinor(l.cost, l.qty, 'delivery cost'), 0);
  await writeEntry(tx, { kind: 'delivery', ...(h.eventId ? { eventId: h.eventId } : {}), siteId: h.siteId, entryDate: h.at, memo: h.memo }, [debitSigned(accounts.cogs, cost), creditSigned(accounts.inventory, cost)]);
}

/** What an invoice of an order is issued for: the order's lines with the quantity each invoices. */
export interface InvoiceIssue {
  id: string;
  orderId: string;
  customerId: string | null;
  currency: string;
  siteId: string;
  eventId?: string;
  /** ISO instant: the invoice's and the entry's date. */
  at: string;
  lines: readonly { l: InvoiceLineInfo; qty: number }[];
  /** The entry's memo, from the invoice's number. */
  memo: (number: string) => string;
}

/**
 * Issues an invoice of an order — on delivery (a shipment's quantities) or on order (everything
 * ordered): the amounts at the order's prices (shared/tax computeOrder, each line's discount shared
 * with discountShare), the next gapless number, the row, the lines' `invoiced`, the journal entry.
 * Returns its number. A plain INSERT: a second invoice of the same id fails the transaction whole,
 * its number with it.
 */
export async function issueOrderInvoice(tx: Tx, i: InvoiceIssue): Promise<string> {
  const amounts = computeOrder({
    lines: i.lines.map(({ l, qty }) => ({
      qty, unitPrice: Number(l.unit_price), priceIncludesTax: l.price_includes_tax, taxes: taxRules(l),
      discount: discountShare({ qty: Number(l.qty), discount: Number(l.discount) }, Number(l.invoiced), qty),
    })),
  });
  const number = await nextDocumentNumber(tx, 'invoice');
  const invoiceLines = i.lines.map(({ l, qty }, n) => ({ orderLineId: l.id, productId: l.product_id, qty, unitPrice: Number(l.unit_price), ...amounts.lines[n]?.amounts }));
  await tx.query(
    `INSERT INTO invoices (id, number, kind, order_id, customer_id, site_id, issued_at, currency, total, tax_lines, lines)
     VALUES ($1, $2, 'invoice', $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [i.id, number, i.orderId, i.customerId, i.siteId, i.at, i.currency, amounts.total, JSON.stringify({ tax: amounts.tax, lines: amounts.taxSummary }), JSON.stringify(invoiceLines)],
  );
  await tx.query(
    'UPDATE order_lines l SET invoiced = l.invoiced + x.qty FROM unnest($1::text[], $2::numeric[]) AS x(id, qty) WHERE l.id = x.id',
    [i.lines.map((x) => x.l.id), i.lines.map((x) => x.qty)],
  );
  await postInvoiceEntry(tx, { number, orderId: i.orderId, siteId: i.siteId, ...(i.eventId ? { eventId: i.eventId } : {}), at: i.at, memo: i.memo(number) }, amounts);
  return number;
}
