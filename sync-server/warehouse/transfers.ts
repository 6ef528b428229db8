// Internal transfers and count tasks, made by managers for the scanner stations. A transfer is
// reserved FEFO at (or below) its source location so the goods are not sold meanwhile; a count
// task lists the quants of a location with their expected quantities, and its validation is an
// inventory count (counting.ts: threshold, approval, shortages).
import type { PickingEvent } from '../../shared/schemas/picking-event.ts';
import type { Db } from '../db/db.ts';
import { adjustToCounted } from './counting.ts';
import { round4, WarehouseError } from './errors.ts';
import { allocatePicking, createPicking, pickingLines, type PickingRow, setState } from './pickings.ts';
import { warehouseByCode } from './sites.ts';
import { publishTouched, WorkContext } from './work-context.ts';

export interface TransferRequest {
  warehouse: string;
  /** `lot`: move that lot only (reserved at or below the source); without it, FEFO chooses. */
  lines: { productId: string; qty: number; fromLocationId: string; toLocationId: string; lot?: string }[];
}

async function checkInternal(ctx: WorkContext, siteId: string, ids: readonly string[]): Promise<void> {
  const rows = await ctx.tx.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'internal' AND id = ANY($2::text[])`, [siteId, [...new Set(ids)]]);
  if (rows.length !== new Set(ids).size) throw new WarehouseError('unknown_location', 'every location must be an internal location of the warehouse');
}

export async function createTransfer(db: Db, req: TransferRequest): Promise<{ pickingId: string; backorderId: string | null }> {
  if (req.lines.length === 0 || req.lines.some((l) => !(l.qty > 0) || l.fromLocationId === l.toLocationId)) throw new WarehouseError('bad_request', 'transfer lines need qty > 0 and two different locations');
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const ctx = new WorkContext(tx);
    const w = await warehouseByCode(tx, req.warehouse);
    await checkInternal(ctx, w.siteId, req.lines.flatMap((l) => [l.fromLocationId, l.toLocationId]));
    const id = await createPicking(ctx, { kind: 'transfer', step: 'transfer', siteId: w.siteId, state: 'waiting' },
      req.lines.map((l) => ({ productId: l.productId, qty: l.qty, fromLocationId: l.fromLocationId, toLocationId: l.toLocationId, ...(l.lot ? { lot: l.lot } : {}) })));
    const backorderId = await allocatePicking(ctx, id);
    await publishTouched(ctx);
    return { pickingId: id, backorderId: backorderId === id ? null : backorderId };
  });
}

export async function createCountTask(db: Db, warehouse: string, locationId: string): Promise<{ pickingId: string }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const ctx = new WorkContext(tx);
    const w = await warehouseByCode(tx, warehouse);
    await checkInternal(ctx, w.siteId, [locationId]);
    const quants = await tx.query<{ product_id: string; lot: string; expiry: string | null; on_hand: number }>(
      `SELECT product_id, lot, to_char(expiry, 'YYYY-MM-DD') AS expiry, on_hand FROM quants WHERE location_id = $1 AND on_hand <> 0 ORDER BY product_id, lot`,
      [locationId],
    );
    const id = await createPicking(ctx, { kind: 'count', step: 'count', siteId: w.siteId, state: 'ready', locationId },
      quants.map((q) => ({ productId: q.product_id, qty: Math.max(0, Number(q.on_hand)), fromLocationId: locationId, toLocationId: locationId, lot: q.lot, expiry: q.expiry })));
    await publishTouched(ctx);
    return { pickingId: id };
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
