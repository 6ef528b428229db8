// Endless aisle (docs/channels.md "Endless aisle"): a till sale that carries `customerOrder`
// (shared/schemas/sale.ts). Its ordered lines are paid at the till but never leave the store's
// shelf; under the feed lock, in the sale's transaction, they become a channel order of channel
// `pos` (reference <store>/<receipt>) reserved at the site the cashier chose, through the channel
// order intake (warehouse/order-intake.ts) — all of it or nothing: if the site no longer has the
// stock when the sale arrives (the till was offline), no order is made and the sale is flagged
// `customer_order_unavailable` for a refund, never a backorder nobody asked for, never an oversell.
// The sale is applied once (its id is the idempotency key), so the order is made once.
// What the till took is a customer deposit (ledger/sale-posting.ts) until the order is invoiced: on
// delivery (warehouse/delivery-invoice.ts), or here when the pos channel invoices on order
// (warehouse/order-invoice.ts). A return of ordered lines gives the deposit back and cancels the units
// not delivered yet, or returns delivered goods (depositLines sorts them; customer-order-refund.ts).
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { resolveOrderCustomer } from '../customers/order-customer.ts';
import { emitOrderIntake } from '../webhooks/order-events.ts';
import type { RouteSite } from '../warehouse/channel-routing.ts';
import { round4, WarehouseError } from '../warehouse/errors.ts';
import { createOrderLocked, prepareOrder, ShortStockError } from '../warehouse/order-intake.ts';
import { invoiceOrderIfDue } from '../warehouse/order-invoice.ts';
import type { OrderRequest } from '../warehouse/orders.ts';
import { type DeliverySteps, warehouseLocations } from '../warehouse/sites.ts';
import { WorkContext } from '../warehouse/work-context.ts';

/** The channel of orders taken at tills. */
export const TILL_CHANNEL = 'pos';

/** The sale's ordered lines (a sale's own; empty for a return or a sale without a customer order). */
export function orderedLineIds(sale: Sale): Set<string> {
  if (sale.kind !== 'sale' || !sale.customerOrder) return new Set();
  return new Set(sale.customerOrder.lines.map((l) => l.lineId));
}

/** A return line that refunds an ordered line of a till customer order: `qty` units (> 0), `total` (< 0) given back. */
export interface OrderedLineRefund {
  lineId: string;
  orderId: string;
  orderLineId: string;
  qty: number;
  total: number;
}

/** The lines of a batch that touch till customer orders (endless aisle). */
export interface TillOrderLines {
  /**
   * Per sale, the lines paid into customer deposits instead of revenue and kept off the store's
   * stock: a sale's ordered lines, a return's lines that refund ordered units not delivered.
   */
  deposits: Map<string, Set<string>>;
  /** Per return, its deposit lines that name an order line (their units are cancelled: customer-order-refund.ts). */
  refunds: Map<string, OrderedLineRefund[]>;
  /**
   * Per return, its lines that take back ordered units already delivered (nothing of their order
   * line is left to deliver): a return of goods — revenue, tax and stock back like any till return,
   * the credit note against the order's invoice (customer-order-refund.ts).
   */
  returns: Map<string, OrderedLineRefund[]>;
}

/**
 * Sorts the batch's lines that touch till customer orders. A return line refunding an ordered line
 * refunds the deposit of units not delivered yet while its order line has some (they are cancelled);
 * once nothing of the line is left to deliver, it returns delivered goods. Read before the feed lock:
 * a shipment validated meanwhile is caught when the units are cancelled (customer-order-refund.ts).
 */
