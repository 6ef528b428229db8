// The reservation engine's storage side. Quants are locked with SELECT … FOR UPDATE in
// (product, location, lot) order, so concurrent reservers queue on the same rows and never take
// the same unit twice; every change to a reservation row changes quants.reserved by the same
// amount in the same statement batch, and the database refuses reserved < 0 or > on_hand.
import type { Queryable, Tx } from '../db/db.ts';
import { round4 } from './errors.ts';
import type { QuantState } from '../../shared/stock/fefo.ts';
import type { WorkContext } from './work-context.ts';

export interface LockedQuant extends QuantState {
  siteId: string;
}

/** The internal quants of `productIds` at `siteIds`, in lock order; `lock` takes them FOR UPDATE. */
export async function siteQuants(q: Queryable, siteIds: readonly string[], productIds: readonly string[], options: { lock: boolean }): Promise<LockedQuant[]> {
  if (productIds.length === 0 || siteIds.length === 0) return [];
  const rows = await q.query<{ product_id: string; location_id: string; lot: string; expiry: string | null; on_hand: number; reserved: number; site_id: string; full_name: string }>(
    `SELECT q.product_id, q.location_id, q.lot, to_char(q.expiry, 'YYYY-MM-DD') AS expiry, q.on_hand, q.reserved, l.site_id, l.full_name
     FROM quants q JOIN locations l ON l.id = q.location_id
     WHERE q.product_id = ANY($1::text[]) AND l.site_id = ANY($2::text[]) AND l.usage = 'internal'
     ORDER BY q.product_id, q.location_id, q.lot${options.lock ? `
     FOR UPDATE OF q` : ''}`,
    [[...new Set(productIds)].sort(), [...new Set(siteIds)]],
  );
  return rows.map((r) => ({
    productId: r.product_id,
    locationId: r.location_id,
    locationName: r.full_name,
    lot: r.lot,
    ...(r.expiry ? { expiry: r.expiry } : {}),
    onHand: Number(r.on_hand),
    reserved: Number(r.reserved),
    siteId: r.site_id,
  }));
}

/** Locks and returns the internal quants of `productIds` at `siteIds`. */
export async function lockQuants(tx: Tx, siteIds: readonly string[], productIds: readonly string[]): Promise<LockedQuant[]> {
  return siteQuants(tx, siteIds, productIds, { lock: true });
}

export interface ReservationInput {
  pickingLineId: string;
  orderLineId: string | null;
  productId: string;
  locationId: string;
  lot: string;
  qty: number;
}

export async function addReservation(ctx: WorkContext, r: ReservationInput): Promise<void> {
  await ctx.tx.query(
    `WITH q AS (UPDATE quants SET reserved = reserved + $6, updated_at = now() WHERE product_id = $3 AND location_id = $4 AND lot = $5 RETURNING 1)
     INSERT INTO reservations (picking_line_id, order_line_id, product_id, location_id, lot, qty) SELECT $1, $2, $3, $4, $5, $6 FROM q`,
    [r.pickingLineId, r.orderLineId, r.productId, r.locationId, r.lot, r.qty],
  );
  ctx.touchQuant(r.productId, r.locationId, r.lot);
}

interface ReservationRow {
  id: number;
  picking_line_id: string;
  order_line_id: string | null;
  product_id: string;
  location_id: string;
  lot: string;
  qty: number;
}

export async function reservationOf(tx: Tx, pickingLineId: string): Promise<ReservationRow | undefined> {
  const [r] = await tx.query<ReservationRow>('SELECT id, picking_line_id, order_line_id, product_id, location_id, lot, qty FROM reservations WHERE picking_line_id = $1', [pickingLineId]);
  return r ? { ...r, qty: Number(r.qty) } : undefined;
}

/** Releases up to `qty` (all when omitted) of a line's reservation; returns what was released. */
export async function releaseReservation(ctx: WorkContext, pickingLineId: string, qty?: number): Promise<number> {
  const r = await reservationOf(ctx.tx, pickingLineId);
  if (!r) return 0;
  const take = round4(Math.min(r.qty, qty ?? r.qty));
  if (take <= 0) return 0;
  if (take >= r.qty) await ctx.tx.query('DELETE FROM reservations WHERE id = $1', [r.id]);
  else await ctx.tx.query('UPDATE reservations SET qty = qty - $2 WHERE id = $1', [r.id, take]);
  await ctx.tx.query('UPDATE quants SET reserved = reserved - $4, updated_at = now() WHERE product_id = $1 AND location_id = $2 AND lot = $3', [r.product_id, r.location_id, r.lot, take]);
  ctx.touchQuant(r.product_id, r.location_id, r.lot);
  return take;
}

/** Moves what is left of a line's reservation to another line (a backorder keeps its units). */
export async function moveReservation(tx: Tx, fromLineId: string, toLineId: string): Promise<void> {
  await tx.query('UPDATE reservations SET picking_line_id = $2 WHERE picking_line_id = $1', [fromLineId, toLineId]);
}

/** Reservations on one quant, newest first (the newest lose first when stock turns out missing). */
export async function reservationsOnQuant(tx: Tx, productId: string, locationId: string, lot: string): Promise<ReservationRow[]> {
  const rows = await tx.query<ReservationRow>(
    `SELECT id, picking_line_id, order_line_id, product_id, location_id, lot, qty FROM reservations
     WHERE product_id = $1 AND location_id = $2 AND lot = $3 ORDER BY created_at DESC, id DESC`,
    [productId, locationId, lot],
  );
  return rows.map((r) => ({ ...r, qty: Number(r.qty) }));
}
