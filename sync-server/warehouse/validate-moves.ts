// Validating a delivery step or an internal transfer from a scanner station. The station says
// what it moved (per picking line: quantity, source location, lot); the server consumes the
// line's reservation, releases room on the actual source quant if it differs from the plan,
// moves the stock, and then: creates the next route step (reserved at the destination), or —
// on the last step — records the delivery and invoices it. What was not picked goes to a ready
// backorder (reservation kept) or, with backorder=false, is released and cancelled. A shipment of a
// transfer to another site becomes a receipt there (transfers.ts).
import type { PickedLine, PickingEvent } from '../../shared/schemas/picking-event.ts';
import { applyMoves, type MoveReason } from '../stock/moves.ts';
import { cancelPicking, putAway, type PutAwayItem } from './cancel.ts';
import { invoiceShipment, type ShippedQty } from './delivery-invoice.ts';
import { creditCancelledUnits, type CreditNoteIssued } from './order-invoice.ts';
import { round4 } from './errors.ts';
import { addLines, createPicking, type LineRow, type NewLine, pickingLines, type PickingRow, setState } from './pickings.ts';
import { moveReservation, releaseReservation } from './reservation.ts';
import { packGoods } from './packages.ts';
import { trackSerial } from './serials.ts';
import { createArrival } from './transfers.ts';
import { makeRoom } from './shortage.ts';
import { pickupOrderOfShipment, touchOrderPickings } from './pickup-transfer.ts';
import { reroutePickupOrder, rerouteText } from './pickup-reroute.ts';
import { type DeliverySteps, routeSteps, stepEnds, warehouseLocations } from './sites.ts';
import type { WorkContext } from './work-context.ts';
import { orderView } from './order-view.ts';
import { emitOrderEvent } from '../webhooks/order-events.ts';

interface Moved {
  line: LineRow;
  entry: PickedLine;
  qty: number;
  /** Part of qty within what the line asked for. */
  counted: number;
  to: string;
}

async function internalLocations(ctx: WorkContext, siteId: string): Promise<Set<string>> {
  const rows = await ctx.tx.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'internal'`, [siteId]);
  return new Set(rows.map((r) => r.id));
}

/** A GS1 label whose expiry disagrees with the books: the goods move, the office is told. */
async function checkExpiry(ctx: WorkContext, productId: string, locationId: string, lot: string, labelled: string): Promise<void> {
  const [q] = await ctx.tx.query<{ expiry: string | null; name: string }>(
    `SELECT to_char(q.expiry, 'YYYY-MM-DD') AS expiry, p.name FROM quants q JOIN products p ON p.id = q.product_id
     WHERE q.product_id = $1 AND q.location_id = $2 AND q.lot = $3`,
    [productId, locationId, lot],
  );
  if (!q?.expiry || q.expiry === labelled) return;
  ctx.problems.push({
    code: 'expiry_mismatch',
    message: `${q.name} lot ${lot}: the label says it expires on ${labelled}, the books say ${q.expiry} — check the label and correct the lot's expiry`,
    severity: 'warning',
  });
}

