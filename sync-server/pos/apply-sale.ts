// Applying till sales and returns on the server, in the transaction that stores the events:
// projections (pos_sales, lines, session totals), stock moves, journal entries, documents
// (invoice / credit note), the report-aggregate queue, and every check that turns a mismatch into an
// exception. A real sale is never refused: whatever is wrong with it is recorded and it is
// applied all the same.
// Work is set-based over a whole push batch — one statement per kind of row, not per sale — so
// that the server pays for HTTP, validation and accounting and still outruns a naive
// one-transaction-per-sale insert (see tests/bench/pos.bench.ts). A single event is a batch of one.
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import { zoneOrDefault } from '../../shared/time/index.ts';
import type { Tx } from '../db/db.ts';
import { lockFeed } from '../feed/publish.ts';
import { applyQuantDeltas, recordMoves, type MoveInput, type NegativeQuant } from '../stock/moves.ts';
import { addToBalances, insertEntries, loadAccountMap } from '../ledger/journal-store.ts';
import { lineCost, postSale } from '../ledger/sale-posting.ts';
import { queueSalesAggregates } from '../reports/aggregates.ts';
import { checkApprovals, loadApprovalContext } from './approval-checks.ts';
import { loadPosCatalog, type PosCatalog } from './catalog-lookup.ts';
import { checkChainBatch } from './chain-checks.ts';
import { applyCustomerOrders, depositLines, withoutDepositLines } from './customer-order.ts';
import { refundCustomerOrders } from './customer-order-refund.ts';
import { issueSaleDocument } from './documents.ts';
import { applyOrderReturns, checkOrderRefundApproval } from './order-return.ts';
import { applyPickupHandovers, withoutPickupLines } from './pickup-handover.ts';
import { checkPricing, loadPricingCheckContext } from './pricing-checks.ts';
import type { ProblemsChanged } from './problems-store.ts';
import { checkReturns, recheckReturnsOf } from './return-checks.ts';
import { bookSaleSerials, lotOfLine, planSaleLots, type LotPlan } from './sale-lots.ts';
import { insertLinePromotions, recordCouponUses } from './sale-promotions-store.ts';
import { settleCashOuts } from './cash-move-checks.ts';
import { addSalesToSessions, foreignSessionProblem, sessionOwners } from './session-store.ts';
import { siteLocations, type SiteLocations } from './site-locations.ts';
import { releaseSoldReservations } from './sold-reservations.ts';
import { verifySale } from './verify-sale.ts';
import { checkLoyalty } from '../stored-value/loyalty-checks.ts';
import { loadSaleValueContext } from '../stored-value/sale-value-context.ts';
import { applySaleValue, planSaleValue, pointsPostingOf } from '../stored-value/sale-value-store.ts';

export interface ApplyContext {
  /** Refreshes acks of other events whose problems changed (installed by the event framework). */
  problemsChanged?: ProblemsChanged;
  /** Allowed unit-price deviation from the catalog, percent (default 0.5). */
  priceTolerancePercent?: number;
}

function movesFor(sale: Sale, catalog: PosCatalog, loc: SiteLocations, lots: LotPlan): MoveInput[] {
  const moves: MoveInput[] = [];
  for (const line of sale.lines) {
    if (!catalog.products.has(line.productId) || line.qty === 0) continue;
    const booked = lotOfLine(lots, sale, line);
    const base = { productId: line.productId, qty: Math.abs(line.qty), eventId: sale.id, ...(booked?.lot ? { lot: booked.lot } : {}) };
    if (line.qty > 0) moves.push({ ...base, fromLocationId: booked?.locationId ?? loc.stock, toLocationId: loc.customer, reason: 'sale' });
    else if (line.restock === false) moves.push({ ...base, fromLocationId: loc.customer, toLocationId: loc.scrap, reason: 'return' });
    else moves.push({ ...base, fromLocationId: loc.customer, toLocationId: loc.stock, reason: 'return' });
  }
  return moves;
}

const taxOf = (sale: Sale): number => sale.lines.reduce((a, l) => a + l.taxes.reduce((b, t) => b + t.amount, 0), 0);

