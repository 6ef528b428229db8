// What receiving a return by post does to the order and the books (docs/channels.md "Returns by
// post"), in the receipt's transaction: the order lines count what came back (`returned`, never more
// than delivered — the excess is `order_over_return`: the goods are in the warehouse all the same);
// the credit note is issued against the invoice of the returned lines, its lines built by the very
// function that builds a till's return of the order (shared/channel-api/order-returns.ts
// buildOrderReturnLines: the order's price less the returned units' share of the line's promotions,
// at the rates the invoice charged), so a parcel refunds to the cent what the same units returned
// at a store would; the journal gets the credit note's entry (revenue and output tax reversed
// against the receivable the invoice debited) and, for restocked units, their cost back from cost of
// goods sold into inventory; the refund the channel is to execute is recorded (`order_returns`, like
// a till return's) and `return.received` goes to the outbox.
import { v7 as uuidv7 } from 'uuid';
import { buildOrderReturnLines, type ReturnableOrder } from '../../shared/channel-api/order-returns.ts';
import { multiplyMinor } from '../../shared/money/index.ts';
import type { Problem } from '../../shared/schemas/index.ts';
import { writeEntry, loadAccountMap } from '../ledger/journal-store.ts';
import { creditSigned, debitSigned } from '../ledger/journal.ts';
import { nextDocumentNumber, taxLines } from '../pos/documents.ts';
import { recordReturnOfOrder } from '../pos/order-return.ts';
import { round4 } from './errors.ts';
import { postInvoiceEntry } from './invoice-posting.ts';
import type { WorkContext } from './work-context.ts';

/** Units of an order line taken in by a return receipt. */
export interface ReceivedUnits {
  orderLineId: string;
  qty: number;
  /** Into stock (true) or the scrap location (false: announced damaged). */
  restock: boolean;
}

/** The receipt that took them in. */
export interface ReturnReceipt {
  requestId: string;
  orderId: string;
  siteId: string;
  /** The validation's event id (the station's event, or the back office's operation id). */
  eventId: string;
  /** The receipt's reference (WH1/IN/000123). */
  reference: string;
  at: string;
}

interface LineRow {
  id: string;
  product_id: string;
  name: string;
  sku: string;
  qty: string;
  delivered: string;
  returned: string;
  unit_price: string;
  discount: string;
  price_includes_tax: boolean;
  cost: string;
  taxes: { taxId: string; rate: number | string; compound: boolean }[] | null;
}

/**
 * The order's invoices, read once: per order line, the invoice that invoiced it (the latest naming
 * it, else the order's first — as a till's return of the order credits) and the rates it charged.
 */
async function orderInvoices(ctx: WorkContext, orderId: string): Promise<{ of: (orderLineId: string) => { id: string; number: string } | null; rates: (orderLineId: string) => Map<string, number> | undefined }> {
  const rows = await ctx.tx.query<{ id: string; number: string; lines: { orderLineId?: string; taxes?: { taxId: string; rate: number | string }[] }[] }>(
    `SELECT id, number, lines FROM invoices WHERE order_id = $1 AND kind = 'invoice' ORDER BY issued_at, number`, [orderId],
  );
  const byLine = new Map<string, { id: string; number: string }>();
  const rates = new Map<string, Map<string, number>>();
  for (const r of rows) {
    for (const l of r.lines) {
      if (!l.orderLineId) continue;
      byLine.set(l.orderLineId, { id: r.id, number: r.number });
      rates.set(l.orderLineId, new Map((l.taxes ?? []).map((t) => [t.taxId, Number(t.rate)])));
    }
  }
  const first = rows[0] ? { id: rows[0].id, number: rows[0].number } : null;
  return { of: (id) => byLine.get(id) ?? first, rates: (id) => rates.get(id) };
}

/**
 * Credits `received` units of the return's order. Returns the problems a manager must see (more
 * came back than was delivered and not yet returned). The caller holds the feed lock.
 */
