// Keeps the inventory account equal to the value of stock at cost for stock that changes
// outside sales: the opening stock of a new database (seed, imports), count adjustments and
// supplier receipts (which also move the moving-average cost).
// Value = quantity × the product's moving-average cost, rounded per move (half away from zero).
import type { Tx } from '../db/db.ts';
import { multiplyMinor } from '../../shared/money/index.ts';
import { publishQuery } from '../feed/publish.ts';
import type { MoveInput } from '../stock/moves.ts';
import { loadAccountMap, writeEntry } from './journal-store.ts';
import { creditSigned, debitSigned, type JournalLine } from './journal.ts';

/** Books all stock on hand in internal locations as opening inventory (run once, after seeding). */
export async function postOpeningStock(tx: Tx, siteId: string | null, at: Date = new Date()): Promise<number> {
  const [row] = await tx.query<{ value: string | null }>(
    `SELECT sum(round(q.on_hand * p.cost)) AS value
     FROM quants q JOIN products p ON p.id = q.product_id JOIN locations l ON l.id = q.location_id
     WHERE l.usage = 'internal' AND ($1::text IS NULL OR l.site_id = $1)`,
    [siteId],
  );
  const value = Number(row?.value ?? 0);
  const accounts = await loadAccountMap(tx);
  await writeEntry(tx, { kind: 'opening', entryDate: at.toISOString(), memo: 'opening stock at cost', ...(siteId ? { siteId } : {}) }, [
    debitSigned(accounts.inventory, value),
    creditSigned(accounts.opening_balance, value),
  ]);
  return value;
}

/** How a journal memo names a product: people read SKU and name, not the id. */
function productLabel(p: { sku: string; name: string }): string {
  return `${p.sku} ${p.name}`;
}

/**
 * Books count adjustments: stock found (from the inventory-loss location) raises inventory,
 * stock lost lowers it, against the inventory-adjustment account.
 */
export async function postCountAdjustment(tx: Tx, eventId: string, siteId: string, at: string, moves: readonly MoveInput[], lossLocationId: string): Promise<void> {
  if (moves.length === 0) return;
  const products = new Map(
    (await tx.query<{ id: string; cost: string; sku: string; name: string }>('SELECT id, cost, sku, name FROM products WHERE id = ANY($1::text[])', [[...new Set(moves.map((m) => m.productId))]]))
      .map((p) => [p.id, { cost: Number(p.cost), label: productLabel(p) }]),
  );
  const accounts = await loadAccountMap(tx);
  const lines: JournalLine[] = [];
  for (const m of moves) {
    const product = products.get(m.productId);
    const value = multiplyMinor(product?.cost ?? 0, m.qty, 'adjustment value');
    const signed = m.fromLocationId === lossLocationId ? value : -value;
    const memo = `count ${product?.label ?? m.productId}`;
    lines.push(debitSigned(accounts.inventory, signed, { memo }));
    lines.push(creditSigned(accounts.inventory_adjustment, signed, { memo }));
  }
  await writeEntry(tx, { kind: 'adjustment', eventId, siteId, entryDate: at, memo: 'inventory count' }, lines);
}

export interface ReceivedItem {
  productId: string;
  qty: number;
  /** Purchase price per unit, minor units; the product's current cost when the receipt has none. */
  unitCost?: number;
}

/**
 * Books goods received from a supplier (Dr inventory / Cr accounts payable at the purchase price)
 * and moves each product's moving-average cost. Call after the receipt's stock moves. The
 * product-wide revaluation that rounding leaves goes to inventory adjustments, so the inventory
 * account keeps equal to Σ on hand × cost.
 */
