// Inventory counts: the counted quantity replaces on-hand at the location. The difference is
// booked as stock moves to or from the site's inventory-loss location, in the event's
// transaction. Unknown products and missing lots become exceptions (the count still happened);
// a location outside the device's site is refused.
// Approval of adjustments above a value threshold comes with the warehouse issue (issue 6).
import type { Problem } from '../../../shared/schemas/common.ts';
import type { StockCount } from '../../../shared/schemas/stock-count.ts';
import type { Tx } from '../../db/db.ts';
import { postCountAdjustment } from '../../ledger/stock-valuation.ts';
import { applyMoves, lockedOnHand, type MoveInput } from '../../stock/moves.ts';
import { RejectEventError } from '../errors.ts';

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

export async function applyCount(tx: Tx, count: StockCount): Promise<Problem[]> {
  const [loc] = await tx.query<{ site_id: string; usage: string }>('SELECT site_id, usage FROM locations WHERE id = $1', [count.locationId]);
  if (!loc || loc.site_id !== count.siteId) throw new RejectEventError('unauthorized_location', `location ${count.locationId} is not in site ${count.siteId}`);
  if (loc.usage !== 'internal') throw new RejectEventError('not_internal_location', `location ${count.locationId} does not hold stock`);
  const [loss] = await tx.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'inventory_loss'`, [count.siteId]);
  if (!loss) throw new Error(`site ${count.siteId} has no inventory-loss location`);

  // Same product and lot counted twice in one count: the counts add up.
  const totals = new Map<string, { productId: string; lot: string; counted: number }>();
  for (const line of count.lines) {
    const key = `${line.productId}|${line.lot ?? ''}`;
    const t = totals.get(key) ?? { productId: line.productId, lot: line.lot ?? '', counted: 0 };
    t.counted += line.counted;
    totals.set(key, t);
  }
  // Lock quants in a fixed order so concurrent counts cannot deadlock.
  const lines = [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, t]) => t);
  const productIds = [...new Set(lines.map((l) => l.productId))];
  const products = new Map(
    (await tx.query<{ id: string; tracking: string }>('SELECT id, tracking FROM products WHERE id = ANY($1::text[])', [productIds])).map((p) => [p.id, p.tracking]),
  );

  const problems: Problem[] = [];
  const moves: MoveInput[] = [];
  for (const line of lines) {
    const tracking = products.get(line.productId);
    if (tracking === undefined) {
      problems.push({ code: 'unknown_product', message: `counted product ${line.productId} is not in the catalog; not adjusted`, severity: 'warning' });
      continue;
    }
    if (tracking !== 'none' && line.lot === '') {
      problems.push({ code: 'lot_required', message: `product ${line.productId} is ${tracking}-tracked: count it per lot; not adjusted`, severity: 'warning' });
      continue;
    }
    const onHand = await lockedOnHand(tx, line.productId, count.locationId, line.lot);
    const diff = round4(line.counted - onHand);
    if (diff === 0) continue;
    const common = { productId: line.productId, qty: Math.abs(diff), reason: 'count' as const, eventId: count.id, ...(line.lot ? { lot: line.lot } : {}) };
    moves.push(diff > 0 ? { ...common, fromLocationId: loss.id, toLocationId: count.locationId } : { ...common, fromLocationId: count.locationId, toLocationId: loss.id });
  }
  await applyMoves(tx, moves);
  await postCountAdjustment(tx, count.id, count.siteId, count.createdAt, moves, loss.id);
  return problems;
}