async function insertProjections(
  tx: Tx, sales: readonly Sale[], costOf: (id: string) => number | undefined, lots: LotPlan, deposits: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<void> {
  const headers = sales.map((s) => ({
    id: s.id, kind: s.kind, till_id: s.tillId, site_id: s.siteId, session_id: s.sessionId, cashier_id: s.cashierId, customer_id: s.customerId ?? null,
    seq: s.seq, receipt_no: s.receiptNo, prev_hash: s.prevHash, hash: s.hash, total: s.total, rounding: s.rounding ?? 0, tax: taxOf(s),
    cost: s.lines.reduce((a, l) => a + lineCost(s, l, costOf(l.productId)), 0), created_at: s.createdAt, ros: s.returnOfSaleId ?? null,
  }));
  await tx.query(
    `INSERT INTO pos_sales (id, kind, till_id, site_id, session_id, cashier_id, customer_id, seq, receipt_no, prev_hash, hash, total, rounding, tax, cost, created_at, return_of_sale_id)
     SELECT id, kind, till_id, site_id, session_id, cashier_id,
       -- A customer merged while the till was offline: the sale is filed under the kept one.
       coalesce((SELECT c.merged_into FROM customers c WHERE c.id = r.customer_id), customer_id),
       seq, receipt_no, prev_hash, hash, total, rounding, tax, cost, created_at, ros
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, till_id text, site_id text, session_id text, cashier_id text, customer_id text, seq int,
       receipt_no text, prev_hash text, hash text, total bigint, rounding bigint, tax bigint, cost bigint, created_at timestamptz, ros text)`,
    [JSON.stringify(headers)],
  );
  const lines = sales.flatMap((s) => s.lines.map((l) => ({
    sale_id: s.id, line_id: l.lineId, product_id: l.productId, qty: l.qty, unit_price: l.unitPrice, discount: l.discount, total: l.total,
    tax: l.taxes.reduce((a, t) => a + t.amount, 0), cost: lineCost(s, l, costOf(l.productId)), ros: l.returnOf?.saleId ?? null, rol: l.returnOf?.lineId ?? null,
    lot: lotOfLine(lots, s, l)?.lot ?? null, serial: lotOfLine(lots, s, l)?.serial ?? null, deposit: deposits.get(s.id)?.has(l.lineId) ?? false,
  })));
  await tx.query(
    `INSERT INTO pos_sale_lines (sale_id, line_id, product_id, qty, unit_price, discount, total, tax, cost, return_of_sale_id, return_of_line_id, lot, serial, deposit)
     SELECT sale_id, line_id, product_id, qty, unit_price, discount, total, tax, cost, ros, rol, lot, serial, deposit
     FROM jsonb_to_recordset($1::jsonb) AS r(sale_id text, line_id text, product_id text, qty numeric, unit_price bigint, discount bigint, total bigint, tax bigint, cost bigint, ros text, rol text, lot text, serial text, deposit boolean)
     ON CONFLICT (sale_id, line_id) DO NOTHING`,
    [JSON.stringify(lines)],
  );
}

/** The quants the batch's sales took stock from that are now below zero (`below`: the quants the moves left below zero). */
function negativeStock(sales: readonly Sale[], moves: readonly MoveInput[], below: readonly NegativeQuant[], catalog: PosCatalog): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  if (below.length === 0) return out;
  const taken = moves.filter((m) => m.reason === 'sale');
  const receipts = new Map(sales.map((s) => [s.id, s.receiptNo]));
  for (const m of taken) {
    const r = below.find((q) => q.product_id === m.productId && q.location_id === m.fromLocationId && q.lot === (m.lot ?? ''));
    if (!r || !m.eventId) continue;
    const name = catalog.products.get(r.product_id)?.name ?? r.product_id;
    const what = `"${name}"${r.lot ? ` lot ${r.lot}` : ''}`;
    const list = out.get(m.eventId) ?? [];
    if (list.some((p) => p.message.includes(` ${what} is now`))) continue;
    list.push({ code: 'negative_stock', severity: 'warning', message: `receipt ${receipts.get(m.eventId) ?? ''}: ${what} is now at ${r.on_hand} in the store — stock was short` });
    out.set(m.eventId, list);
  }
  return out;
}

/**
 * Applies a batch of new (validated, authorised, not yet applied) sales; returns problems per sale id.
 * A return of a customer order placed by a sale of the same batch (a till offline sends both in one
 * push) is applied after that sale, as if pushed next: a refund finds its order only once the order
 * exists (customer-order.ts), and would otherwise leave it open to ship goods the customer got back.
 */