export async function creditReturnedUnits(ctx: WorkContext, receipt: ReturnReceipt, received: readonly ReceivedUnits[]): Promise<Problem[]> {
  const { tx } = ctx;
  const [order] = await tx.query<{ channel: string; external_ref: string; customer_id: string | null; currency: string; site_code: string }>(
    `SELECT o.channel, o.external_ref, coalesce(c.merged_into, o.customer_id) AS customer_id, o.currency, (SELECT code FROM sites WHERE id = $2) AS site_code
     FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = $1 FOR UPDATE OF o`,
    [receipt.orderId, receipt.siteId],
  );
  if (!order) throw new Error(`return ${receipt.requestId}: order ${receipt.orderId} is missing`);
  const rows = await tx.query<LineRow>(
    `SELECT ol.id, ol.product_id, p.name, p.sku, ol.qty, ol.delivered, ol.returned, ol.unit_price, ol.discount, ol.price_includes_tax, p.cost,
       (SELECT jsonb_agg(jsonb_build_object('taxId', t.id, 'rate', t.rate, 'compound', t.compound) ORDER BY pt.position, pt.tax_id)
        FROM product_taxes pt JOIN taxes t ON t.id = pt.tax_id WHERE pt.product_id = ol.product_id) AS taxes
     FROM order_lines ol JOIN products p ON p.id = ol.product_id WHERE ol.order_id = $1 ORDER BY ol.position FOR UPDATE OF ol`,
    [receipt.orderId],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const invoices = await orderInvoices(ctx, receipt.orderId);
  const problems: Problem[] = [];
  // One selection per order line: what came back, capped at what is still returnable.
  const wanted = new Map<string, { qty: number; restock: boolean }>();
  for (const r of received) {
    const was = wanted.get(r.orderLineId);
    wanted.set(r.orderLineId, { qty: round4((was?.qty ?? 0) + r.qty), restock: was?.restock ?? r.restock });
  }
  const selections: { orderLineId: string; qty: number; restock: boolean }[] = [];
  for (const [orderLineId, want] of wanted) {
    const l = byId.get(orderLineId);
    if (!l) continue;
    const left = round4(Number(l.delivered) - Number(l.returned));
    const qty = round4(Math.min(want.qty, left));
    if (want.qty > left) {
      problems.push({
        code: 'order_over_return', severity: 'critical',
        message: `${receipt.reference}: ${want.qty} × ${l.name} received back for order ${order.external_ref}, which had ${left} delivered and not yet returned; the goods are in the warehouse all the same — check the order`,
      });
    }
    if (qty > 0) selections.push({ orderLineId, qty, restock: want.restock });
  }
  if (selections.length === 0) return problems;

  // The order as a till's return reads it, at the rates the invoice charged each line.
  const returnable: ReturnableOrder = {
    orderId: receipt.orderId, orderRef: order.external_ref, channel: order.channel, currency: order.currency.trim(), customerId: order.customer_id, customerName: null,
    paidOnline: true, createdAt: receipt.at,
    lines: rows.map((l) => {
      const charged = invoices.rates(l.id);
      return {
        orderLineId: l.id, productId: l.product_id, name: l.name, sku: l.sku, ordered: Number(l.qty), delivered: Number(l.delivered), returned: Number(l.returned),
        unitPrice: Number(l.unit_price), discount: Number(l.discount), priceIncludesTax: l.price_includes_tax,
        taxes: (l.taxes ?? []).map((t) => ({ taxId: t.taxId, rate: charged?.get(t.taxId) ?? Number(t.rate), compound: t.compound })),
      };
    }),
  };
  const { lines, total } = buildOrderReturnLines(returnable, selections);
  await tx.query(
    'UPDATE order_lines l SET returned = l.returned + x.qty FROM unnest($1::text[], $2::numeric[]) AS x(id, qty) WHERE l.id = x.id',
    [selections.map((s) => s.orderLineId), selections.map((s) => s.qty)],
  );

  // The credit note, against the invoice of the returned lines (each line names its own).
  const creditOf = invoices.of(selections[0]?.orderLineId ?? '');
  const tax = lines.reduce((a, l) => a + l.taxes.reduce((b, t) => b + t.amount, 0), 0);
  const number = await nextDocumentNumber(tx, 'credit_note');
  await tx.query(
    `INSERT INTO invoices (id, number, kind, order_id, customer_id, site_id, issued_at, currency, total, tax_lines, lines, credit_of)
     VALUES ($1, $2, 'credit_note', $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11)`,
    [`credit_note:return:${uuidv7()}`, number, receipt.orderId, order.customer_id, receipt.siteId, receipt.at, order.currency, total,
      JSON.stringify({ tax, lines: taxLines(lines) }),
      JSON.stringify(lines.map((l) => ({
        productId: l.productId, name: l.name ?? null, qty: l.qty, unitPrice: l.unitPrice, discount: l.discount, total: l.total, taxes: l.taxes,
        orderLineId: l.orderLineId ?? null, creditOf: invoices.of(l.orderLineId ?? '')?.number ?? null,
      }))),
      creditOf?.id ?? null],
  );
  const memo = `${number} credits ${creditOf?.number ?? 'the order'}: returned by post to ${order.site_code} (${receipt.reference}), ${order.channel} order ${order.external_ref}`;
  await postInvoiceEntry(tx, { number, orderId: receipt.orderId, siteId: receipt.siteId, eventId: receipt.eventId, at: receipt.at, memo }, {
    total, lines: lines.map((l) => ({ amounts: { total: l.total, discount: l.discount, taxes: l.taxes }, base: l.total - l.taxes.reduce((a, t) => a + t.amount, 0) })),
  });
  // Restocked units are inventory again, at the product's cost; scrapped ones stay an expense.
  const cost = selections.filter((s) => s.restock).reduce((a, s) => a + multiplyMinor(Number(byId.get(s.orderLineId)?.cost ?? 0), s.qty, 'return cost'), 0);
  if (cost !== 0) {
    const accounts = await loadAccountMap(tx);
    await writeEntry(tx, { kind: 'delivery', eventId: receipt.eventId, siteId: receipt.siteId, entryDate: receipt.at, memo: `${receipt.reference}: goods returned by post, back in stock` }, [
      debitSigned(accounts.inventory, cost), creditSigned(accounts.cogs, cost),
    ]);
  }

  const applied = selections.map((s) => ({ orderLineId: s.orderLineId, productId: byId.get(s.orderLineId)?.product_id ?? '', qty: s.qty, restock: s.restock }));
  const refund = -total;
  // A parcel's refund is all the channel's to pay back on the order's payment.
  await recordReturnOfOrder(tx, {
    eventId: receipt.eventId, orderId: receipt.orderId, siteId: receipt.siteId, returnedAt: receipt.at, receiptNo: receipt.reference, currency: order.currency.trim(),
    lines: applied, creditNote: { number, creditOfNumber: creditOf?.number ?? null, total: refund }, refundToOrder: refund, atStore: [], returnId: receipt.requestId,
  }, ctx.now);
  return problems;
}
