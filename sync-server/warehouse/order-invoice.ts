// Invoicing on order (docs/warehouse.md "Invoicing policy"): an order of a channel whose
// `invoice_policy` is `order` (migration 127), made at or after the policy took that value and not
// paid at a pickup till, is invoiced once for its ordered quantities — every line, the part waiting
// for stock included — at the order's prices and promotions (shared/tax computeOrder, each line's
// discount shared with shared/pricing/discount-share.ts, as on delivery), under the next gapless
// invoice number, with the invoice's journal entry (invoice-posting.ts). Its id is the order's
// (`invoice:order:<orderId>`), taken under the order's row lock with its number in the same
// transaction: issued once, whoever asks first — the kick after the order commits, the sweep
// (order-invoice-sweep.ts), or the order's first shipment, hand-over or cancellation.
// What is cancelled of such an order afterwards (cancel.ts, a validation without backorder) is given
// back by a credit note against that invoice, whose amounts are the difference between what the
// invoice charged for the units kept before and after (credit-amounts.ts): the credit notes of a line
// add up to its invoice line exactly once all of it is cancelled.
import { nextDocumentNumber } from '../pos/documents.ts';
import { creditAmounts } from './credit-amounts.ts';
import { round4 } from './errors.ts';
import { invoiceLineInfo, issueOrderInvoice, postInvoiceEntry, taxRules } from './invoice-posting.ts';
import type { WorkContext } from './work-context.ts';

/** The one on-order invoice an order can have: its id is this prefix and the order's id. */
export const ORDER_INVOICE_PREFIX = 'invoice:order:';
export const orderInvoiceId = (orderId: string): string => `${ORDER_INVOICE_PREFIX}${orderId}`;

/**
 * Whether an order (`o`, joined with its channel `c`) is invoiced on order: its channel invoices on
 * order and did so already when the order was made; an order paid at a pickup till is invoiced by
 * the till's sale (pos/documents.ts issuePickupInvoice).
 */
export const DUE_ON_ORDER_SQL = `(c.invoice_policy = 'order' AND c.invoice_policy_since IS NOT NULL
  AND o.created_at >= c.invoice_policy_since AND NOT o.pay_at_pickup)`;

interface OrderRow {
  channel: string;
  external_ref: string;
  customer_id: string | null;
  currency: string;
  site_id: string | null;
  due: boolean;
  number: string | null;
}

export interface OnOrderInvoice {
  id: string;
  number: string;
  /** Issued by this call (false: it existed already). */
  issued: boolean;
}

interface InvoicedLine {
  orderLineId: string;
  productId: string;
  qty: number;
  unitPrice: number;
  total: number;
  discount: number;
  taxes: { taxId: string; rate: number; amount: number }[];
}

/**
 * The order's invoice on order, issued now when it is due and has none yet; null when the order is
 * not invoiced on order (or nothing of it is left to invoice: all cancelled first). The caller holds
 * the feed lock (the journal's running balances); the order's row is locked here.
 */
export async function invoiceOrderIfDue(ctx: WorkContext, orderId: string, eventId?: string): Promise<OnOrderInvoice | null> {
  const { tx } = ctx;
  const id = orderInvoiceId(orderId);
  const [o] = await tx.query<OrderRow>(
    `SELECT o.channel, o.external_ref, o.customer_id, o.currency, ${DUE_ON_ORDER_SQL} AS due,
       coalesce(o.pickup_site_id, (SELECT p.site_id FROM pickings p WHERE p.order_id = o.id AND p.kind = 'delivery' ORDER BY p.created_at, p.id LIMIT 1)) AS site_id,
       (SELECT i.number FROM invoices i WHERE i.id = $2) AS number
     FROM orders o LEFT JOIN channels c ON c.code = o.channel WHERE o.id = $1 FOR UPDATE OF o`,
    [orderId, id],
  );
  if (!o) return null;
  if (o.number) return { id, number: o.number, issued: false };
  if (!o.due || !o.site_id) return null;
  // Everything ordered that is not cancelled (nothing of a due order was invoiced on delivery).
  const lines = (await invoiceLineInfo(tx, { orderId }))
    .map((l) => ({ l, qty: round4(Number(l.qty) - Number(l.cancelled) - Number(l.invoiced)) }))
    .filter((x) => x.qty > 0);
  if (lines.length === 0) return null;
  const number = await issueOrderInvoice(tx, {
    id, orderId, customerId: o.customer_id, currency: o.currency, siteId: o.site_id, at: ctx.now.toISOString(), lines,
    ...(eventId ? { eventId } : {}), memo: (n) => `${n}, ${o.channel} order ${o.external_ref}, invoiced on order`,
  });
  return { id, number, issued: true };
}

/** A credit note of cancelled units, as the channel's webhooks tell it (like `return.received`'s). */
export interface CreditNoteIssued {
  number: string;
  /** What it gives back, minor units (> 0). */
  total: number;
  /** The number of the invoice it credits. */
  creditOf: string;
}

