// Receiving a return by post (docs/channels.md "Returns by post"): the return's receipt is validated
// like any receipt — by a scanner station, or in full from the back office (receive.ts) — and
// validateReceipt hands it here. The goods move from the customer into the warehouse's stock (or its
// scrap location, for lines announced damaged; a station may put restocked goods on any shelf of
// the site), each line counts against its order line, and what came is credited on the order
// (return-credit.ts). More than announced is taken in all the same (a warning says so). What did not
// come stays expected on a backorder receipt of the same return, unless the station closed it
// without one; the return is then received (or cancelled, when nothing came at all).
import type { PickingEvent } from '../../shared/schemas/picking-event.ts';
import { applyMoves } from '../stock/moves.ts';
import { round4 } from './errors.ts';
import { addLines, createPicking, pickingLines, type PickingRow, setState } from './pickings.ts';
import { creditReturnedUnits, type ReceivedUnits } from './return-credit.ts';
import { trackSerial } from './serials.ts';
import type { WorkContext } from './work-context.ts';

export async function validateReturnReceipt(ctx: WorkContext, picking: PickingRow & { return_request_id: string }, ev: PickingEvent): Promise<void> {
  const { tx } = ctx;
  const [request] = await tx.query<{ id: string; order_id: string; reference: string }>(
    `SELECT r.id, r.order_id, (SELECT reference FROM pickings WHERE id = $2) AS reference FROM return_requests r WHERE r.id = $1 FOR UPDATE`,
    [picking.return_request_id, picking.id],
  );
  if (!request) throw new Error(`receipt ${picking.id} names a return that does not exist`);
  const reference = request.reference;
  const lines = await pickingLines(tx, picking.id);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const restock = new Map((await tx.query<{ order_line_id: string; restock: boolean }>('SELECT order_line_id, restock FROM return_request_lines WHERE request_id = $1', [request.id])).map((r) => [r.order_line_id, r.restock]));
  const internal = new Set((await tx.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'internal'`, [picking.site_id])).map((r) => r.id));
  const tracking = new Map((await tx.query<{ id: string; name: string; tracking: string }>('SELECT id, name, tracking FROM products WHERE id = ANY($1::text[])', [lines.map((l) => l.product_id)])).map((r) => [r.id, r]));
  const done = new Map<string, number>();
  const received: ReceivedUnits[] = [];
  for (const e of ev.lines ?? []) {
    const line = byId.get(e.lineId);
    if (!line || line.product_id !== e.productId || !line.return_order_line_id) {
      ctx.problems.push({ code: 'unknown_line', message: `${reference}: line ${e.lineId} (product ${e.productId}) is not on this return; ignored`, severity: 'warning' });
      continue;
    }
    if (!(e.qty > 0)) continue;
    const product = tracking.get(line.product_id);
    const name = product?.name ?? line.product_id;
    const back = restock.get(line.return_order_line_id) !== false;
    // Restocked goods may be put on any shelf of the site; damaged ones go where the line says (scrap).
    const to = back && e.toLocationId && internal.has(e.toLocationId) ? e.toLocationId : line.to_location_id;
    if (product?.tracking === 'lot' && !e.lot) ctx.problems.push({ code: 'lot_required', message: `${reference}: ${name} is lot-tracked but was received without a lot`, severity: 'warning' });
    if (product?.tracking === 'serial' && !e.serial) ctx.problems.push({ code: 'serial_required', message: `${reference}: ${name} is serial-numbered but was received without a serial`, severity: 'warning' });
    const open = round4(line.qty - line.done_qty - (done.get(line.id) ?? 0));
    if (e.qty > open) {
      ctx.problems.push({ code: 'over_received', message: `${reference}: ${e.qty} × ${name} received, ${open} ${open === 1 ? 'was' : 'were'} expected; all of it was taken in`, severity: 'warning' });
    }
    const lotExpiry = { ...(e.lot ? { lot: e.lot } : {}), ...(e.expiry ? { expiry: e.expiry } : {}) };
    await applyMoves(tx, [{ productId: line.product_id, qty: e.qty, fromLocationId: line.from_location_id, toLocationId: to, reason: 'return', eventId: ev.id, ...lotExpiry }]);
    if (e.serial) await trackSerial(ctx, { productId: line.product_id, serial: e.serial, lot: e.lot ?? '', qty: e.qty, fromLocationId: line.from_location_id, toLocationId: to, eventId: ev.id });
    done.set(line.id, round4((done.get(line.id) ?? 0) + Math.min(e.qty, open)));
    received.push({ orderLineId: line.return_order_line_id, qty: e.qty, restock: back });
    // Back on a shelf: orders waiting for the product may be served (followValidation).
    if (back) ctx.free(picking.site_id, line.product_id);
  }
  for (const [id, qty] of done) await tx.query('UPDATE picking_lines SET done_qty = done_qty + $2 WHERE id = $1', [id, qty]);
  const perLine = new Map<string, number>();
  for (const r of received) perLine.set(r.orderLineId, round4((perLine.get(r.orderLineId) ?? 0) + r.qty));
  await tx.query(
    'UPDATE return_request_lines r SET received = r.received + x.qty FROM unnest($2::text[], $3::numeric[]) AS x(id, qty) WHERE r.request_id = $1 AND r.order_line_id = x.id',
    [request.id, [...perLine.keys()], [...perLine.values()]],
  );
  if (received.length > 0) {
    ctx.problems.push(...await creditReturnedUnits(ctx, { requestId: request.id, orderId: request.order_id, siteId: picking.site_id, eventId: ev.id, reference, at: ev.createdAt }, received));
  }

  const rest = lines.map((l) => ({ l, left: round4(l.qty - l.done_qty - (done.get(l.id) ?? 0)) })).filter((r) => r.left > 0);
  if (rest.length > 0 && ev.backorder !== false) {
    const bo = await createPicking(ctx, { kind: 'receipt', step: 'receive', siteId: picking.site_id, state: 'ready', backorderOf: picking.id, returnRequestId: request.id }, []);
    await addLines(ctx, bo, rest.map(({ l, left }) => ({ productId: l.product_id, qty: left, fromLocationId: l.from_location_id, toLocationId: l.to_location_id, returnOrderLineId: l.return_order_line_id })), 1);
  }
  await setState(ctx, picking.id, 'done', ev.id);
  await settleReturnState(ctx, request.id);
}

/**
 * The return's state from its receipts: expected or partly received while one is open, else
 * received (something came) or cancelled (nothing did).
 */
export async function settleReturnState(ctx: WorkContext, requestId: string): Promise<void> {
  await ctx.tx.query(
    `WITH s AS (
       SELECT EXISTS (SELECT 1 FROM pickings p WHERE p.return_request_id = $1 AND p.state IN ('ready', 'in_progress', 'waiting')) AS open,
              EXISTS (SELECT 1 FROM return_request_lines l WHERE l.request_id = $1 AND l.received > 0) AS came)
     UPDATE return_requests r SET
       state = CASE WHEN s.open THEN (CASE WHEN s.came THEN 'partly_received' ELSE 'expected' END) WHEN s.came THEN 'received' ELSE 'cancelled' END,
       closed_at = CASE WHEN s.open THEN NULL ELSE coalesce(r.closed_at, $2) END
     FROM s WHERE r.id = $1`,
    [requestId, ctx.now],
  );
}