/** Moves what the event reports; consumes reservations only when the picking is still active. */
export async function applyReportedMoves(ctx: WorkContext, picking: PickingRow, ev: Pick<PickingEvent, 'id' | 'lines'>, active: boolean, reason: MoveReason): Promise<Moved[]> {
  const lines = await pickingLines(ctx.tx, picking.id);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const internal = await internalLocations(ctx, picking.site_id);
  const done = new Map<string, number>();
  const moved: Moved[] = [];
  for (const entry of ev.lines ?? []) {
    const line = byId.get(entry.lineId);
    if (!line) {
      ctx.problems.push({ code: 'unknown_line', message: `line ${entry.lineId} is not on picking ${picking.id}; ignored`, severity: 'warning' });
      continue;
    }
    if (entry.productId !== line.product_id) {
      ctx.problems.push({ code: 'wrong_product', message: `line ${line.id} is for product ${line.product_id}, not ${entry.productId}; ignored`, severity: 'warning' });
      continue;
    }
    if (!internal.has(entry.fromLocationId)) {
      ctx.problems.push({ code: 'unknown_location', message: `location ${entry.fromLocationId} does not hold stock at this site; line ${line.id} ignored`, severity: 'warning' });
      continue;
    }
    if (!(entry.qty > 0)) continue;
    // The last step always ships to the customer; other steps may be put elsewhere in the site.
    const to = picking.step !== 'ship' && entry.toLocationId && internal.has(entry.toLocationId) ? entry.toLocationId : line.to_location_id;
    const lot = entry.lot ?? line.lot;
    const open = round4(line.qty - line.done_qty - (done.get(line.id) ?? 0));
    const counted = Math.max(0, Math.min(entry.qty, open));
    if (entry.qty > open) ctx.problems.push({ code: 'over_picked', message: `line ${line.id}: ${entry.qty} moved, ${open} expected`, severity: 'warning' });
    done.set(line.id, round4((done.get(line.id) ?? 0) + counted));
    if (active && line.reserved) await releaseReservation(ctx, line.id, counted);
    // Taken from elsewhere than planned: the planned units are still on their shelf, free again.
    if (entry.fromLocationId !== line.from_location_id || lot !== line.lot) ctx.free(picking.site_id, line.product_id);
    const elsewhere = entry.fromLocationId !== line.from_location_id || lot !== line.lot;
    if (entry.expiry && lot) await checkExpiry(ctx, line.product_id, entry.fromLocationId, lot, entry.expiry);
    await makeRoom(ctx, { productId: line.product_id, locationId: entry.fromLocationId, lot, qty: entry.qty }, elsewhere ? 'taken' : 'missing');
    await applyMoves(ctx.tx, [{ productId: line.product_id, qty: entry.qty, fromLocationId: entry.fromLocationId, toLocationId: to, reason, eventId: ev.id, ...(lot ? { lot } : {}), ...(entry.expiry ?? line.expiry ? { expiry: entry.expiry ?? line.expiry ?? '' } : {}) }]);
    ctx.touchQuant(line.product_id, entry.fromLocationId, lot);
    ctx.touchQuant(line.product_id, to, lot);
    if (entry.serial) await trackSerial(ctx, { productId: line.product_id, serial: entry.serial, lot, qty: entry.qty, fromLocationId: entry.fromLocationId, toLocationId: to, eventId: ev.id });
    if (entry.packageId && internal.has(to)) await packGoods(ctx, { sscc: entry.packageId, siteId: picking.site_id, locationId: to, productId: line.product_id, lot, qty: entry.qty });
    const [left] = await ctx.tx.query<{ on_hand: number }>('SELECT on_hand FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = $3', [line.product_id, entry.fromLocationId, lot]);
    if (left && Number(left.on_hand) < 0) {
      ctx.problems.push({ code: 'negative_stock', message: `product ${line.product_id}${lot ? ` lot ${lot}` : ''} is now ${left.on_hand} at location ${entry.fromLocationId}: the books had less than was moved; count it`, severity: 'warning' });
    }
    moved.push({ line, entry, qty: entry.qty, counted, to });
  }
  for (const [lineId, qty] of done) await ctx.tx.query('UPDATE picking_lines SET done_qty = done_qty + $2 WHERE id = $1', [lineId, qty]);
  return moved;
}