/** What a credit note of cancelled units comes from. */
export interface CreditSource {
  /** The event whose application cancelled the units: the entry's `event_id`. */
  eventId?: string;
  /**
   * The till return that refunded the units (an endless-aisle order refunded at the till): the
   * credit note is that return's too (`sale_id`), so the refund has this one credit note, against
   * the order's invoice, and the till issues none of its own for the refunded lines.
   */
  saleId?: string;
}

/**
 * Credits what was cancelled of an order invoiced on order since its invoice (or its last credit
 * note): per line, the units the invoice still charges beyond what is left of the line (ordered −
 * cancelled). Returns the credit note, or null when there is nothing to credit or the order was not
 * invoiced on order. Safe to call after any cancellation, more than once. The caller holds the feed
 * lock.
 */
export async function creditCancelledUnits(ctx: WorkContext, orderId: string, from: CreditSource = {}): Promise<CreditNoteIssued | null> {
  const { eventId, saleId } = from;
  const { tx } = ctx;
  const [inv] = await tx.query<{ id: string; number: string; site_id: string; customer_id: string | null; currency: string; lines: InvoicedLine[]; channel: string; external_ref: string }>(
    `SELECT i.id, i.number, i.site_id, i.customer_id, i.currency, i.lines, o.channel, o.external_ref
     FROM invoices i JOIN orders o ON o.id = i.order_id WHERE i.id = $1 FOR UPDATE OF o`,
    [orderInvoiceId(orderId)],
  );
  if (!inv) return null;
  const invoiced = new Map(inv.lines.map((l) => [l.orderLineId, l]));
  const credited = (await invoiceLineInfo(tx, { orderId })).flatMap((l) => {
    const kept = round4(Number(l.invoiced) - Number(l.credited));
    const left = round4(Number(l.qty) - Number(l.cancelled));
    const qty = round4(kept - left);
    if (qty <= 0) return [];
    // The rates the invoice charged, in its order; compound as the tax is defined.
    const compound = new Map(taxRules(l).map((t) => [t.taxId, t.compound]));
    const rules = invoiced.get(l.id)?.taxes.map((t) => ({ taxId: t.taxId, rate: Number(t.rate), compound: compound.get(t.taxId) ?? false })) ?? taxRules(l);
    const priced = { qty: Number(l.qty), unitPrice: Number(l.unit_price), priceIncludesTax: l.price_includes_tax, discount: Number(l.discount) };
    return [{ l, qty, amounts: creditAmounts(priced, kept, left, rules) }];
  });
  if (credited.length === 0) return null;
  const total = credited.reduce((a, c) => a + c.amounts.amounts.total, 0);
  const summary = new Map<string, { taxId: string; rate: number; base: number; amount: number }>();
  for (const c of credited) {
    for (const t of c.amounts.amounts.taxes) {
      const key = `${t.taxId}\u0000${t.rate}`;
      const row = summary.get(key) ?? { taxId: t.taxId, rate: t.rate, base: 0, amount: 0 };
      row.base += c.amounts.base;
      row.amount += t.amount;
      summary.set(key, row);
    }
  }
  const tax = [...summary.values()].reduce((a, t) => a + t.amount, 0);
  const number = await nextDocumentNumber(tx, 'credit_note');
  const at = ctx.now.toISOString();
  // Like a till return's credit note: quantities and amounts negative, each line naming what it credits.
  const lines = credited.map((c) => ({
    orderLineId: c.l.id, productId: c.l.product_id, qty: -c.qty, unitPrice: Number(c.l.unit_price), ...c.amounts.amounts, creditOf: inv.number,
  }));
  await tx.query(
    `INSERT INTO invoices (id, number, kind, order_id, customer_id, site_id, issued_at, currency, total, tax_lines, lines, credit_of, sale_id)
     VALUES ($1, $2, 'credit_note', $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12)`,
    [`credit_note:order:${orderId}:${number}`, number, orderId, inv.customer_id, inv.site_id, at, inv.currency, total,
      JSON.stringify({ tax, lines: [...summary.values()] }), JSON.stringify(lines), inv.id, saleId ?? null],
  );
  await tx.query(
    'UPDATE order_lines l SET credited = l.credited + x.qty FROM unnest($1::text[], $2::numeric[]) AS x(id, qty) WHERE l.id = x.id',
    [credited.map((c) => c.l.id), credited.map((c) => c.qty)],
  );
  await postInvoiceEntry(tx, { number, orderId, siteId: inv.site_id, ...(eventId ? { eventId } : {}), at, memo: `${number} credits ${inv.number}: cancelled from ${inv.channel} order ${inv.external_ref}` }, {
    total, lines: credited.map((c) => c.amounts),
  });
  return { number, total: -total, creditOf: inv.number };
}
