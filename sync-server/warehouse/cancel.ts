// Cancelling warehouse work: an order's open pickings release their reservations; goods that a
// pick already moved to the pack or output area go back to stock through a reserved put-away
// transfer, so they are neither lost nor sold from the dispatch area. An order invoiced on order
// gets a credit note for what was cancelled (order-invoice.ts). Some units of some lines can be
// cancelled too (a till refund of part of an endless-aisle order): their picking lines shrink, the rest
// of the order stays open.
import { round4 } from './errors.ts';
import { creditCancelledUnits, type CreditNoteIssued } from './order-invoice.ts';
import { createPicking, pickingLines, setState } from './pickings.ts';
import { releaseReservation } from './reservation.ts';
import { warehouseLocations } from './sites.ts';
import type { WorkContext } from './work-context.ts';

export interface PutAwayItem {
  productId: string;
  locationId: string;
  lot: string;
  expiry: string | null;
  qty: number;
}

/** A ready transfer from the dispatch areas back to the stock root, holding the goods reserved. */
export async function putAway(ctx: WorkContext, siteId: string, items: readonly PutAwayItem[]): Promise<string | null> {
  const kept = items.filter((i) => i.qty > 0);
  if (kept.length === 0) return null;
  const locs = await warehouseLocations(ctx.tx, siteId);
  return createPicking(ctx, { kind: 'transfer', step: 'transfer', siteId, state: 'ready' },
    kept.map((i) => ({ productId: i.productId, qty: i.qty, fromLocationId: i.locationId, toLocationId: locs.stockId, lot: i.lot, expiry: i.expiry, reserve: true })));
}

/** Cancels one open picking; returns the goods it held in dispatch areas (to put away). */
export async function cancelPicking(ctx: WorkContext, picking: { id: string; site_id: string; previous_step?: string | null }, inDispatch: boolean): Promise<PutAwayItem[]> {
  const back: PutAwayItem[] = [];
  for (const line of await pickingLines(ctx.tx, picking.id)) {
    const released = line.reserved ? await releaseReservation(ctx, line.id) : 0;
    if (released > 0) ctx.free(picking.site_id, line.product_id);
    if (inDispatch && released > 0) back.push({ productId: line.product_id, locationId: line.from_location_id, lot: line.lot, expiry: line.expiry, qty: released });
  }
  await setState(ctx, picking.id, 'cancelled');
  return back;
}

/**
 * What a cancel gave back: the units not delivered it released, the coupon codes that may be used
 * again, and the credit note of an order invoiced on order (null: none was issued).
 */
export interface CancelOutcome {
  releasedUnits: number;
  couponsReleased: string[];
  creditNote: CreditNoteIssued | null;
}

/**
 * Cancels some units of an order's lines (`units`: order line id → units), never more than a line
 * has neither delivered nor cancelled: the open picking lines that hold them shrink — waiting ones
 * first, then those reserved on the shelf, then goods already in a dispatch area (put back to stock)
 * —, a picking left with nothing is cancelled, and the order closes when nothing of it is left open.
 * An order invoiced on order gets the credit note of those units (`refund`: the till return that
 * refunded them, whose credit note it is). Returns what each line cancelled. The caller holds the feed lock.
 */
