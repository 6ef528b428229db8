// Packages (SSCC): packing puts goods in a package, which then is where they are; a package moves
// as a unit — moving it moves everything it holds (stock moves per product and lot) and the
// package's location. Goods a package holds that are reserved for a delivery move with that
// delivery's picking instead, so a package move never breaks a reservation.
import type { Db } from '../db/db.ts';
import { applyMoves } from '../stock/moves.ts';
import { round4, WarehouseError } from './errors.ts';
import { publishTouched, WorkContext } from './work-context.ts';

export interface PackedGoods {
  sscc: string;
  siteId: string;
  locationId: string;
  productId: string;
  lot: string;
  qty: number;
}

export interface PackageView {
  sscc: string;
  location: string;
  locationId: string;
  contents: { productId: string; lot: string; qty: number }[];
}

/** Goods put in a package at `locationId` (a pack step's validation): the package is there now. */
export async function packGoods(ctx: WorkContext, g: PackedGoods): Promise<void> {
  await ctx.tx.query(
    `INSERT INTO packages (sscc, site_id, location_id) VALUES ($1, $2, $3)
     ON CONFLICT (sscc) DO UPDATE SET location_id = EXCLUDED.location_id, updated_at = now()`,
    [g.sscc, g.siteId, g.locationId],
  );
  await ctx.tx.query(
    `INSERT INTO package_contents (sscc, product_id, lot, qty) VALUES ($1, $2, $3, $4)
     ON CONFLICT (sscc, product_id, lot) DO UPDATE SET qty = package_contents.qty + EXCLUDED.qty`,
    [g.sscc, g.productId, g.lot, g.qty],
  );
}

export async function packageView(db: Pick<Db, 'query'>, sscc: string): Promise<PackageView> {
  const [p] = await db.query<{ location_id: string; full_name: string }>('SELECT p.location_id, l.full_name FROM packages p JOIN locations l ON l.id = p.location_id WHERE p.sscc = $1', [sscc]);
  if (!p) throw new WarehouseError('unknown_package', `no package ${sscc}`);
  const contents = await db.query<{ product_id: string; lot: string; qty: string }>('SELECT product_id, lot, qty FROM package_contents WHERE sscc = $1 ORDER BY product_id, lot', [sscc]);
  return { sscc, location: p.full_name, locationId: p.location_id, contents: contents.map((c) => ({ productId: c.product_id, lot: c.lot, qty: Number(c.qty) })) };
}

/** Moves a package and all it holds to another internal location of its site, in one transaction. */
export async function movePackage(db: Db, sscc: string, toLocationId: string, now = new Date()): Promise<PackageView> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const [p] = await tx.query<{ site_id: string; location_id: string }>('SELECT site_id, location_id FROM packages WHERE sscc = $1 FOR UPDATE', [sscc]);
    if (!p) throw new WarehouseError('unknown_package', `no package ${sscc}`);
    const [to] = await tx.query<{ id: string }>(`SELECT id FROM locations WHERE id = $1 AND site_id = $2 AND usage = 'internal'`, [toLocationId, p.site_id]);
    if (!to) throw new WarehouseError('unknown_location', `the package can only move to an internal location of its warehouse`);
    if (p.location_id === toLocationId) return;
    const contents = await tx.query<{ product_id: string; lot: string; qty: string }>('SELECT product_id, lot, qty FROM package_contents WHERE sscc = $1 ORDER BY product_id, lot', [sscc]);
    const ctx = new WorkContext(tx, now);
    for (const c of contents) {
      const [q] = await tx.query<{ on_hand: string; reserved: string }>(
        'SELECT on_hand, reserved FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = $3 FOR UPDATE',
        [c.product_id, p.location_id, c.lot],
      );
      const free = round4(Number(q?.on_hand ?? 0) - Number(q?.reserved ?? 0));
      if (free < Number(c.qty)) {
        throw new WarehouseError('package_reserved', `package ${sscc} holds goods reserved for a delivery (or the books have fewer than it holds): move it with its picking`);
      }
      await applyMoves(tx, [{ productId: c.product_id, qty: Number(c.qty), fromLocationId: p.location_id, toLocationId, reason: 'transfer', ...(c.lot ? { lot: c.lot } : {}) }]);
      ctx.touchQuant(c.product_id, p.location_id, c.lot);
      ctx.touchQuant(c.product_id, toLocationId, c.lot);
    }
    await tx.query('UPDATE packages SET location_id = $2, updated_at = now() WHERE sscc = $1', [sscc, toLocationId]);
    await publishTouched(ctx);
  });
  return packageView(db, sscc);
}
