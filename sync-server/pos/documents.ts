// Invoices and credit notes issued from till events. An invoice is issued for a sale to a
// business customer who asked for one, and for a collected order paid at the till (the order's
// invoicing on delivery); every return gets a credit note. All are numbered from gapless
// per-series counters (document_sequences) in the same transaction as the event.
import type { Sale, SaleLine } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';

export type DocumentSeries = 'invoice' | 'credit_note';

const prefixes: Record<DocumentSeries, string> = { invoice: 'INV', credit_note: 'CN' };

/** Takes the next number of a series; the row lock keeps numbers gapless under concurrency. */
export async function nextDocumentNumber(tx: Tx, series: DocumentSeries): Promise<string> {
  const [row] = await tx.query<{ last: string }>('UPDATE document_sequences SET last = last + 1 WHERE series = $1 RETURNING last', [series]);
  if (!row) throw new Error(`document series ${series} is missing`);
  return `${prefixes[series]}-${String(row.last).padStart(6, '0')}`;
}

/** The tax summary of document lines: one row per (tax, rate), with the base of the lines that carry it. */
export function taxLines(lines: readonly SaleLine[]): { taxId: string; rate: number; base: number; amount: number }[] {
  const by = new Map<string, { taxId: string; rate: number; base: number; amount: number }>();
  for (const line of lines) {
    const lineTax = line.taxes.reduce((a, t) => a + t.amount, 0);
    for (const t of line.taxes) {
      const key = `${t.taxId}|${t.rate}`;
      const row = by.get(key) ?? { taxId: t.taxId, rate: t.rate, base: 0, amount: 0 };
      row.amount += t.amount;
      row.base += line.total - lineTax;
      by.set(key, row);
    }
  }
  return [...by.values()];
}

/** Issues the invoice or credit note a till event calls for, if any; returns its number. */
export async function issueSaleDocument(tx: Tx, sale: Sale, tax: number): Promise<string | null> {
  let series: DocumentSeries | null = null;
  if (sale.kind === 'return') series = 'credit_note';
  else if (sale.invoiceRequested && sale.customerId) {
    const [customer] = await tx.query<{ business: boolean }>('SELECT business FROM customers WHERE id = $1', [sale.customerId]);
    if (customer?.business) series = 'invoice';
  }
  if (!series) return null;
  return insertSaleDocument(tx, series, sale, { lines: sale.lines, total: sale.total, tax }, null);
}

/**
 * The invoice of a collected order paid at the till: the sale's lines that charge the order's
 * lines, filed under the order (its lines count as invoiced). The sale's own journal entries book
 * it; the invoice is the document.
 */
export async function issuePickupInvoice(tx: Tx, sale: Sale, orderId: string): Promise<string | null> {
  const lines = sale.lines.filter((l) => l.orderLineId !== undefined);
  if (lines.length === 0) return null;
  const tax = lines.reduce((a, l) => a + l.taxes.reduce((b, t) => b + t.amount, 0), 0);
  const number = await insertSaleDocument(tx, 'invoice', sale, { lines, total: lines.reduce((a, l) => a + l.total, 0), tax }, orderId);
  for (const l of lines) await tx.query('UPDATE order_lines SET invoiced = invoiced + $2 WHERE id = $1 AND order_id = $3', [l.orderLineId ?? '', l.qty, orderId]);
  return number;
}

/**
 * The credit note of a channel order returned at the till (order-return.ts): filed under the order,
 * against the invoice that invoiced the returned lines (`credit_of`; each line names its invoice
 * too, when the order was invoiced in several shipments).
 */
export async function issueCreditNote(
  tx: Tx, sale: Sale, orderId: string, creditOf: (orderLineId: string | undefined) => string | null, id?: string,
): Promise<{ number: string; creditOfNumber: string | null }> {
  const first = creditOf(sale.lines[0]?.orderLineId);
  const numbers = new Map((await tx.query<{ id: string; number: string }>('SELECT id, number FROM invoices WHERE order_id = $1', [orderId])).map((r) => [r.id, r.number]));
  const number = await insertSaleDocument(tx, 'credit_note', sale, { lines: sale.lines, total: sale.total, tax: sale.lines.reduce((a, l) => a + l.taxes.reduce((b, t) => b + t.amount, 0), 0) }, orderId, {
    creditOf: first, ...(id ? { id } : {}),
    lineExtra: (l) => {
      const inv = creditOf(l.orderLineId);
      return { orderLineId: l.orderLineId ?? null, creditOf: inv ? (numbers.get(inv) ?? null) : null };
    },
  });
  return { number, creditOfNumber: first ? (numbers.get(first) ?? null) : null };
}

async function insertSaleDocument(
  tx: Tx, series: DocumentSeries, sale: Sale, doc: { lines: readonly SaleLine[]; total: number; tax: number }, orderId: string | null,
  opts: { creditOf?: string | null; lineExtra?: (l: SaleLine) => object; id?: string } = {},
): Promise<string> {
  const { lines, total, tax } = doc;
  const number = await nextDocumentNumber(tx, series);
  await tx.query(
    `INSERT INTO invoices (id, number, kind, sale_id, order_id, customer_id, site_id, issued_at, currency, total, tax_lines, lines, credit_of)
     VALUES ($1, $2, $3, $4, $12, coalesce((SELECT merged_into FROM customers WHERE id = $5::text), $5::text), $6, $7, $8, $9, $10::jsonb, $11::jsonb, $13)`,
    [opts.id ?? `${series}:${sale.id}`, number, series, sale.id, sale.customerId ?? null, sale.siteId, sale.createdAt, sale.currency, total,
      JSON.stringify({ tax, lines: taxLines(lines) }),
      JSON.stringify(lines.map((l) => ({
        lineId: l.lineId, productId: l.productId, name: l.name ?? null, qty: l.qty, unitPrice: l.unitPrice, discount: l.discount, total: l.total, taxes: l.taxes, ...opts.lineExtra?.(l),
      }))),
      orderId, opts.creditOf ?? null],
  );
  return number;
}
