// Packages (SSCC): packing puts goods in a package, which then is where they are; a package moves
// as a unit — moving it moves everything it holds (stock moves per product and lot) and the
// package's location. Goods a package holds that are reserved for a delivery move with that
// delivery's picking instead, so a package move never breaks a reservation. Every change to a
// package is published to its warehouse's stations (config kind 'package'), so a station can show
// what a scanned package holds and move it offline (package-docs.ts; package-moves.ts applies the move).
import type { Db, Tx } from '../db/db.ts';
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

export interface PackageContent {
  productId: string;
  lot: string;
  qty: number;
}

export interface PackageView {
  sscc: string;
  location: string;
  locationId: string;
  contents: PackageContent[];
}

export interface PackageRow {
  sscc: string;
  site_id: string;
  location_id: string;
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
  ctx.packages.add(g.sscc);
}

/** The package row, locked for the rest of the transaction; undefined when the books do not know it. */
export async function lockPackage(tx: Tx, sscc: string): Promise<PackageRow | undefined> {
  const [p] = await tx.query<PackageRow>('SELECT sscc, site_id, location_id FROM packages WHERE sscc = $1 FOR UPDATE', [sscc]);
  return p;
}

export async function packageContents(db: Pick<Db, 'query'>, sscc: string): Promise<PackageContent[]> {
  const rows = await db.query<{ product_id: string; lot: string; qty: string }>('SELECT product_id, lot, qty FROM package_contents WHERE sscc = $1 ORDER BY product_id, lot', [sscc]);
  return rows.map((c) => ({ productId: c.product_id, lot: c.lot, qty: Number(c.qty) }));
}

export async function packageView(db: Pick<Db, 'query'>, sscc: string): Promise<PackageView> {
  const [p] = await db.query<{ location_id: string; full_name: string }>('SELECT p.location_id, l.full_name FROM packages p JOIN locations l ON l.id = p.location_id WHERE p.sscc = $1', [sscc]);
  if (!p) throw new WarehouseError('unknown_package', `no package ${sscc}`);
  return { sscc, location: p.full_name, locationId: p.location_id, contents: await packageContents(db, sscc) };
}

/**
 * Moves a locked package and all the books say it holds to `toLocationId`. Checks every line
 * first and throws `package_reserved` before anything moved when goods in it are reserved for a
 * delivery (or the books have fewer there than it holds).
 */
export async function moveContents(ctx: WorkContext, p: PackageRow, contents: readonly PackageContent[], toLocationId: string, eventId?: string): Promise<void> {
  const { tx } = ctx;
  if (p.location_id === toLocationId) return;
  const expiries: (string | null)[] = [];
  for (const c of contents) {
    const [q] = await tx.query<{ on_hand: string; reserved: string; expiry: string | null }>(
      `SELECT on_hand, reserved, to_char(expiry, 'YYYY-MM-DD') AS expiry FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = $3 FOR UPDATE`,
      [c.productId, p.location_id, c.lot],
    );
    const free = round4(Number(q?.on_hand ?? 0) - Number(q?.reserved ?? 0));
    if (free < c.qty) {
      throw new WarehouseError('package_reserved', `package ${p.sscc} holds goods reserved for a delivery (or the books have fewer than it holds): move it with its picking`);
    }
    expiries.push(q?.expiry ?? null);
  }
  for (const [i, c] of contents.entries()) {
    const expiry = expiries[i];
    await applyMoves(tx, [{ productId: c.productId, qty: c.qty, fromLocationId: p.location_id, toLocationId, reason: 'transfer', ...(c.lot ? { lot: c.lot } : {}), ...(expiry ? { expiry } : {}), ...(eventId ? { eventId } : {}) }]);
    ctx.touchQuant(c.productId, p.location_id, c.lot);
    ctx.touchQuant(c.productId, toLocationId, c.lot);
  }
  await tx.query('UPDATE packages SET location_id = $2, updated_at = now() WHERE sscc = $1', [p.sscc, toLocationId]);
  ctx.packages.add(p.sscc);
}

/** Moves a package and all it holds to another internal location of its site, in one transaction (managers, HTTP). */
export async function movePackage(db: Db, sscc: string, toLocationId: string, now = new Date()): Promise<PackageView> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const p = await lockPackage(tx, sscc);
    if (!p) throw new WarehouseError('unknown_package', `no package ${sscc}`);
    const [to] = await tx.query<{ id: string }>(`SELECT id FROM locations WHERE id = $1 AND site_id = $2 AND usage = 'internal'`, [toLocationId, p.site_id]);
    if (!to) throw new WarehouseError('unknown_location', `the package can only move to an internal location of its warehouse`);
    const ctx = new WorkContext(tx, now);
    await moveContents(ctx, p, await packageContents(tx, sscc), toLocationId);
    await publishTouched(ctx);
  });
  return packageView(db, sscc);
}
