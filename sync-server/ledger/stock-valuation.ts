// Keeps the inventory account equal to the value of stock at cost for stock that changes
// outside sales: the opening stock of a new database (seed, imports) and count adjustments.
// Value = quantity × the product's moving-average cost, rounded per move (half away from zero).
import type { Tx } from '../db/db.ts';
import { multiplyMinor } from '../../shared/money/index.ts';
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

/**
 * Books count adjustments: stock found (from the inventory-loss location) raises inventory,
 * stock lost lowers it, against the inventory-adjustment account.
 */
export async function postCountAdjustment(tx: Tx, eventId: string, siteId: string, at: string, moves: readonly MoveInput[], lossLocationId: string): Promise<void> {
  if (moves.length === 0) return;
  const costs = new Map(
    (await tx.query<{ id: string; cost: string }>('SELECT id, cost FROM products WHERE id = ANY($1::text[])', [[...new Set(moves.map((m) => m.productId))]])).map((p) => [p.id, Number(p.cost)]),
  );
  const accounts = await loadAccountMap(tx);
  const lines: JournalLine[] = [];
  for (const m of moves) {
    const value = multiplyMinor(costs.get(m.productId) ?? 0, m.qty, 'adjustment value');
    const signed = m.fromLocationId === lossLocationId ? value : -value;
    lines.push(debitSigned(accounts.inventory, signed, { memo: `count ${m.productId}` }));
    lines.push(creditSigned(accounts.inventory_adjustment, signed, { memo: `count ${m.productId}` }));
  }
  await writeEntry(tx, { kind: 'adjustment', eventId, siteId, entryDate: at, memo: 'inventory count' }, lines);
}