export async function cancelOrderUnits(ctx: WorkContext, orderId: string, units: ReadonlyMap<string, number>, refund?: { saleId: string }): Promise<{ cancelled: Map<string, number>; creditNote: CreditNoteIssued | null }> {
  const { tx } = ctx;
  const cancelled = new Map<string, number>();
  const bySite = new Map<string, PutAwayItem[]>();
  for (const [orderLineId, want] of units) {
    const [ol] = await tx.query<{ open: string }>('SELECT qty - delivered - cancelled AS open FROM order_lines WHERE id = $1 AND order_id = $2 FOR UPDATE', [orderLineId, orderId]);
    const take = round4(Math.min(want, Number(ol?.open ?? 0)));
    if (take <= 0) continue;
    cancelled.set(orderLineId, take);
    let left = take;
    const held = await tx.query<{ id: string; picking_id: string; site_id: string; previous_step: string | null; product_id: string; from_location_id: string; lot: string; expiry: string | null; open: string; reserved: boolean }>(
      `SELECT l.id, l.picking_id, p.site_id, p.previous_step, l.product_id, l.from_location_id, l.lot, l.expiry, l.qty - l.done_qty AS open, l.reserved
       FROM picking_lines l JOIN pickings p ON p.id = l.picking_id
       WHERE l.order_line_id = $1 AND p.state IN ('waiting', 'ready', 'in_progress') AND l.qty > l.done_qty
       ORDER BY (p.state = 'waiting') DESC, (p.previous_step IS NULL) DESC, p.id DESC, l.id FOR UPDATE OF p, l`,
      [orderLineId],
    );
    for (const h of held) {
      if (left <= 0) break;
      const shrink = round4(Math.min(left, Number(h.open)));
      left = round4(left - shrink);
      const released = h.reserved ? await releaseReservation(ctx, h.id, shrink) : 0;
      if (released > 0) ctx.free(h.site_id, h.product_id);
      if (released > 0 && h.previous_step !== null) {
        bySite.set(h.site_id, [...(bySite.get(h.site_id) ?? []), { productId: h.product_id, locationId: h.from_location_id, lot: h.lot, expiry: h.expiry, qty: released }]);
      }
      await tx.query('UPDATE picking_lines SET qty = qty - $2 WHERE id = $1', [h.id, shrink]);
      ctx.pickings.add(h.picking_id);
      const rest = await tx.query('SELECT 1 FROM picking_lines WHERE picking_id = $1 AND qty > 0 LIMIT 1', [h.picking_id]);
      if (rest.length === 0) await setState(ctx, h.picking_id, 'cancelled');
    }
    await tx.query('UPDATE order_lines SET cancelled = cancelled + $2 WHERE id = $1', [orderLineId, take]);
  }
  for (const [siteId, items] of bySite) await putAway(ctx, siteId, items);
  // Nothing left open: the order is done when something of it was delivered, cancelled otherwise.
  await tx.query(
    `UPDATE orders o SET state = CASE WHEN EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.delivered > 0) THEN 'done' ELSE 'cancelled' END,
       cancelled_at = CASE WHEN EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.delivered > 0) THEN o.cancelled_at ELSE now() END
     WHERE o.id = $1 AND o.state = 'open' AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.delivered + l.cancelled < l.qty)`,
    [orderId],
  );
  if (cancelled.size === 0) return { cancelled, creditNote: null };
  const creditNote = await creditCancelledUnits(ctx, orderId, refund ? { eventId: refund.saleId, saleId: refund.saleId } : {});
  return { cancelled, creditNote };
}

/** Cancels an order's open work and lines; `refund`: the till return that refunded it (its credit note is the return's). */
export async function cancelOrderWork(ctx: WorkContext, orderId: string, refund?: { saleId: string }): Promise<CancelOutcome> {
  const { tx } = ctx;
  const open = await tx.query<{ id: string; site_id: string; previous_step: string | null }>(
    `SELECT id, site_id, previous_step FROM pickings WHERE order_id = $1 AND state IN ('waiting', 'ready', 'in_progress') ORDER BY id FOR UPDATE`,
    [orderId],
  );
  const bySite = new Map<string, PutAwayItem[]>();
  for (const p of open) {
    const back = await cancelPicking(ctx, p, p.previous_step !== null);
    bySite.set(p.site_id, [...(bySite.get(p.site_id) ?? []), ...back]);
  }
  for (const [siteId, items] of bySite) await putAway(ctx, siteId, items);
  // A click-and-collect order's transfers that were not picked yet are not sent (pickup-transfer.ts);
  // goods already on their way arrive as the store's stock.
  const transfers = await tx.query<{ id: string; site_id: string }>(
    `SELECT p.id, p.site_id FROM pickup_transfers t JOIN pickings p ON p.id = t.shipment_id OR p.backorder_of = t.shipment_id
     WHERE t.order_id = $1 AND p.kind = 'delivery' AND p.state IN ('waiting', 'ready') ORDER BY p.id FOR UPDATE OF p`,
    [orderId],
  );
  for (const p of transfers) await cancelPicking(ctx, p, false);
  // Nothing delivered: its coupon codes may be used again (migration 121). Read before the lines
  // below are closed; a delivered unit keeps the order's uses. Found by key (code, order) through the
  // order's own codes, not by scanning every use of every code.
  const coupons = await tx.query<{ code: string }>(
    `UPDATE coupon_uses u SET released_at = $2 FROM orders o
     WHERE o.id = $1 AND u.code = ANY(o.coupon_codes) AND u.sale_id = o.id AND u.source = 'order' AND u.released_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM order_lines WHERE order_id = $1 AND delivered > 0)
     RETURNING u.code`,
    [orderId, ctx.now.toISOString()],
  );
  // The lines are locked first, so what was cancelled before is read from the rows this update changes.
  const lines = await tx.query<{ released: string }>(
    `WITH was AS (SELECT id, cancelled FROM order_lines WHERE order_id = $1 ORDER BY id FOR UPDATE)
     UPDATE order_lines l SET cancelled = l.qty - l.delivered FROM was WHERE l.id = was.id
     RETURNING l.cancelled - was.cancelled AS released`,
    [orderId],
  );
  await tx.query(`UPDATE orders SET state = 'cancelled', cancelled_at = now() WHERE id = $1`, [orderId]);
  // Invoiced on order: what is cancelled now is given back by a credit note against that invoice.
  const creditNote = await creditCancelledUnits(ctx, orderId, refund ? { eventId: refund.saleId, saleId: refund.saleId } : {});
  return {
    creditNote, releasedUnits: lines.reduce((n, l) => n + Number(l.released), 0), couponsReleased: coupons.map((c) => c.code).sort() };
}
