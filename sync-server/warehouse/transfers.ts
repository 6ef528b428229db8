// Transfers, made by managers for the scanner stations. Inside a warehouse, a transfer is one
// picking reserved FEFO at (or below) its source locations so the goods are not sold meanwhile.
// To another site (a store or another warehouse) it goes in two steps, as goods travel: the source
// warehouse ships it (a one-step delivery with no order, reserved like any delivery, into its transit
// location), and each validated shipment arrives as a ready receipt at the destination — validated
// by that warehouse's station, or received from the back office (receive.ts) where no station works.
import type { TransferBody } from '../../shared/admin-api/warehouse-moves.ts';
import type { Db, Queryable } from '../db/db.ts';
import { round4, WarehouseError } from './errors.ts';
import { allocatePicking, createPicking, type NewLine, type PickingRow } from './pickings.ts';
import { warehouseByCode } from './sites.ts';
import { publishTouched, WorkContext } from './work-context.ts';

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
    const w = await warehouseByCode(tx, req.warehouse);
    await checkInternal(tx, w.siteId, req.lines.map((l) => l.fromLocationId));
    const lot = (l: TransferBody['lines'][number]): { lot?: string } => (l.lot ? { lot: l.lot } : {});
    let id: string;
    if (req.toSite === undefined) {
      await checkInternal(tx, w.siteId, req.lines.map((l) => l.toLocationId ?? ''));
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
