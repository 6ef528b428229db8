// Count tasks, made by managers for the scanner stations: the quants of chosen locations, of
// chosen products (wherever the warehouse holds them), or of both, with their expected
// quantities. A task is blind (the station hides what the books expect) unless it says otherwise,
// fixed when it is made from the warehouse's setting or the manager's choice. Its validation is an
// inventory count (counting.ts: threshold, approval, shortages).
import type { CountTaskBody, CountTaskMade } from '../../shared/admin-api/warehouse-moves.ts';
import type { PickingEvent } from '../../shared/schemas/picking-event.ts';
import type { Db } from '../db/db.ts';
import { adjustToCounted } from './counting.ts';
import { round4, WarehouseError } from './errors.ts';
import { createPicking, pickingLines, type PickingRow, setState } from './pickings.ts';
import { warehouseByCode } from './sites.ts';
import { checkInternal } from './transfers.ts';
import { publishTouched, WorkContext } from './work-context.ts';

export async function createCountTask(db: Db, req: CountTaskBody): Promise<CountTaskMade> {
  const locationIds = [...new Set([...(req.locationId ? [req.locationId] : []), ...(req.locationIds ?? [])])];
  const productIds = req.productIds ? [...new Set(req.productIds)] : null;
  if (locationIds.length === 0 && !productIds) throw new WarehouseError('bad_request', 'Choose the locations or the products to count.');
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const ctx = new WorkContext(tx);
    const w = await warehouseByCode(tx, req.warehouse);
    if (locationIds.length > 0) await checkInternal(tx, w.siteId, locationIds);
    if (productIds) {
      const known = await tx.query<{ id: string }>('SELECT id FROM products WHERE id = ANY($1::text[])', [productIds]);
      if (known.length !== productIds.length) throw new WarehouseError('unknown_product', 'A product to count is not in the catalog.');
    }
    const quants = await tx.query<{ product_id: string; location_id: string; lot: string; expiry: string | null; on_hand: string }>(
      `SELECT q.product_id, q.location_id, q.lot, to_char(q.expiry, 'YYYY-MM-DD') AS expiry, q.on_hand
       FROM quants q JOIN locations l ON l.id = q.location_id
       WHERE l.site_id = $1 AND l.usage = 'internal' AND q.on_hand <> 0
         AND ($2::text[] IS NULL OR q.location_id = ANY($2::text[])) AND ($3::text[] IS NULL OR q.product_id = ANY($3::text[]))
       ORDER BY l.full_name, q.product_id, q.lot`,
      [w.siteId, locationIds.length > 0 ? locationIds : null, productIds],
    );
    // An empty location is worth counting (the picker reports what is found); products nowhere in stock are not.
    if (quants.length === 0 && productIds) {
      throw new WarehouseError('nothing_to_count', `None of these products is in stock ${locationIds.length > 0 ? 'at the chosen locations' : `in ${req.warehouse}`}: count their locations instead to find them.`);
    }
    const [site] = await tx.query<{ count_shows_expected: boolean }>('SELECT count_shows_expected FROM sites WHERE id = $1', [w.siteId]);
    const showsExpected = req.blind === undefined ? site?.count_shows_expected === true : !req.blind;
    const id = await createPicking(ctx, {
      kind: 'count', step: 'count', siteId: w.siteId, state: 'ready', countShowsExpected: showsExpected,
      ...(locationIds.length === 1 && locationIds[0] ? { locationId: locationIds[0] } : {}),
    }, quants.map((q) => ({ productId: q.product_id, qty: Math.max(0, Number(q.on_hand)), fromLocationId: q.location_id, toLocationId: q.location_id, lot: q.lot, expiry: q.expiry })));
    const [made] = await tx.query<{ reference: string }>('SELECT reference FROM pickings WHERE id = $1', [id]);
    await publishTouched(ctx);
    return { pickingId: id, reference: made?.reference ?? '', lines: quants.length, blind: !showsExpected };
  });
}

/** Validate of a count task: each entry is a counted quantity (lineId of a listed quant, or a new product found). */
export async function validateCountTask(ctx: WorkContext, picking: PickingRow, ev: PickingEvent): Promise<void> {
  const lines = new Map((await pickingLines(ctx.tx, picking.id)).map((l) => [l.id, l]));
  const byLocation = new Map<string, Map<string, { productId: string; lot: string; counted: number }>>();
  for (const e of ev.lines ?? []) {
    const known = lines.get(e.lineId);
    const location = known?.from_location_id ?? e.fromLocationId;
    const lot = e.lot ?? known?.lot ?? '';
    const key = `${e.productId}|${lot}`;
    const at = byLocation.get(location) ?? new Map<string, { productId: string; lot: string; counted: number }>();
    const t = at.get(key) ?? { productId: e.productId, lot, counted: 0 };
    t.counted = round4(t.counted + e.qty);
    at.set(key, t);
    byLocation.set(location, at);
  }
  for (const [locationId, counted] of byLocation) {
    const ok = await ctx.tx.query(`SELECT 1 FROM locations WHERE id = $1 AND site_id = $2 AND usage = 'internal'`, [locationId, picking.site_id]);
    if (ok.length === 0) {
      ctx.problems.push({ code: 'unknown_location', message: `location ${locationId} does not hold stock at this site; its counts were ignored`, severity: 'warning' });
      continue;
    }
    await adjustToCounted(ctx, { siteId: picking.site_id, locationId, eventId: ev.id, lines: [...counted.values()] });
  }
  await setState(ctx, picking.id, 'done', ev.id);
}
