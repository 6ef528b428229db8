// Pickings and their lines: creation, FEFO allocation of waiting lines (the reserved part is
// ready, the rest waits in a backorder picking), and filling waiting pickings when stock grows.
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../db/db.ts';
import { round4 } from './errors.ts';
import { planFefo } from '../../shared/stock/fefo.ts';
import { markPickupsReady } from './pickup-ready.ts';
import { addReservation, lockQuants } from './reservation.ts';
import type { WorkContext } from './work-context.ts';

export type PickingKind = 'delivery' | 'receipt' | 'transfer' | 'count';
export type PickingStep = 'pick' | 'pack' | 'ship' | 'receive' | 'transfer' | 'count';
export type PickingState = 'requested' | 'waiting' | 'ready' | 'in_progress' | 'done' | 'cancelled';

export interface PickingHeader {
  kind: PickingKind;
  step: PickingStep;
  siteId: string;
  state: PickingState;
  routeSteps?: number;
  orderId?: string;
  purchaseOrderId?: string;
  backorderOf?: string;
  previousStep?: string;
  locationId?: string;
  /** Count tasks: whether the station shows the expected quantities. */
  countShowsExpected?: boolean;
  /** A transfer to another site: where its arrival (a receipt there) puts the goods away. */
  arrivalLocationId?: string;
  /** A return by post's receipt: the return it takes in (return-requests.ts). */
  returnRequestId?: string;
}

export interface NewLine {
  productId: string;
  qty: number;
  fromLocationId: string;
  toLocationId: string;
  orderLineId?: string | null;
  purchaseOrderLineId?: string | null;
  lot?: string;
  expiry?: string | null;
  /** Reserve this many units on the (product, from, lot) quant for the new line. */
  reserve?: boolean;
  /** A return receipt's line: the order line whose delivered units it brings back. */
  returnOrderLineId?: string | null;
}

export interface PickingRow {
  id: string;
  reference: string;
  kind: PickingKind;
  step: PickingStep;
  route_steps: number;
  site_id: string;
  state: PickingState;
  claimed_by: string | null;
  order_id: string | null;
  purchase_order_id: string | null;
  location_id: string | null;
  arrival_location_id: string | null;
  return_request_id: string | null;
}

export interface LineRow {
  id: string;
  picking_id: string;
  position: number;
  order_line_id: string | null;
  purchase_order_line_id: string | null;
  product_id: string;
  qty: number;
  done_qty: number;
  from_location_id: string;
  to_location_id: string;
  lot: string;
  expiry: string | null;
  reserved: boolean;
  return_order_line_id: string | null;
}

const prefixes: Record<PickingStep, string> = { pick: 'PICK', pack: 'PACK', ship: 'OUT', receive: 'IN', transfer: 'INT', count: 'CNT' };

export async function createPicking(ctx: WorkContext, h: PickingHeader, lines: readonly NewLine[]): Promise<string> {
  const id = uuidv7();
  await ctx.tx.query(
    `INSERT INTO pickings (id, kind, step, route_steps, site_id, reference, state, order_id, purchase_order_id, backorder_of, previous_step, location_id,
                           count_shows_expected, arrival_location_id, return_request_id)
     VALUES ($1, $2, $3, $4, $5, (SELECT code FROM sites WHERE id = $5) || '/' || $6 || '/' || lpad(nextval('picking_number_seq')::text, 6, '0'),
             $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [id, h.kind, h.step, h.routeSteps ?? 1, h.siteId, prefixes[h.step], h.state, h.orderId ?? null, h.purchaseOrderId ?? null, h.backorderOf ?? null, h.previousStep ?? null, h.locationId ?? null,
      h.countShowsExpected ?? null, h.arrivalLocationId ?? null, h.returnRequestId ?? null],
  );
  await addLines(ctx, id, lines, 0);
  ctx.pickings.add(id);
  return id;
}

export async function addLines(ctx: WorkContext, pickingId: string, lines: readonly NewLine[], firstPosition: number): Promise<string[]> {
  const ids: string[] = [];
  let position = firstPosition;
  for (const l of lines) {
    const lineId = uuidv7();
    ids.push(lineId);
    await ctx.tx.query(
      `INSERT INTO picking_lines (id, picking_id, position, order_line_id, purchase_order_line_id, product_id, qty, from_location_id, to_location_id, lot, expiry, reserved,
                                  return_order_line_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [lineId, pickingId, position++, l.orderLineId ?? null, l.purchaseOrderLineId ?? null, l.productId, l.qty, l.fromLocationId, l.toLocationId, l.lot ?? '', l.expiry ?? null, l.reserve === true,
        l.returnOrderLineId ?? null],
    );
    if (l.reserve) await addReservation(ctx, { pickingLineId: lineId, orderLineId: l.orderLineId ?? null, productId: l.productId, locationId: l.fromLocationId, lot: l.lot ?? '', qty: l.qty });
  }
  ctx.pickings.add(pickingId);
  return ids;
}

/** The columns of a PickingRow, for queries that read pickings whole. */
export const PICKING_ROW_COLUMNS = 'id, reference, kind, step, route_steps, site_id, state, claimed_by, order_id, purchase_order_id, location_id, arrival_location_id, return_request_id';