export async function depositLines(tx: Tx, sales: readonly Sale[]): Promise<TillOrderLines> {
  const out: TillOrderLines = { deposits: new Map(), refunds: new Map(), returns: new Map() };
  for (const s of sales) {
    const own = orderedLineIds(s);
    if (own.size > 0) out.deposits.set(s.id, own);
  }
  const originals = [...new Set(sales.filter((s) => s.kind === 'return').flatMap((s) => s.lines.flatMap((l) => (l.returnOf ? [l.returnOf.saleId] : []))))];
  if (originals.length === 0) return out;
  // The order's lines are the sale's ordered lines with a positive quantity, in the sale's order (placeOrder).
  const rows = await tx.query<{ sale_id: string; line_ids: string[]; order_id: string | null; ordered: string[] | null }>(
    `SELECT t.sale_id, t.line_ids, t.order_id,
       (SELECT array_agg(x ->> 'lineId' ORDER BY n) FROM events e CROSS JOIN LATERAL jsonb_array_elements(e.payload -> 'lines') WITH ORDINALITY AS a(x, n)
        WHERE e.id = t.sale_id AND x ->> 'lineId' = ANY(t.line_ids) AND (x ->> 'qty')::numeric > 0) AS ordered
     FROM till_customer_orders t WHERE t.sale_id = ANY($1::text[])`,
    [originals],
  );
  const orderIds = rows.flatMap((r) => (r.order_id ? [r.order_id] : []));
  const lines = orderIds.length === 0 ? [] : await tx.query<{ id: string; order_id: string; position: number; open: string; returnable: string }>(
    'SELECT id, order_id, position, qty - delivered - cancelled AS open, delivered - returned AS returnable FROM order_lines WHERE order_id = ANY($1::text[])',
    [orderIds],
  );
  const byPosition = new Map(lines.map((l) => [`${l.order_id}\u0000${l.position}`, { id: l.id, open: Number(l.open), returnable: Number(l.returnable) }]));
  const ordered = new Map(rows.map((r) => [r.sale_id, r]));
  for (const s of sales) {
    if (s.kind !== 'return') continue;
    const ids = new Set<string>();
    for (const l of s.lines) {
      const t = l.returnOf ? ordered.get(l.returnOf.saleId) : undefined;
      if (!l.returnOf || !t?.line_ids.includes(l.returnOf.lineId)) continue;
      const at = (t.ordered ?? []).indexOf(l.returnOf.lineId);
      const ol = t.order_id && at >= 0 ? byPosition.get(`${t.order_id}\u0000${at + 1}`) : undefined;
      const qty = round4(Math.abs(l.qty));
      if (!t.order_id || !ol || ol.open > 0 || ol.returnable <= 0) {
        ids.add(l.lineId);
        if (t.order_id && ol) {
          out.refunds.set(s.id, [...(out.refunds.get(s.id) ?? []), { lineId: l.lineId, orderId: t.order_id, orderLineId: ol.id, qty, total: l.total }]);
          ol.open = round4(Math.max(0, ol.open - qty));
        }
        continue;
      }
      out.returns.set(s.id, [...(out.returns.get(s.id) ?? []), { lineId: l.lineId, orderId: t.order_id, orderLineId: ol.id, qty, total: l.total }]);
      ol.returnable = round4(Math.max(0, ol.returnable - qty));
    }
    if (ids.size > 0) out.deposits.set(s.id, ids);
  }
  return out;
}

/** The sale as its own stock moves see it: ordered lines (and their returns) never touch the store's shelf. */
export function withoutDepositLines(sale: Sale, deposits: ReadonlyMap<string, ReadonlySet<string>>): Sale {
  const ids = deposits.get(sale.id);
  return ids && ids.size > 0 ? { ...sale, lines: sale.lines.filter((l) => !ids.has(l.lineId)) } : sale;
}

interface SiteRow {
  id: string;
  code: string;
  name: string;
  kind: 'store' | 'warehouse';
  steps: number | null;
  priority: number | null;
}

async function siteByCode(tx: Tx, code: string): Promise<SiteRow | undefined> {
  const [row] = await tx.query<SiteRow>(
    `SELECT s.id, s.code, s.name, s.kind, c.delivery_steps AS steps, c.priority FROM sites s LEFT JOIN warehouse_config c ON c.site_id = s.id WHERE s.code = $1`,
    [code],
  );
  return row;
}

const routeSite = (s: SiteRow): RouteSite => ({
  siteId: s.id, code: s.code, kind: s.kind, steps: (s.kind === 'store' ? 1 : (s.steps ?? 1)) as DeliverySteps, priority: s.priority ?? 100,
});

