// Inventory counts: the counted quantity replaces on-hand at the location. The difference is
// booked as stock moves to or from the site's inventory-loss location, in the event's
// transaction. Unknown products and missing lots become exceptions (the count still happened);
// a location outside the device's site is refused.
// Issue 6: the adjustment goes through warehouse/counting.ts — above the value threshold it waits
// for a manager's approval (exception 'count_pending_approval'); units that turn out missing
// release the reservations they held ('stock_missing'); found units serve waiting orders.
import type { Problem } from '../../../shared/schemas/common.ts';
import type { StockCount } from '../../../shared/schemas/stock-count.ts';
import type { Tx } from '../../db/db.ts';
import { adjustToCounted } from '../../warehouse/counting.ts';
import { fillWaiting } from '../../warehouse/pickings.ts';
import { publishTouched, WorkContext } from '../../warehouse/work-context.ts';
import { RejectEventError } from '../errors.ts';

export async function applyCount(tx: Tx, count: StockCount): Promise<Problem[]> {
  const [loc] = await tx.query<{ site_id: string; usage: string }>('SELECT site_id, usage FROM locations WHERE id = $1', [count.locationId]);
  if (!loc || loc.site_id !== count.siteId) throw new RejectEventError('unauthorized_location', `location ${count.locationId} is not in site ${count.siteId}`);
  if (loc.usage !== 'internal') throw new RejectEventError('not_internal_location', `location ${count.locationId} does not hold stock`);

  // Same product and lot counted twice in one count: the counts add up.
  const totals = new Map<string, { productId: string; lot: string; counted: number }>();
  for (const line of count.lines) {
    const key = `${line.productId}|${line.lot ?? ''}`;
    const t = totals.get(key) ?? { productId: line.productId, lot: line.lot ?? '', counted: 0 };
    t.counted += line.counted;
    totals.set(key, t);
  }
  const lines = [...totals.values()];
  const productIds = [...new Set(lines.map((l) => l.productId))];
  const products = new Map(
    (await tx.query<{ id: string; tracking: string }>('SELECT id, tracking FROM products WHERE id = ANY($1::text[])', [productIds])).map((p) => [p.id, p.tracking]),
  );

  const problems: Problem[] = [];
  const kept = lines.filter((line) => {
    const tracking = products.get(line.productId);
    if (tracking === undefined) {
      problems.push({ code: 'unknown_product', message: `counted product ${line.productId} is not in the catalog; not adjusted`, severity: 'warning' });
      return false;
    }
    if (tracking !== 'none' && line.lot === '') {
      problems.push({ code: 'lot_required', message: `product ${line.productId} is ${tracking}-tracked: count it per lot; not adjusted`, severity: 'warning' });
      return false;
    }
    return true;
  });
  const work = new WorkContext(tx);
  await adjustToCounted(work, { siteId: count.siteId, locationId: count.locationId, eventId: count.id, lines: kept });
  await fillWaiting(work);
  await publishTouched(work);
  return [...problems, ...work.problems];
}
