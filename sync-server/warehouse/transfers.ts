// Transfers, made by managers for the scanner stations. Inside a site, a transfer is one picking
// reserved FEFO at (or below) its source locations so the goods are not sold meanwhile. To another
// site it goes in two steps, as goods travel: the source — a warehouse or a store — ships it (a
// one-step delivery with no order, reserved like any delivery, into its transit location), and
// each validated shipment arrives as a ready receipt at the destination — validated by that site's
// station, or received from the back office (receive.ts) where no station works; what arrives
// short or over is settled there (transfer-arrival.ts). A site may also *request* stock: the
// transfer waits in state `requested` at the source (nothing reserved, on no device) until the
// source accepts it (reserved, ready for its stations) or declines it.
import type { TransferBody, TransferDecided, TransferRequestBody, TransferRequested } from '../../shared/admin-api/warehouse-moves.ts';
import type { Db, Queryable } from '../db/db.ts';
import { round4, WarehouseError } from './errors.ts';
import { allocatePicking, createPicking, lockPicking, type NewLine, type PickingRow, setState } from './pickings.ts';
import { publishTouched, WorkContext } from './work-context.ts';

interface SourceSite {
  siteId: string;
  code: string;
  /** `<CODE>/Stock`, where requested goods are taken from (FEFO at or below it). */
  stockId: string | null;
}

/** The site goods leave: a warehouse or a store. */
async function sourceSite(q: Queryable, code: string): Promise<SourceSite> {
  const [site] = await q.query<{ id: string; stock: string | null }>(
    `SELECT s.id, (SELECT l.id FROM locations l WHERE l.site_id = s.id AND l.full_name = s.code || '/Stock') AS stock
     FROM sites s WHERE s.code = $1 AND s.kind IN ('warehouse', 'store')`,
    [code],
  );
  if (!site) throw new WarehouseError('unknown_site', `There is no warehouse or store with code ${code} to send the goods from.`);
  return { siteId: site.id, code, stockId: site.stock };
}

export interface TransferMade {
  pickingId: string;
  reference: string;
  backorderId: string | null;
  /** The site the goods go to. */
  toSite: string;
}

