// Applying a till sale or return on the server, in the transaction that stores the event:
// projections (pos_sales, lines, session totals), stock moves, the journal entry, documents
// (invoice / credit note), and every check that turns a mismatch into an exception. A real sale
// is never refused: whatever is wrong with it is recorded and it is applied all the same.
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { applyMoves, type MoveInput } from '../stock/moves.ts';
import { loadAccountMap, writeEntry } from '../ledger/journal-store.ts';
import { lineCost, postSale } from '../ledger/sale-posting.ts';
import { recordSaleAggregates } from '../reports/aggregates.ts';
import { loadPosCatalog, type PosCatalog } from './catalog-lookup.ts';
import { checkChain } from './chain-checks.ts';
import { issueSaleDocument } from './documents.ts';
import type { ProblemsChanged } from './problems-store.ts';
import { checkReturns, recheckReturnsOf } from './return-checks.ts';
import { addToSession, ensureSession } from './session-store.ts';
import { siteLocations } from './site-locations.ts';
import { verifySale } from './verify-sale.ts';

export interface ApplyContext {
  deviceId: string;
  siteId: string;
  /** Refreshes acks of other events whose problems changed (installed by the event framework). */
  problemsChanged?: ProblemsChanged;
  /** Allowed unit-price deviation from the catalog, percent (default 0.5). */
  priceTolerancePercent?: number;
}

function movesFor(sale: Sale, catalog: PosCatalog, loc: { stock: string; customer: string; scrap: string }): MoveInput[] {
  const moves: MoveInput[] = [];
  for (const line of sale.lines) {
    if (!catalog.products.has(line.productId) || line.qty === 0) continue;
    const base = { productId: line.productId, qty: Math.abs(line.qty), eventId: sale.id, ...(line.lot ? { lot: line.lot } : {}) };
    if (line.qty > 0) moves.push({ ...base, fromLocationId: loc.stock, toLocationId: loc.customer, reason: 'sale' });
    else if (line.restock === false) moves.push({ ...base, fromLocationId: loc.customer, toLocationId: loc.scrap, reason: 'return' });
    else moves.push({ ...base, fromLocationId: loc.customer, toLocationId: loc.stock, reason: 'return' });
  }
  return moves;
}

async function negativeStock(tx: Tx, sale: Sale, stockLocation: string): Promise<Problem[]> {
  const sold = sale.lines.filter((l) => l.qty > 0);
  if (sold.length === 0) return [];
  const rows = await tx.query<{ product_id: string; lot: string; on_hand: string }>(
    `SELECT product_id, lot, on_hand FROM quants WHERE location_id = $1 AND product_id = ANY($2::text[]) AND on_hand < 0`,
    [stockLocation, sold.map((l) => l.productId)],
  );
  return rows.map((r) => ({
    code: 'negative_stock',
    severity: 'warning' as const,
    message: `receipt ${sale.receiptNo}: ${r.product_id}${r.lot ? ` lot ${r.lot}` : ''} is now at ${Number(r.on_hand)} in the store — stock was short`,
  }));
}

export async function applySale(tx: Tx, sale: Sale, ctx: ApplyContext): Promise<Problem[]> {
  const catalog = await loadPosCatalog(tx, sale.lines.map((l) => l.productId));
  const problems: Problem[] = verifySale(sale, {
    product: (id) => catalog.products.get(id),
    isCompound: (taxId) => catalog.compoundTaxes.has(taxId),
    priceTolerancePercent: ctx.priceTolerancePercent ?? 0.5,
  });
  const costOf = (id: string): number | undefined => catalog.products.get(id)?.cost;
  const tax = sale.lines.reduce((a, l) => a + l.taxes.reduce((b, t) => b + t.amount, 0), 0);
  const cost = sale.lines.reduce((a, l) => a + lineCost(sale, l, costOf(l.productId)), 0);

  await ensureSession(tx, { sessionId: sale.sessionId, tillId: sale.tillId, siteId: sale.siteId, cashierId: sale.cashierId });
  await tx.query(
    `INSERT INTO pos_sales (id, kind, till_id, site_id, session_id, cashier_id, customer_id, seq, receipt_no, prev_hash, hash, total, tax, cost, created_at, return_of_sale_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [sale.id, sale.kind, sale.tillId, sale.siteId, sale.sessionId, sale.cashierId, sale.customerId ?? null, sale.seq, sale.receiptNo,
      sale.prevHash, sale.hash, sale.total, tax, cost, sale.createdAt, sale.returnOfSaleId ?? null],
  );
  const lineRows = sale.lines.map((l) => ({
    line_id: l.lineId, product_id: l.productId, qty: l.qty, unit_price: l.unitPrice, discount: l.discount, total: l.total,
    tax: l.taxes.reduce((a, t) => a + t.amount, 0), cost: lineCost(sale, l, costOf(l.productId)),
    ros: l.returnOf?.saleId ?? null, rol: l.returnOf?.lineId ?? null,
  }));
  await tx.query(
    `INSERT INTO pos_sale_lines (sale_id, line_id, product_id, qty, unit_price, discount, total, tax, cost, return_of_sale_id, return_of_line_id)
     SELECT $1, line_id, product_id, qty, unit_price, discount, total, tax, cost, ros, rol
     FROM jsonb_to_recordset($2::jsonb) AS r(line_id text, product_id text, qty numeric, unit_price bigint, discount bigint, total bigint, tax bigint, cost bigint, ros text, rol text)
     ON CONFLICT (sale_id, line_id) DO NOTHING`,
    [sale.id, JSON.stringify(lineRows)],
  );

  const loc = await siteLocations(tx, sale.siteId);
  await applyMoves(tx, movesFor(sale, catalog, loc));
  problems.push(...(await negativeStock(tx, sale, loc.stock)));

  const accounts = await loadAccountMap(tx);
  const postingCtx = { accounts, isCashTender: (m: string) => catalog.cashTenders.has(m), costOf };
  await writeEntry(
    tx,
    { kind: sale.kind, eventId: sale.id, siteId: sale.siteId, tillId: sale.tillId, sessionId: sale.sessionId, entryDate: sale.createdAt, memo: `receipt ${sale.receiptNo}` },
    postSale(sale, postingCtx),
  );

  const discount = sale.lines.reduce((a, l) => a + l.discount, 0);
  const late = await addToSession(tx, sale, { tax, discount }, postingCtx);
  if (late) problems.push(late);

  await checkChain(tx, sale, ctx.problemsChanged);
  if (sale.kind === 'return') problems.push(...(await checkReturns(tx, sale)));
  else await recheckReturnsOf(tx, sale, ctx.problemsChanged);
  await issueSaleDocument(tx, sale, tax);
  await recordSaleAggregates(tx, sale);
  return problems;
}