export async function lockPicking(tx: Tx, id: string): Promise<PickingRow | undefined> {
  const [p] = await tx.query<PickingRow>(
    `SELECT ${PICKING_ROW_COLUMNS} FROM pickings WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return p;
}

export async function pickingLines(tx: Tx, pickingId: string): Promise<LineRow[]> {
  const rows = await tx.query<LineRow>(
    `SELECT id, picking_id, position, order_line_id, purchase_order_line_id, product_id, qty, done_qty, from_location_id, to_location_id, lot,
            to_char(expiry, 'YYYY-MM-DD') AS expiry, reserved, return_order_line_id
     FROM picking_lines WHERE picking_id = $1 ORDER BY position`,
    [pickingId],
  );
  return rows.map((r) => ({ ...r, qty: Number(r.qty), done_qty: Number(r.done_qty) }));
}

export async function setState(ctx: WorkContext, pickingId: string, state: PickingState, validatedBy?: string): Promise<void> {
  await ctx.tx.query(
    `UPDATE pickings SET state = $2, claimed_by = CASE WHEN $2 = 'in_progress' THEN claimed_by END,
       claimed_at = CASE WHEN $2 = 'in_progress' THEN claimed_at END,
       done_at = CASE WHEN $2 = 'done' THEN now() END, validated_by = coalesce($3, validated_by), updated_at = now()
     WHERE id = $1`,
    [pickingId, state, validatedBy ?? null],
  );
  ctx.pickings.add(pickingId);
}

/**
 * Reserves the unreserved lines of a waiting (or new) picking, FEFO, from quants at or below
 * each line's source location. Fully reserved → ready. Partly → ready with the reserved lines,
 * the rest moved to a new waiting backorder picking. Nothing → stays waiting.
 * Returns the waiting picking holding what could not be reserved, if any.
 */
export async function allocatePicking(ctx: WorkContext, pickingId: string): Promise<string | null> {
  const { tx } = ctx;
  const picking = await lockPicking(tx, pickingId);
  if (!picking || picking.state !== 'waiting') return null;
  const lines = (await pickingLines(tx, pickingId)).filter((l) => !l.reserved && l.qty > 0);
  if (lines.length === 0) return null;
  const quants = await lockQuants(tx, [picking.site_id], lines.map((l) => l.product_id));
  const roots = new Map(
    (await tx.query<{ id: string; full_name: string }>('SELECT id, full_name FROM locations WHERE id = ANY($1::text[])', [[...new Set(lines.map((l) => l.from_location_id))]])).map((r) => [r.id, r.full_name]),
  );
  let position = (await tx.query<{ n: number }>('SELECT coalesce(max(position), 0) + 1 AS n FROM picking_lines WHERE picking_id = $1', [pickingId]))[0]?.n ?? 1;
  const unreserved: string[] = [];
  let reservedAny = (await tx.query('SELECT 1 FROM picking_lines WHERE picking_id = $1 AND reserved AND qty > 0 LIMIT 1', [pickingId])).length > 0;
  for (const line of lines) {
    const root = roots.get(line.from_location_id) ?? '';
    // A line that names its lot (a transfer asked for that lot) is served from that lot only.
    const candidates = quants.filter((q) => q.productId === line.product_id && (line.lot === '' || q.lot === line.lot) && (q.locationId === line.from_location_id || q.locationName.startsWith(`${root}/`)));
    const plan = planFefo(candidates, line.qty, ctx.today);
    let left = line.qty;
    for (const a of plan) {
      await addLines(ctx, pickingId, [{
        productId: line.product_id, qty: a.qty, fromLocationId: a.quant.locationId, toLocationId: line.to_location_id,
        orderLineId: line.order_line_id, purchaseOrderLineId: line.purchase_order_line_id, lot: a.quant.lot, expiry: a.quant.expiry ?? null, reserve: true,
      }], position++);
      a.quant.reserved = round4(a.quant.reserved + a.qty);
      left = round4(left - a.qty);
      reservedAny = true;
    }
    await tx.query('UPDATE picking_lines SET qty = $2 WHERE id = $1', [line.id, left]);
    if (left > 0) unreserved.push(line.id);
  }
  await tx.query('DELETE FROM picking_lines WHERE picking_id = $1 AND qty = 0 AND NOT reserved', [pickingId]);
  if (!reservedAny) return pickingId;
  let backorder: string | null = null;
  if (unreserved.length > 0) {
    backorder = await createPicking(ctx, {
      kind: picking.kind, step: picking.step, siteId: picking.site_id, state: 'waiting', routeSteps: picking.route_steps, backorderOf: pickingId,
      ...(picking.order_id ? { orderId: picking.order_id } : {}), ...(picking.arrival_location_id ? { arrivalLocationId: picking.arrival_location_id } : {}),
    }, []);
    await tx.query('UPDATE picking_lines SET picking_id = $2 WHERE id = ANY($1::text[])', [unreserved, backorder]);
  }
  await setState(ctx, pickingId, 'ready');
  return backorder;
}

/** Tries to reserve waiting pickings of the sites whose stock grew, oldest first. */
export async function fillWaiting(ctx: WorkContext): Promise<void> {
  for (const [siteId, products] of ctx.freed) {
    ctx.freed.delete(siteId);
    const waiting = await ctx.tx.query<{ id: string }>(
      `SELECT DISTINCT p.id, p.created_at FROM pickings p JOIN picking_lines l ON l.picking_id = p.id
       WHERE p.site_id = $1 AND p.state = 'waiting' AND l.product_id = ANY($2::text[]) AND NOT l.reserved AND l.qty > 0
       ORDER BY p.created_at, p.id`,
      [siteId, [...products]],
    );
    if (waiting.length === 0) continue;
    for (const w of waiting) await allocatePicking(ctx, w.id);
    const orders = await ctx.tx.query<{ order_id: string }>(
      'SELECT DISTINCT order_id FROM pickings WHERE id = ANY($1::text[]) AND order_id IS NOT NULL', [waiting.map((w) => w.id)],
    );
    await markPickupsReady(ctx, orders.map((o) => o.order_id));
  }
}