export async function checkInternal(q: Queryable, siteId: string, ids: readonly string[], where = 'of the warehouse'): Promise<void> {
  const wanted = [...new Set(ids)];
  const rows = await q.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'internal' AND id = ANY($2::text[])`, [siteId, wanted]);
  if (rows.length !== wanted.length) throw new WarehouseError('unknown_location', `Every location must be a stock location ${where}.`);
}

async function virtualLocation(q: Queryable, siteId: string, usage: 'transit'): Promise<string> {
  const [row] = await q.query<{ id: string }>('SELECT id FROM locations WHERE site_id = $1 AND usage = $2 ORDER BY full_name LIMIT 1', [siteId, usage]);
  if (!row) throw new WarehouseError('unknown_location', `site ${siteId} has no ${usage} location`);
  return row.id;
}

/** Where goods sent to `code` are put away: `locationId` (an internal location there) or its Stock. */
async function arrivalLocation(q: Queryable, code: string, locationId: string | undefined): Promise<{ siteId: string; locationId: string }> {
  const [site] = await q.query<{ id: string; stock: string | null }>(
    `SELECT s.id, (SELECT l.id FROM locations l WHERE l.site_id = s.id AND l.full_name = s.code || '/Stock') AS stock FROM sites s WHERE s.code = $1`,
    [code],
  );
  if (!site) throw new WarehouseError('unknown_site', `There is no site with code ${code} to send the goods to.`);
  if (locationId) {
    await checkInternal(q, site.id, [locationId], `of ${code}`);
    return { siteId: site.id, locationId };
  }
  if (!site.stock) throw new WarehouseError('unknown_location', `${code} has no Stock location: choose where the goods go.`);
  return { siteId: site.id, locationId: site.stock };
}

function checkLines(req: TransferBody): void {
  if (req.toSite === undefined) {
    if (req.arrivalLocationId !== undefined) throw new WarehouseError('bad_request', 'arrivalLocationId goes with toSite: inside the warehouse, give each line its toLocationId.');
    req.lines.forEach((l, i) => {
      if (!l.toLocationId) throw new WarehouseError('bad_request', `Line ${i + 1}: toLocationId is required for a move inside ${req.warehouse}.`);
      if (l.toLocationId === l.fromLocationId) throw new WarehouseError('bad_request', `Line ${i + 1}: the goods must go to another location than the one they come from.`);
    });
    return;
  }
  if (req.toSite === req.warehouse) throw new WarehouseError('bad_request', `toSite is another site; to move goods inside ${req.warehouse}, leave it out and give each line its toLocationId.`);
  if (req.lines.some((l) => l.toLocationId !== undefined)) throw new WarehouseError('bad_request', `Goods sent to ${req.toSite} go to arrivalLocationId (default its Stock): leave toLocationId out of the lines.`);
}

export async function createTransfer(db: Db, req: TransferBody): Promise<TransferMade> {
  checkLines(req);
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const ctx = new WorkContext(tx);
    const w = await sourceSite(tx, req.warehouse);
    await checkInternal(tx, w.siteId, req.lines.map((l) => l.fromLocationId), `of ${req.warehouse}`);
    const lot = (l: TransferBody['lines'][number]): { lot?: string } => (l.lot ? { lot: l.lot } : {});
    let id: string;
    if (req.toSite === undefined) {
      await checkInternal(tx, w.siteId, req.lines.map((l) => l.toLocationId ?? ''), `of ${req.warehouse}`);
      id = await createPicking(ctx, { kind: 'transfer', step: 'transfer', siteId: w.siteId, state: 'waiting' },
        req.lines.map((l) => ({ productId: l.productId, qty: l.qty, fromLocationId: l.fromLocationId, toLocationId: l.toLocationId ?? '', ...lot(l) })));
    } else {
      const arrival = await arrivalLocation(tx, req.toSite, req.arrivalLocationId);
      const transit = await virtualLocation(tx, w.siteId, 'transit');
      id = await createPicking(ctx, { kind: 'delivery', step: 'ship', siteId: w.siteId, state: 'waiting', arrivalLocationId: arrival.locationId },
        req.lines.map((l) => ({ productId: l.productId, qty: l.qty, fromLocationId: l.fromLocationId, toLocationId: transit, ...lot(l) })));
    }
    const backorderId = await allocatePicking(ctx, id);
    const [made] = await tx.query<{ reference: string }>('SELECT reference FROM pickings WHERE id = $1', [id]);
    await publishTouched(ctx);
    return { pickingId: id, reference: made?.reference ?? '', backorderId: backorderId === id ? null : backorderId, toSite: req.toSite ?? req.warehouse };
  });
}

/** A site asks `fromSite` for stock: a transfer in state `requested` there, nothing reserved yet. */
export async function requestTransfer(db: Db, req: TransferRequestBody, userId: string | null, now = new Date()): Promise<TransferRequested> {
  if (req.fromSite === req.toSite) throw new WarehouseError('bad_request', `A transfer goes to another site: ${req.toSite} cannot ask itself for stock.`);
  return db.transaction(async (tx) => {
    const ctx = new WorkContext(tx, now);
    const from = await sourceSite(tx, req.fromSite);
    if (!from.stockId) throw new WarehouseError('unknown_location', `${req.fromSite} has no Stock location to take the goods from.`);
    const arrival = await arrivalLocation(tx, req.toSite, req.arrivalLocationId);
    const transit = await virtualLocation(tx, from.siteId, 'transit');
    const ids = [...new Set(req.lines.map((l) => l.productId))];
    const known = await tx.query<{ id: string }>('SELECT id FROM products WHERE id = ANY($1::text[])', [ids]);
    if (known.length !== ids.length) throw new WarehouseError('unknown_product', 'A line of the request names a product that does not exist.');
    const id = await createPicking(ctx, { kind: 'delivery', step: 'ship', siteId: from.siteId, state: 'requested', arrivalLocationId: arrival.locationId },
      req.lines.map((l) => ({ productId: l.productId, qty: l.qty, fromLocationId: from.stockId ?? '', toLocationId: transit, ...(l.lot ? { lot: l.lot } : {}) })));
    const [made] = await tx.query<{ reference: string }>(
      'UPDATE pickings SET requested_by = $2, requested_at = $3, request_note = $4 WHERE id = $1 RETURNING reference',
      [id, userId, now, req.note?.trim() || null],
    );
    // Requested pickings are on no device (picking_docs leaves them out): nothing to publish.
    return { pickingId: id, reference: made?.reference ?? '', state: 'requested', fromSite: req.fromSite, toSite: req.toSite };
  });
}

/**
 * The source's answer to a request. Accept: reserved FEFO at its Stock and below, ready for its
 * stations (what it lacks waits in a backorder, served when its stock grows). Decline: cancelled.
 */
export async function decideTransfer(db: Db, id: string, decision: 'accept' | 'decline', userId: string | null, now = new Date()): Promise<TransferDecided> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const ctx = new WorkContext(tx, now);
    const p = await lockPicking(tx, id);
    if (!p || p.kind !== 'delivery' || !p.arrival_location_id) throw new WarehouseError('unknown_picking', `There is no transfer ${id}.`);
    const [row] = await tx.query<{ reference: string; requested: boolean }>('SELECT reference, requested_at IS NOT NULL AS requested FROM pickings WHERE id = $1', [id]);
    const reference = row?.reference ?? id;
    if (!row?.requested) throw new WarehouseError('not_requested', `${reference} was made by a manager, not requested: there is nothing to accept or decline.`);
    if (p.state !== 'requested') throw new WarehouseError('not_requested', `${reference} is no longer a request (it is ${p.state === 'cancelled' ? 'declined or cancelled' : 'accepted'}).`);
    await tx.query('UPDATE pickings SET decided_by = $2, decided_at = $3 WHERE id = $1', [id, userId, now]);
    let backorderId: string | null = null;
    if (decision === 'decline') await setState(ctx, id, 'cancelled');
    else {
      await setState(ctx, id, 'waiting');
      const waiting = await allocatePicking(ctx, id);
      backorderId = waiting === id ? null : waiting;
    }
    await publishTouched(ctx);
    const [after] = await tx.query<{ state: TransferDecided['state'] }>('SELECT state FROM pickings WHERE id = $1', [id]);
    return { pickingId: id, reference, state: after?.state ?? 'waiting', backorderId };
  });
}

export interface Shipped {
  productId: string;
  qty: number;
  /** Where the goods went: the source's transit location. */
  at: string;
  lot: string;
  expiry: string | null;
}

/** A validated shipment of a transfer to another site: what left becomes a ready receipt there. */
export async function createArrival(ctx: WorkContext, shipment: PickingRow, shipped: readonly Shipped[]): Promise<string | null> {
  if (!shipment.arrival_location_id) return null;
  const byKey = new Map<string, NewLine>();
  for (const s of shipped) {
    if (!(s.qty > 0)) continue;
    const key = `${s.productId}|${s.lot}|${s.at}`;
    const line = byKey.get(key);
    if (line) line.qty = round4(line.qty + s.qty);
    else byKey.set(key, { productId: s.productId, qty: s.qty, fromLocationId: s.at, toLocationId: shipment.arrival_location_id, lot: s.lot, expiry: s.expiry });
  }
  if (byKey.size === 0) return null;
  const [dest] = await ctx.tx.query<{ site_id: string }>('SELECT site_id FROM locations WHERE id = $1', [shipment.arrival_location_id]);
  if (!dest) throw new WarehouseError('unknown_location', `the arrival location of ${shipment.reference} is gone`);
  return createPicking(ctx, { kind: 'receipt', step: 'receive', siteId: dest.site_id, state: 'ready', previousStep: shipment.id }, [...byKey.values()]);
}
