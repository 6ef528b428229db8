// Receiving a ready receipt in full from the back office — a purchase order's goods, or a transfer
// arriving at a site where no scanner station works (a store). It is the station's validation with
// every line as expected (lots and expiry dates as the line carries them), under an operation id
// that groups its stock moves and journal entry like an event id. Goods that need a lot or serial
// scanned are left to a station.
import { v7 as uuidv7 } from 'uuid';
import type { Received } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { PickingEvent } from '../../shared/schemas/picking-event.ts';
import type { Db } from '../db/db.ts';
import { WarehouseError } from './errors.ts';
import { followValidation } from './picking-events.ts';
import { lockPicking, pickingLines } from './pickings.ts';
import { validateReceipt } from './purchase.ts';
import { publishTouched, WorkContext } from './work-context.ts';

export async function receiveInFull(db: Db, pickingId: string, userId: string, now = new Date()): Promise<Received> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const picking = await lockPicking(tx, pickingId);
    if (!picking || picking.kind !== 'receipt') throw new WarehouseError('unknown_picking', `There is no receipt ${pickingId}.`);
    if (picking.state === 'done' || picking.state === 'cancelled') throw new WarehouseError('picking_closed', `${picking.reference} is already ${picking.state === 'done' ? 'received' : 'cancelled'}.`);
    if (picking.state === 'in_progress') throw new WarehouseError('picking_busy', `${picking.reference} is being received by a scanner station; let it finish there.`);
    const lines = (await pickingLines(tx, picking.id)).filter((l) => l.qty - l.done_qty > 0);
    const tracked = await tx.query<{ id: string; name: string; tracking: string }>(`SELECT id, name, tracking FROM products WHERE id = ANY($1::text[]) AND tracking <> 'none'`, [lines.map((l) => l.product_id)]);
    const needsScan = lines.filter((l) => tracked.some((t) => t.id === l.product_id && (t.tracking === 'serial' || l.lot === '')));
    if (needsScan.length > 0) {
      const names = [...new Set(needsScan.map((l) => tracked.find((t) => t.id === l.product_id)?.name ?? l.product_id))];
      throw new WarehouseError('needs_scanning', `${picking.reference} holds goods whose lot or serial number must be scanned (${names.join(', ')}): receive it with a scanner station.`);
    }
    const ctx = new WorkContext(tx, now);
    const ev: PickingEvent = {
      id: uuidv7(), kind: 'validate', pickingId, deviceId: '', siteId: picking.site_id, userId, createdAt: now.toISOString(), backorder: false,
      lines: lines.map((l) => ({
        lineId: l.id, productId: l.product_id, qty: l.qty - l.done_qty, fromLocationId: l.from_location_id, toLocationId: l.to_location_id,
        ...(l.lot ? { lot: l.lot } : {}), ...(l.expiry ? { expiry: l.expiry } : {}),
      })),
    };
    await validateReceipt(ctx, picking, ev);
    await followValidation(ctx, picking.id);
    await publishTouched(ctx);
    return { pickingId, reference: picking.reference, state: 'done', problems: ctx.problems };
  });
}