export async function applySales(tx: Tx, sales: readonly Sale[], ctx: ApplyContext = {}): Promise<Map<string, Problem[]>> {
  const cut = refundOfOrderPlacedBefore(sales);
  if (cut < 0) return applySalesTogether(tx, sales, ctx);
  const first = await applySalesTogether(tx, sales.slice(0, cut), ctx);
  return new Map([...first, ...(await applySales(tx, sales.slice(cut), ctx))]);
}

/** The index of the first return of lines that an earlier sale of `sales` ordered (endless aisle), or -1. */
function refundOfOrderPlacedBefore(sales: readonly Sale[]): number {
  const ordered = new Set<string>();
  for (const [i, s] of sales.entries()) {
    if (i > 0 && s.kind === 'return' && s.lines.some((l) => l.returnOf && ordered.has(l.returnOf.saleId))) return i;
    if (s.customerOrder) ordered.add(s.id);
  }
  return -1;
}

async function applySalesTogether(tx: Tx, sales: readonly Sale[], ctx: ApplyContext): Promise<Map<string, Problem[]>> {
  const problems = new Map<string, Problem[]>(sales.map((s) => [s.id, []]));
  const add = (id: string, list: readonly Problem[]): void => {
    problems.get(id)?.push(...list);
  };
  if (sales.length === 0) return problems;
  const catalog = await loadPosCatalog(tx, sales.flatMap((s) => s.lines.map((l) => l.productId)), sales.map((s) => s.siteId));
  const costOf = (id: string): number | undefined => catalog.products.get(id)?.cost;
  // A session belongs to the till that opened it: a sale naming another till's session is kept
  // (it happened) but stays out of that session's totals, tenders and journal.
  const owners = await sessionOwners(tx, sales.map((s) => s.sessionId));
  const approvalCtx = await loadApprovalContext(tx, sales);
  const pricingCtx = await loadPricingCheckContext(tx, sales, (id) => {
    const p = catalog.products.get(id);
    return p && { id, price: p.price, cost: p.cost, category: p.category };
  });
  const valueCtx = await loadSaleValueContext(tx, sales, (id) => catalog.products.get(id)?.category);
  const valuePlans = new Map(sales.map((s) => [s.id, planSaleValue(s, valueCtx)]));
  const foreign = new Set(sales.filter((s) => (owners.get(s.sessionId) ?? s.tillId) !== s.tillId).map((s) => s.id));
  for (const sale of sales) {
    if (foreign.has(sale.id)) add(sale.id, [foreignSessionProblem(sale)]);
    add(sale.id, verifySale(sale, {
      product: (id) => catalog.products.get(id),
      isCompound: (taxId) => catalog.compoundTaxes.has(taxId),
      priceTolerancePercent: ctx.priceTolerancePercent ?? 0.5,
      isCashTender: (m) => catalog.cashTenders.has(m),
      cashRoundingStep: (siteId) => catalog.cashRounding.get(siteId),
      tax: (taxId) => catalog.taxes.get(taxId),
      timeZone: (siteId) => zoneOrDefault(catalog.timeZones.get(siteId)),
    }));
    add(sale.id, checkApprovals(sale, approvalCtx));
    add(sale.id, checkOrderRefundApproval(sale, approvalCtx, (m) => catalog.cashTenders.has(m)));
    add(sale.id, checkPricing(sale, pricingCtx));
    add(sale.id, checkLoyalty(sale, valueCtx.program, valueCtx.earnedPoints(sale)));
  }

  const locations = new Map<string, SiteLocations>();
  for (const siteId of new Set(sales.map((s) => s.siteId))) locations.set(siteId, await siteLocations(tx, siteId));
  // A collected order's charged lines leave the store through the order's reservation (pickup-handover.ts);
  // a customer order's lines (endless aisle) never leave the store's shelf, nor come back to it (customer-order.ts).
  const tillOrders = await depositLines(tx, sales);
  const { deposits } = tillOrders;
  const stockSales = sales.map((s) => withoutDepositLines(withoutPickupLines(s), deposits));
  const lots = await planSaleLots(tx, stockSales, catalog, locations);
  for (const [id, list] of lots.problems) add(id, list);
  await insertProjections(tx, sales, costOf, lots, deposits);
  await insertLinePromotions(tx, sales);
  const accounts = await loadAccountMap(tx);
  const moves = stockSales.flatMap((s) => movesFor(s, catalog, locations.get(s.siteId) as SiteLocations, lots));
  await recordMoves(tx, moves);
  const postingCtx = { accounts, isCashTender: (m: string) => catalog.cashTenders.has(m), costOf };
  const saleEntries = await insertEntries(tx, sales.map((sale) => ({
    header: { kind: sale.kind, eventId: sale.id, siteId: sale.siteId, tillId: sale.tillId, ...(foreign.has(sale.id) ? {} : { sessionId: sale.sessionId }), entryDate: sale.createdAt, memo: `receipt ${sale.receiptNo}` },
    lines: postSale(sale, postingCtx, pointsPostingOf(valuePlans.get(sale.id) ?? []), deposits.get(sale.id)),
  })));
  await queueSalesAggregates(tx, sales.map((s) => s.id));

  // Everything above reads or inserts new rows (projections, stock moves, journal entries and
  // lines) and runs concurrently with other pushes. From here on shared rows change (quants,
  // sessions, balances) and the chain checks must see every sale committed before
  // them: serialise on the feed lock (feed/publish.ts lockFeed), and keep this part short.
  await lockFeed(tx);
  for (const [id, list] of await releaseSoldReservations(tx, moves)) add(id, list);
  const below = await applyQuantDeltas(tx, moves);
  for (const [id, list] of negativeStock(sales, moves, below, catalog)) add(id, list);
  for (const [id, list] of await bookSaleSerials(tx, stockSales, catalog, lots, locations)) add(id, list);
  for (const [id, list] of await applyPickupHandovers(tx, sales, locations)) add(id, list);
  for (const [id, list] of await applyCustomerOrders(tx, sales)) add(id, list);
  for (const [id, list] of await refundCustomerOrders(tx, sales, tillOrders)) add(id, list);
  for (const [id, list] of await applyOrderReturns(tx, sales)) add(id, list);
  for (const [id, list] of await recordCouponUses(tx, sales)) add(id, list);
  for (const [id, list] of await applySaleValue(tx, sales, valuePlans, valueCtx)) add(id, list);

  const sessions = await addSalesToSessions(tx, sales.filter((s) => !foreign.has(s.id)), postingCtx);
  for (const [id, p] of sessions.late) add(id, [p]);
  const adjustments = await insertEntries(tx, sessions.adjustments);
  await addToBalances(tx, [...saleEntries.deltas, ...adjustments.deltas]);

  await checkChainBatch(tx, sales, ctx.problemsChanged);
  for (const [tillId, sessionIds] of cashSessionsByTill(sales.filter((s) => !foreign.has(s.id)))) await settleCashOuts(tx, tillId, sessionIds, ctx.problemsChanged);
  for (const sale of sales) {
    if (sale.kind === 'return') add(sale.id, await checkReturns(tx, sale));
  }
  await recheckReturnsOf(tx, sales.filter((s) => s.kind === 'sale'), ctx.problemsChanged);
  for (const sale of sales) {
    // A collected order's invoice is the order's (pickup-handover.ts); a returned order's credit note too (order-return.ts);
    // and a refunded customer order's (customer-order-refund.ts): units cancelled are credited against the order's
    // invoice when it was invoiced on order (never invoiced otherwise), delivered units returned against its invoice.
    // The till credits only the rest.
    if (sale.kind === 'sale' && sale.invoiceRequested && !sale.pickup) await issueSaleDocument(tx, sale, taxOf(sale));
    if (sale.kind !== 'return' || sale.returnOfOrder) continue;
    const ofOrders = new Set([...(deposits.get(sale.id) ?? []), ...(tillOrders.returns.get(sale.id) ?? []).map((l) => l.lineId)]);
    const own = ofOrders.size > 0 ? { ...sale, lines: sale.lines.filter((l) => !ofOrders.has(l.lineId)) } : sale;
    if (own === sale) await issueSaleDocument(tx, sale, taxOf(sale));
    else if (own.lines.length > 0) await issueSaleDocument(tx, { ...own, total: own.lines.reduce((a, l) => a + l.total, 0) }, taxOf(own));
  }
  return problems;
}

export async function applySale(tx: Tx, sale: Sale, ctx: ApplyContext = {}): Promise<Problem[]> {
  return (await applySales(tx, [sale], ctx)).get(sale.id) ?? [];
}

/** Sessions (per till) whose drawer these sales put cash into: they may settle a cash-out flagged below zero. */
function cashSessionsByTill(sales: readonly Sale[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of sales) {
    if (s.kind !== 'sale' || s.payments.every((p) => p.amount <= 0)) continue;
    out.set(s.tillId, [...(out.get(s.tillId) ?? []), s.sessionId]);
  }
  return out;
}
