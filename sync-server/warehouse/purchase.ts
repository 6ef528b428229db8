// Purchase orders (created by API or from a purchase proposal) and their receipts: a PO makes a
// ready receipt picking (supplier → stock) for the station; validating it moves the goods in
// with the lots and expiry dates scanned, counts them against the PO lines, backorders what did
// not arrive (or closes it), and offers the new stock to orders waiting for it. A transfer from
// another site arrives as a receipt too (transfers.ts), without a purchase order and its posting.
import { v7 as uuidv7 } from 'uuid';
import type { PurchaseOrderBody, PurchaseOrderMade } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { PickingEvent } from '../../shared/schemas/picking-event.ts';
import type { Db } from '../db/db.ts';
import { postReceipt, type ReceivedItem } from '../ledger/stock-valuation.ts';
import { applyMoves } from '../stock/moves.ts';
import { trackSerial } from './serials.ts';
import { validateReturnReceipt } from './return-receipt.ts';
import { arrivalOf, type Difference, settleArrival } from './transfer-arrival.ts';
import { pickupOrderOfShipment, servePickupArrival } from './pickup-transfer.ts';
import { reroutePickupOrder, rerouteText } from './pickup-reroute.ts';
import { round4, WarehouseError } from './errors.ts';
import { addLines, createPicking, pickingLines, type PickingRow, setState } from './pickings.ts';
import { warehouseByCode, warehouseLocations } from './sites.ts';
import { publishTouched, WorkContext } from './work-context.ts';

export type PurchaseOrderRequest = PurchaseOrderBody;
export type PurchaseOrderView = PurchaseOrderMade;

export async function createPurchaseOrder(db: Db, req: PurchaseOrderRequest): Promise<PurchaseOrderView> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const ctx = new WorkContext(tx);
    const view = await createPurchaseOrderIn(ctx, req);
    await publishTouched(ctx);
    return view;
  });
}

export async function createPurchaseOrderIn(ctx: WorkContext, req: PurchaseOrderRequest): Promise<PurchaseOrderView> {
  const { tx } = ctx;
  const w = await warehouseByCode(tx, req.warehouse);
  const ids = [...new Set(req.lines.map((l) => l.productId))];
  const known = await tx.query<{ id: string; cost: number }>('SELECT id, cost FROM products WHERE id = ANY($1::text[])', [ids]);
  if (known.length !== ids.length) throw new WarehouseError('unknown_product', 'a purchase order line names an unknown product');
  const cost = new Map(known.map((k) => [k.id, Number(k.cost)]));
  const id = uuidv7();
  const [po] = await tx.query<{ reference: string }>(
    `INSERT INTO purchase_orders (id, reference, supplier, site_id, expected_at) VALUES ($1, 'PO/' || lpad(nextval('picking_number_seq')::text, 6, '0'), $2, $3, $4) RETURNING reference`,
    [id, req.supplier.trim(), w.siteId, req.expectedAt ?? null],
  );
  const locs = await warehouseLocations(tx, w.siteId);
  const lines = req.lines.map((l) => ({ ...l, lineId: uuidv7() }));
  for (const l of lines) {
    await tx.query('INSERT INTO purchase_order_lines (id, purchase_order_id, product_id, qty, unit_cost) VALUES ($1, $2, $3, $4, $5)', [l.lineId, id, l.productId, l.qty, l.unitCost ?? cost.get(l.productId) ?? 0]);
  }
  const receiptId = await createPicking(ctx, { kind: 'receipt', step: 'receive', siteId: w.siteId, state: 'ready', purchaseOrderId: id },
    lines.map((l) => ({ productId: l.productId, qty: l.qty, fromLocationId: locs.supplierId, toLocationId: locs.stockId, purchaseOrderLineId: l.lineId })));
  return { purchaseOrderId: id, reference: po?.reference ?? '', receiptId };
}