export async function postReceipt(tx: Tx, eventId: string, siteId: string, at: string, items: readonly ReceivedItem[]): Promise<void> {
  if (items.length === 0) return;
  const rows = await tx.query<{ id: string; cost: string; sku: string; name: string; on_hand: string | null }>(
    `SELECT p.id, p.cost, p.sku, p.name, (SELECT sum(q.on_hand) FROM quants q JOIN locations l ON l.id = q.location_id AND l.usage = 'internal' WHERE q.product_id = p.id) AS on_hand
     FROM products p WHERE p.id = ANY($1::text[]) ORDER BY p.id FOR UPDATE OF p`,
    [[...new Set(items.map((i) => i.productId))]],
  );
  const accounts = await loadAccountMap(tx);
  const lines: JournalLine[] = [];
  const costs: { id: string; cost: number }[] = [];
  for (const r of rows) {
    const oldCost = Number(r.cost);
    let qty = 0;
    let value = 0;
    for (const i of items.filter((x) => x.productId === r.id)) {
      qty += i.qty;
      value += multiplyMinor(i.unitCost ?? oldCost, i.qty, 'receipt value');
    }
    if (qty <= 0) continue;
    const after = Number(r.on_hand ?? 0);
    const before = after - qty;
    const newCost = before > 0 && after > 0 ? Math.round((before * oldCost + value) / after) : Math.round(value / qty);
    const revaluation = Math.round(after * newCost) - Math.round(before * oldCost) - value;
    const label = productLabel(r);
    lines.push(debitSigned(accounts.inventory, value, { memo: `receipt of ${label}` }));
    lines.push(creditSigned(accounts.payable, value, { memo: `receipt of ${label}` }));
    lines.push(debitSigned(accounts.inventory, revaluation, { memo: `average cost of ${label}` }));
    lines.push(creditSigned(accounts.inventory_adjustment, revaluation, { memo: `average cost of ${label}` }));
    if (newCost !== oldCost) costs.push({ id: r.id, cost: newCost });
  }
  await writeEntry(tx, { kind: 'adjustment', eventId, siteId, entryDate: at, memo: 'goods received' }, lines);
  if (costs.length === 0) return;
  await tx.query(
    `UPDATE products p SET cost = r.cost, updated_at = now() FROM jsonb_to_recordset($1::jsonb) AS r(id text, cost bigint) WHERE p.id = r.id`,
    [JSON.stringify(costs)],
  );
  await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs WHERE id = ANY($1::text[])`, [costs.map((c) => c.id)]);
}

/** A product whose cost a person changed (the admin API, a CSV import), with its cost before. */
export interface CostChange {
  productId: string;
  oldCost: number;
}

/**
 * Books a cost changed by hand on the stock already on hand, so that the inventory account stays
 * equal to Σ on hand × cost (what the stock report values): per site, Dr inventory / Cr inventory
 * adjustments for what the stock gained (the other way round for a lower cost). Call after the
 * products' new cost is written, in the same transaction, with the costs read under the products'
 * row locks. Receipts move the cost themselves and book their own revaluation (postReceipt).
 */
export async function postCostChanges(tx: Tx, changes: readonly CostChange[], at: string): Promise<void> {
  if (changes.length === 0) return;
  const rows = await tx.query<{ site_id: string; id: string; sku: string; name: string; old_cost: string; cost: string; on_hand: string }>(
    `SELECT l.site_id, p.id, p.sku, p.name, c.old_cost, p.cost, sum(q.on_hand) AS on_hand
     FROM jsonb_to_recordset($1::jsonb) AS c(id text, old_cost bigint)
     JOIN products p ON p.id = c.id AND p.cost <> c.old_cost
     JOIN quants q ON q.product_id = p.id JOIN locations l ON l.id = q.location_id AND l.usage = 'internal'
     GROUP BY l.site_id, p.id, p.sku, p.name, c.old_cost, p.cost
     ORDER BY l.site_id, p.sku`,
    [JSON.stringify(changes.map((c) => ({ id: c.productId, old_cost: c.oldCost })))],
  );
  const accounts = await loadAccountMap(tx);
  const bySite = new Map<string, JournalLine[]>();
  for (const r of rows) {
    const onHand = Number(r.on_hand);
    const value = Math.round(onHand * Number(r.cost)) - Math.round(onHand * Number(r.old_cost));
    if (value === 0) continue;
    const memo = `cost of ${productLabel(r)} changed (${onHand} on hand)`;
    const lines = bySite.get(r.site_id) ?? [];
    lines.push(debitSigned(accounts.inventory, value, { memo }), creditSigned(accounts.inventory_adjustment, value, { memo }));
    bySite.set(r.site_id, lines);
  }
  for (const [siteId, lines] of bySite) await writeEntry(tx, { kind: 'adjustment', siteId, entryDate: at, memo: 'cost changed' }, lines);
}
