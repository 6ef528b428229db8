// Waiting work offered stock it missed (docs/warehouse.md "Waiting pickings and stock that arrived
// meanwhile"). Stock that grows offers itself to the pickings waiting for it in the same
// transaction (fillWaiting), and an order takes the quants it can see. One interleaving escapes
// both: an order locks the quants of its products that exist, so a receipt, count or arrival that
// creates a *new* quant of the same product at the same site is not held up by it; if the order
// then waits for the product and commits after the receipt looked for waiting work, neither saw
// the other, and the order would wait although the stock is on the shelf. Every process therefore
// looks, every `intervalMs`, for waiting lines whose site has free stock they could take — free,
// not expired, of the line's lot if it names one, under the line's source location — and offers it
// as a receipt would (oldest waiting work first). A line whose stock is elsewhere is not a
// candidate, so a sweep with nothing to do writes nothing.
import type { Db } from '../db/db.ts';
import { lockFeed } from '../feed/publish.ts';
import { fillWaiting } from './pickings.ts';
import { publishTouched, WorkContext } from './work-context.ts';

/**
 * (site, product) pairs whose waiting lines could take free stock at `$1` (the date FEFO counts
 * from). Read by key only, as it runs in every process every 30 s: the waiting pickings from their
 * partial index, each one's lines by picking (the LATERAL with OFFSET 0 keeps PostgreSQL from
 * joining every picking line of every state by a whole-table scan: the reservation bench read
 * ≈ 10 rows per order that way), the quants by product.
 */
const CANDIDATES = `
  SELECT DISTINCT p.site_id, l.product_id
  FROM pickings p
  CROSS JOIN LATERAL (
    SELECT l.product_id, l.lot, l.from_location_id FROM picking_lines l
    WHERE l.picking_id = p.id AND NOT l.reserved AND l.qty > 0 OFFSET 0) l
  JOIN locations src ON src.id = l.from_location_id
  WHERE p.state = 'waiting'
    AND EXISTS (
      SELECT 1 FROM quants q JOIN locations ql ON ql.id = q.location_id
      WHERE q.product_id = l.product_id AND ql.site_id = p.site_id AND ql.usage = 'internal'
        AND q.on_hand - q.reserved > 0
        AND (l.lot = '' OR q.lot = l.lot)
        AND (q.expiry IS NULL OR q.expiry >= $1::date)
        AND (q.location_id = l.from_location_id OR starts_with(ql.full_name, src.full_name || '/')))
  ORDER BY p.site_id, l.product_id
  LIMIT $2`;

/**
 * Offers free stock to the waiting pickings that could take it, one transaction per site; returns
 * how many (site, product) pairs were offered. Several processes may run it at once: each offer
 * runs under the feed lock and allocatePicking re-reads the picking and its quants under their locks.
 */
export async function offerStockToWaiting(db: Db, now: Date, limit = 200): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const rows = await db.query<{ site_id: string; product_id: string }>(CANDIDATES, [today, limit]);
  const bySite = new Map<string, string[]>();
  for (const r of rows) bySite.set(r.site_id, [...(bySite.get(r.site_id) ?? []), r.product_id]);
  for (const [siteId, products] of bySite) {
    await db.transaction(async (tx) => {
      await lockFeed(tx);
      const ctx = new WorkContext(tx, now);
      for (const productId of products) ctx.free(siteId, productId);
      await fillWaiting(ctx);
      await publishTouched(ctx);
    });
  }
  return rows.length;
}