/** Validate of a ready or in-progress delivery step or transfer. */
export async function validateMoves(ctx: WorkContext, picking: PickingRow, ev: PickingEvent): Promise<void> {
  const moved = await applyReportedMoves(ctx, picking, ev, true, picking.kind === 'delivery' ? 'delivery' : 'transfer');
  const lines = await pickingLines(ctx.tx, picking.id);
  const steps = picking.route_steps as DeliverySteps;
  const route = routeSteps(steps);
  const nextStep = picking.kind === 'delivery' ? route[route.indexOf(picking.step as 'pick' | 'pack' | 'ship') + 1] : undefined;
  let shipment: ShippedQty[] = [];

  if (nextStep) {
    const ends = stepEnds(nextStep, steps, await warehouseLocations(ctx.tx, picking.site_id));
    const next: NewLine[] = moved.filter((m) => m.counted > 0).map((m) => ({
      productId: m.line.product_id, qty: m.counted, fromLocationId: m.to, toLocationId: ends.to, orderLineId: m.line.order_line_id,
      lot: m.entry.lot ?? m.line.lot, expiry: m.entry.expiry ?? m.line.expiry, reserve: true,
    }));
    if (next.length > 0) {
      await createPicking(ctx, { kind: 'delivery', step: nextStep, siteId: picking.site_id, state: 'ready', routeSteps: steps, ...(picking.order_id ? { orderId: picking.order_id } : {}), previousStep: picking.id }, next);
    }
  } else if (picking.arrival_location_id) {
    await createArrival(ctx, picking, moved.map((m) => ({ productId: m.line.product_id, qty: m.qty, at: m.to, lot: m.entry.lot ?? m.line.lot, expiry: m.entry.expiry ?? m.line.expiry })));
    // Sent for a pickup order: the store's tills show it on its way from now (picking-docs.ts).
    const pickupOrder = picking.order_id ? null : await pickupOrderOfShipment(ctx, picking.id);
    if (pickupOrder) await touchOrderPickings(ctx, pickupOrder);
  } else if (picking.kind === 'delivery' && picking.order_id) {
    const shipped = new Map<string, number>();
    for (const m of moved) if (m.line.order_line_id && m.counted > 0) shipped.set(m.line.order_line_id, round4((shipped.get(m.line.order_line_id) ?? 0) + m.counted));
    for (const [id, qty] of shipped) await ctx.tx.query('UPDATE order_lines SET delivered = delivered + $2 WHERE id = $1', [id, qty]);
    const list: ShippedQty[] = [...shipped].map(([orderLineId, qty]) => ({ orderLineId, qty }));
    await invoiceShipment(ctx, picking.id, picking.order_id, picking.site_id, list, ev.id);
    shipment = list;
  }

  const creditNote = await settleRest(ctx, picking, lines, ev.backorder !== false, ev.id);
  await setState(ctx, picking.id, 'done', ev.id);
  if (ev.backorder === false && picking.arrival_location_id && !picking.order_id && lines.some((l) => round4(l.qty - l.done_qty) > 0)) {
    // A transfer shipped short for good: a pickup order it travelled for gets the rest from another site.
    const orderId = await pickupOrderOfShipment(ctx, picking.id);
    const reroute = orderId ? await reroutePickupOrder(ctx, orderId, picking.site_id) : null;
    if (reroute) ctx.problems.push({ code: 'pickup_rerouted', message: `${picking.reference} was shipped short${rerouteText(reroute)}`, severity: 'info' });
  }
  if (picking.order_id) await closeOrderIfDone(ctx, picking.order_id);
  if (picking.order_id && shipment.length > 0) {
    const order = await orderView(ctx.tx, picking.order_id);
    await emitOrderEvent(ctx.tx, 'order.shipped', order, { shipment: { pickingId: picking.id, lines: shipment }, ...(creditNote ? { creditNote } : {}) }, ctx.now);
  }
}

/**
 * What a validated step did not move: a ready backorder that keeps its reservations, or (without
 * backorder) released and cancelled on the order — credited when the order was invoiced on order —,
 * goods already in a dispatch area put away.
 */