/** Validate of a receipt: lines carry what arrived, with lot, expiry and put-away location. */
export async function validateReceipt(ctx: WorkContext, picking: PickingRow, ev: PickingEvent): Promise<void> {
  const { return_request_id: returnRequestId } = picking;
  if (returnRequestId !== null) return validateReturnReceipt(ctx, { ...picking, return_request_id: returnRequestId }, ev);
  const { tx } = ctx;
  const lines = await pickingLines(tx, picking.id);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const internal = new Set((await tx.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'internal'`, [picking.site_id])).map((r) => r.id));
  const tracking = new Map((await tx.query<{ id: string; tracking: string }>('SELECT id, tracking FROM products WHERE id = ANY($1::text[])', [lines.map((l) => l.product_id)])).map((r) => [r.id, r.tracking]));
  const done = new Map<string, number>();
  const received: ReceivedItem[] = [];
  const unitCosts = new Map(
    (await tx.query<{ id: string; unit_cost: string }>('SELECT id, unit_cost FROM purchase_order_lines WHERE id = ANY($1::text[])', [lines.map((l) => l.purchase_order_line_id).filter((id): id is string => !!id)])).map((r) => [r.id, Number(r.unit_cost)]),
  );
  // A transfer's arrival: the units beyond what a line sent are found goods, not transit's.
  const arrival = await arrivalOf(tx, picking);
  const over: Difference[] = [];
  for (const e of ev.lines ?? []) {
    const line = byId.get(e.lineId);
    if (!line || line.product_id !== e.productId) {
      ctx.problems.push({ code: 'unknown_line', message: `receipt line ${e.lineId} (product ${e.productId}) is not on this receipt; ignored`, severity: 'warning' });
      continue;
    }
    if (!(e.qty > 0)) continue;
    const to = e.toLocationId && internal.has(e.toLocationId) ? e.toLocationId : line.to_location_id;
    if (tracking.get(line.product_id) === 'lot' && !e.lot) ctx.problems.push({ code: 'lot_required', message: `product ${line.product_id} is lot-tracked but was received without a lot`, severity: 'warning' });
    if (tracking.get(line.product_id) === 'serial' && !e.serial) ctx.problems.push({ code: 'serial_required', message: `product ${line.product_id} is serial-numbered but was received without a serial`, severity: 'warning' });
    const open = round4(line.qty - line.done_qty - (done.get(line.id) ?? 0));
    const sent = arrival ? Math.max(0, Math.min(e.qty, open)) : e.qty;
    const extra = round4(e.qty - sent);
    const lotExpiry = { ...(e.lot ? { lot: e.lot } : {}), ...(e.expiry ? { expiry: e.expiry } : {}) };
    if (sent > 0) await applyMoves(tx, [{ productId: line.product_id, qty: sent, fromLocationId: line.from_location_id, toLocationId: to, reason: 'receipt', eventId: ev.id, ...lotExpiry }]);
    if (arrival && extra > 0) {
      await applyMoves(tx, [{ productId: line.product_id, qty: extra, fromLocationId: arrival.lossId, toLocationId: to, reason: 'receipt', eventId: ev.id, ...lotExpiry }]);
      over.push({ productId: line.product_id, lot: e.lot ?? '', qty: extra, sent: line.qty });
    }
    if (e.serial) await trackSerial(ctx, { productId: line.product_id, serial: e.serial, lot: e.lot ?? '', qty: e.qty, fromLocationId: line.from_location_id, toLocationId: to, eventId: ev.id });
    done.set(line.id, round4((done.get(line.id) ?? 0) + sent));
    const unitCost = line.purchase_order_line_id ? unitCosts.get(line.purchase_order_line_id) : undefined;
    received.push({ productId: line.product_id, qty: e.qty, ...(unitCost !== undefined ? { unitCost } : {}) });
    if (line.purchase_order_line_id) await tx.query('UPDATE purchase_order_lines SET received = received + $2 WHERE id = $1', [line.purchase_order_line_id, e.qty]);
    ctx.free(picking.site_id, line.product_id);
  }
  // Goods bought are owed to the supplier; goods arriving from another site of ours were already inventory.
  if (picking.purchase_order_id) await postReceipt(tx, ev.id, picking.site_id, ev.createdAt, received);
  for (const [id, qty] of done) await tx.query('UPDATE picking_lines SET done_qty = done_qty + $2 WHERE id = $1', [id, qty]);
  const rest = lines.map((l) => ({ l, left: round4(l.qty - l.done_qty - (done.get(l.id) ?? 0)) })).filter((r) => r.left > 0);
  let backorderRef: string | null = null;
  if (rest.length > 0 && ev.backorder !== false) {
    const bo = await createPicking(ctx, {
      kind: 'receipt', step: 'receive', siteId: picking.site_id, state: 'ready', ...(picking.purchase_order_id ? { purchaseOrderId: picking.purchase_order_id } : {}), backorderOf: picking.id,
      ...(arrival ? { previousStep: arrival.shipmentId } : {}),
    }, []);
    // An arrival's rest keeps its lot and expiry: it is the same goods, still in transit.
    await addLines(ctx, bo, rest.map(({ l, left }) => ({
      productId: l.product_id, qty: left, fromLocationId: l.from_location_id, toLocationId: l.to_location_id, purchaseOrderLineId: l.purchase_order_line_id,
      ...(arrival ? { lot: l.lot, expiry: l.expiry } : {}),
    })), 1);
    backorderRef = (await tx.query<{ reference: string }>('SELECT reference FROM pickings WHERE id = $1', [bo]))[0]?.reference ?? bo;
  } else {
    for (const { l } of rest) if (l.purchase_order_line_id) await tx.query('UPDATE purchase_order_lines SET closed = true WHERE id = $1', [l.purchase_order_line_id]);
  }
  if (arrival) {
    const [me] = await tx.query<{ reference: string }>('SELECT reference FROM pickings WHERE id = $1', [picking.id]);
    const short = rest.map(({ l, left }) => ({ productId: l.product_id, lot: l.lot, qty: left, sent: l.qty, transit: l.from_location_id }));
    await settleArrival(ctx, { ...picking, reference: me?.reference ?? picking.id }, arrival, ev.id, { short, over, backorderRef });
    // Goods sent for a click-and-collect order serve it before any other waiting work (fillWaiting).
    await servePickupArrival(ctx, arrival.shipmentId, picking.site_id);
  }
  await setState(ctx, picking.id, 'done', ev.id);
  if (arrival && rest.length > 0 && ev.backorder === false) {
    // Lost in transit for good: a pickup order the goods travelled for gets them from another site.
    const orderId = await pickupOrderOfShipment(ctx, arrival.shipmentId, picking.site_id);
    const reroute = orderId ? await reroutePickupOrder(ctx, orderId, null) : null;
    if (reroute) ctx.problems.push({ code: 'pickup_rerouted', message: `Not all of it arrived${rerouteText(reroute)}`, severity: 'info' });
  }
  if (picking.purchase_order_id) {
    await tx.query(
      `UPDATE purchase_orders p SET state = 'done' WHERE p.id = $1 AND NOT EXISTS (
         SELECT 1 FROM purchase_order_lines l WHERE l.purchase_order_id = p.id AND NOT l.closed AND l.received < l.qty)`,
      [picking.purchase_order_id],
    );
  }
}