async function productNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; name: string }>('SELECT id, name FROM products WHERE id = ANY($1::text[])', [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

const REFUND = 'refund the customer (to the original tender, or as store credit)';

/** Places one sale's customer order; returns its problems (none when the order was made). The caller holds the feed lock. */
async function placeOrder(tx: Tx, sale: Sale, now: Date): Promise<Problem[]> {
  const co = sale.customerOrder;
  if (!co) return [];
  const ids = orderedLineIds(sale);
  const lines = sale.lines.filter((l) => ids.has(l.lineId) && l.qty > 0);
  const deposit = lines.reduce((a, l) => a + l.total, 0);
  const f = co.fulfillment;
  const site = await siteByCode(tx, f.site);
  const record = (state: 'ordered' | 'unavailable', orderId: string | null): Promise<unknown> =>
    tx.query(
      `INSERT INTO till_customer_orders (sale_id, store_id, fulfillment, site_id, line_ids, order_id, state, deposit) VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8)`,
      [sale.id, sale.siteId, f.type, site?.id ?? null, [...ids], orderId, state, deposit],
    );
  const names = await productNames(tx, lines.map((l) => l.productId));
  const what = lines.map((l) => `${l.qty} × ${names.get(l.productId) ?? l.name ?? l.productId}`).join(', ');
  const refused = async (code: string, why: string): Promise<Problem[]> => {
    await record('unavailable', null);
    return [{ code, severity: 'critical', message: `receipt ${sale.receiptNo}: the customer order (${what}) was not placed: ${why} — ${REFUND}` }];
  };
  if (lines.length === 0) return refused('customer_order_empty', 'it names no line of the sale');
  if (!site) return refused('customer_order_unknown_site', `no site ${f.site}`);
  if (f.type === 'pickup' && site.kind !== 'store') return refused('customer_order_unknown_site', `${site.name} is not a store to collect from`);
  if (f.type === 'delivery' && !f.address?.trim()) return refused('customer_order_no_address', 'a delivery needs an address');

  const [store] = await tx.query<{ code: string }>('SELECT code FROM sites WHERE id = $1', [sale.siteId]);
  const req: OrderRequest = {
    channel: TILL_CHANNEL,
    externalRef: `${store?.code ?? sale.siteId}/${sale.receiptNo}`,
    ...(sale.customerId ? { customer: sale.customerId } : {}),
    fulfillment: f.type === 'pickup' ? { type: 'pickup', site: site.code } : { type: 'delivery' },
    currency: sale.currency,
    lines: lines.map((l) => ({ productId: l.productId, qty: l.qty })),
  };
  try {
    // A warehouse's dispatch areas are made on its first order (intake does it in a transaction of
    // its own); this transaction already holds the feed lock, so it makes them here.
    if (site.kind === 'warehouse') await warehouseLocations(tx, site.id);
    const prepared = await prepareOrder(tx, req, { ...(f.type === 'delivery' ? { site: routeSite(site) } : {}), allOrNothing: true });
    // The order's prices are what the till charged (its discounts included), so the invoice on
    // delivery matches the deposit.
    for (const l of lines) {
      const p = prepared.prices.get(l.productId);
      if (p) prepared.prices.set(l.productId, { ...p, price: l.qty > 0 ? Math.round((l.unitPrice * l.qty - l.discount) / l.qty) : l.unitPrice });
    }
    prepared.customerId = (await resolveOrderCustomer(tx, prepared.customer, prepared.country))?.id ?? null;
    const view = await createOrderLocked(tx, prepared, now);
    await tx.query('UPDATE orders SET delivery_address = $2, deposit = $3 WHERE id = $1', [
      view.orderId, f.type === 'delivery' ? [f.address?.trim(), f.phone?.trim()].filter(Boolean).join('\n') : null, deposit,
    ]);
    await record('ordered', view.orderId);
    // The pos channel invoicing on order: invoiced now, the deposit settling it (docs/ledger.md).
    await invoiceOrderIfDue(new WorkContext(tx, now), view.orderId, sale.id);
    await emitOrderIntake(tx, view, now);
    return [];
  } catch (err) {
    if (err instanceof ShortStockError) {
      const short = err.short.map((x) => `${names.get(x.productId) ?? x.productId}: ${round4(Math.max(0, x.available))} left of ${x.wanted} wanted`).join(', ');
      return refused('customer_order_unavailable', `${site.name} no longer has the stock (${short})`);
    }
    if (err instanceof WarehouseError) return refused('customer_order_refused', err.message);
    throw err;
  }
}

/** Places the customer orders among a batch of new sales, in order; returns problems per sale id. The caller holds the feed lock. */
export async function applyCustomerOrders(tx: Tx, sales: readonly Sale[], now = new Date()): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>();
  for (const sale of sales) {
    if (sale.kind !== 'sale' || !sale.customerOrder) continue;
    out.set(sale.id, await placeOrder(tx, sale, now));
  }
  return out;
}