export async function settleRest(ctx: WorkContext, picking: PickingRow, lines: readonly LineRow[], backorder: boolean, eventId?: string): Promise<CreditNoteIssued | null> {
  const steps = picking.route_steps as DeliverySteps;
  const route = routeSteps(steps);
  const rest = lines.filter((l) => round4(l.qty - l.done_qty) > 0);
  if (rest.length > 0 && backorder) {
    const bo = await createPicking(ctx, {
      kind: picking.kind, step: picking.step, siteId: picking.site_id, state: 'ready', routeSteps: steps, backorderOf: picking.id,
      ...(picking.order_id ? { orderId: picking.order_id } : {}), ...(picking.location_id ? { locationId: picking.location_id } : {}),
      ...(picking.arrival_location_id ? { arrivalLocationId: picking.arrival_location_id } : {}),
    }, []);
    const ids = await addLines(ctx, bo, rest.map((l) => ({
      productId: l.product_id, qty: round4(l.qty - l.done_qty), fromLocationId: l.from_location_id, toLocationId: l.to_location_id,
      orderLineId: l.order_line_id, lot: l.lot, expiry: l.expiry,
    })), 1);
    for (const [i, l] of rest.entries()) {
      const id = ids[i];
      if (!id || !l.reserved) continue;
      await ctx.tx.query('UPDATE picking_lines SET reserved = true WHERE id = $1', [id]);
      await moveReservation(ctx.tx, l.id, id);
    }
  } else if (rest.length > 0) {
    const back: PutAwayItem[] = [];
    for (const l of rest) {
      const released = l.reserved ? await releaseReservation(ctx, l.id) : 0;
      if (released > 0) ctx.free(picking.site_id, l.product_id);
      const left = round4(l.qty - l.done_qty);
      if (l.order_line_id) await ctx.tx.query('UPDATE order_lines SET cancelled = cancelled + $2 WHERE id = $1', [l.order_line_id, left]);
      if (released > 0 && route[0] !== picking.step && picking.kind === 'delivery') back.push({ productId: l.product_id, locationId: l.from_location_id, lot: l.lot, expiry: l.expiry, qty: released });
    }
    await putAway(ctx, picking.site_id, back);
    if (picking.order_id && rest.some((l) => l.order_line_id)) return creditCancelledUnits(ctx, picking.order_id, { ...(eventId ? { eventId } : {}) });
  }
  return null;
}

export async function closeOrderIfDone(ctx: WorkContext, orderId: string): Promise<void> {
  await ctx.tx.query(
    `UPDATE orders o SET state = 'done' WHERE o.id = $1 AND o.state = 'open'
       AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.delivered + l.cancelled < l.qty)`,
    [orderId],
  );
}

/** Validate of a picking that was cancelled meanwhile (e.g. its order): the goods did move. */
export async function validateCancelled(ctx: WorkContext, picking: PickingRow & { reference?: string }, ev: PickingEvent): Promise<void> {
  const moved = await applyReportedMoves(ctx, picking, ev, false, picking.kind === 'delivery' ? 'delivery' : 'transfer');
  if (moved.length === 0) {
    ctx.problems.push({ code: 'picking_cancelled', message: `${picking.reference} was cancelled before this validation; nothing was moved`, severity: 'info' });
    return;
  }
  if (picking.step === 'ship') {
    ctx.problems.push({ code: 'order_cancelled', message: `${picking.reference} was cancelled (order cancelled) but the station shipped it; stock was moved out, recover the goods`, severity: 'critical' });
    return;
  }
  const internal = await internalLocations(ctx, picking.site_id);
  const back = moved.filter((m) => internal.has(m.to)).map((m) => ({ productId: m.line.product_id, locationId: m.to, lot: m.entry.lot ?? m.line.lot, expiry: m.entry.expiry ?? m.line.expiry, qty: m.qty }));
  const ref = await putAway(ctx, picking.site_id, back);
  ctx.problems.push({ code: 'order_cancelled', message: `${picking.reference} was cancelled while it was worked offline; the goods moved go back to stock with transfer ${ref ?? '-'}`, severity: 'warning' });
}

export { cancelPicking };
