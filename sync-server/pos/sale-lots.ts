// Which lot a till sale or return line takes its stock from (issue 12 point 8), and the serial
// numbers it moves. The till names the lot (from a GS1 scan, or its FEFO choice the cashier may
// change); the server books exactly that lot when it knows it at the store. A lot the store has
// never held is an exception (`unknown_lot`) and the line is booked against the store's FEFO
// lot instead: no quant is ever made up from a label. A line without a lot (an older till) takes
// the FEFO lot too. A return goes back into the lot its original line was booked against.
// Lots are read with the warehouse's quant lookup and FEFO order (warehouse/reservation.ts,
// shared/stock/fefo.ts); serials move through warehouse/serials.ts.
import type { Problem, Sale, SaleLine } from '../../shared/schemas/index.ts';
import type { Queryable, Tx } from '../db/db.ts';
import { fefoOrder, planFefo } from '../../shared/stock/fefo.ts';
import { siteQuants, type LockedQuant } from '../warehouse/reservation.ts';
import { trackSerial } from '../warehouse/serials.ts';
import { WorkContext } from '../warehouse/work-context.ts';
import type { PosCatalog } from './catalog-lookup.ts';
import type { SiteLocations } from './site-locations.ts';

/** Where a tracked line's stock is booked: the lot, and for sales the location holding it. */
export interface LineLot {
  lot: string;
  locationId: string;
  serial?: string;
}

export interface LotPlan {
  /** By `saleId/lineId`, tracked products only. */
  lines: Map<string, LineLot>;
  problems: Map<string, Problem[]>;
}

export const lineKey = (saleId: string, lineId: string): string => `${saleId}/${lineId}`;

const isTracked = (catalog: PosCatalog, productId: string): boolean => {
  const tracking = catalog.products.get(productId)?.tracking;
  return tracking === 'lot' || tracking === 'serial';
};

interface SerialRow {
  product_id: string;
  serial: string;
  lot: string;
}

async function serialLots(q: Queryable, keys: readonly { productId: string; serial: string }[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await q.query<SerialRow>(
    `SELECT s.product_id, s.serial, s.lot FROM serials s
     JOIN jsonb_to_recordset($1::jsonb) AS k(product_id text, serial text) USING (product_id, serial)`,
    [JSON.stringify(keys.map((k) => ({ product_id: k.productId, serial: k.serial })))],
  );
  return new Map(rows.map((r) => [`${r.product_id}|${r.serial}`, r.lot]));
}

/** The lot and serial each original line (of returns in the batch) was booked with. */
async function bookedLines(q: Queryable, sales: readonly Sale[]): Promise<Map<string, { lot: string | null; serial: string | null }>> {
  const keys = sales.flatMap((s) => s.lines.flatMap((l) => (l.returnOf ? [{ sale_id: l.returnOf.saleId, line_id: l.returnOf.lineId }] : [])));
  if (keys.length === 0) return new Map();
  const rows = await q.query<{ sale_id: string; line_id: string; lot: string | null; serial: string | null }>(
    `SELECT l.sale_id, l.line_id, l.lot, l.serial FROM pos_sale_lines l
     JOIN jsonb_to_recordset($1::jsonb) AS k(sale_id text, line_id text) USING (sale_id, line_id)`,
    [JSON.stringify(keys)],
  );
  return new Map(rows.map((r) => [lineKey(r.sale_id, r.line_id), { lot: r.lot, serial: r.serial }]));
}

/** The quant a line should take `qty` from, first to expire first (not expired, with stock), else the first to expire. */
function fefoQuant(quants: readonly LockedQuant[], qty: number, today: string): LockedQuant | undefined {
  const [first] = planFefo(quants, qty, today);
  return (first?.quant as LockedQuant | undefined) ?? [...quants].sort(fefoOrder)[0];
}

/** The quant of `lot` the store holds, preferring its main stock location, then the most on hand. */
function quantOfLot(quants: readonly LockedQuant[], lot: string, stock: string): LockedQuant | undefined {
  const held = quants.filter((q) => q.lot === lot);
  return held.find((q) => q.locationId === stock) ?? [...held].sort((a, b) => b.onHand - a.onHand)[0];
}

/**
 * Plans the lot of every tracked line in the batch, without locking (a lot is a choice; a lot
 * that ran out meanwhile shows as negative stock, like any short sale).
 */
export async function planSaleLots(tx: Tx, sales: readonly Sale[], catalog: PosCatalog, locations: ReadonlyMap<string, SiteLocations>): Promise<LotPlan> {
  const plan: LotPlan = { lines: new Map(), problems: new Map() };
  const tracked = sales.flatMap((s) => s.lines.filter((l) => l.qty !== 0 && isTracked(catalog, l.productId)).map((l) => ({ sale: s, line: l })));
  if (tracked.length === 0) return plan;
  const quants = await siteQuants(tx, [...new Set(tracked.map((t) => t.sale.siteId))], tracked.map((t) => t.line.productId), { lock: false });
  const serials = await serialLots(tx, tracked.flatMap(({ line }) => (line.serial ? [{ productId: line.productId, serial: line.serial }] : [])));
  const booked = await bookedLines(tx, sales);
  const say = (sale: Sale, problem: Problem): void => {
    plan.problems.set(sale.id, [...(plan.problems.get(sale.id) ?? []), problem]);
  };

  for (const { sale, line } of tracked) {
    const loc = locations.get(sale.siteId) as SiteLocations;
    const product = catalog.products.get(line.productId);
    const name = product?.name ?? line.productId;
    // Lot-tracked products are sold from a lot; a serial-numbered one may sit in the plain quant.
    const candidates = quants.filter((q) => q.productId === line.productId && q.siteId === sale.siteId && (product?.tracking === 'serial' || q.lot !== ''));
    const original = line.returnOf ? plan.lines.get(lineKey(line.returnOf.saleId, line.returnOf.lineId)) ?? booked.get(lineKey(line.returnOf.saleId, line.returnOf.lineId)) : undefined;
    const serial = line.serial ?? original?.serial ?? undefined;
    const originalLot = line.qty < 0 ? original?.lot ?? undefined : undefined;
    const requested = line.lot ?? originalLot ?? (serial !== undefined ? serials.get(`${line.productId}|${serial}`) : undefined);
    const serialPart = serial !== undefined ? { serial } : {};

    if (line.qty < 0 && original?.lot != null && (line.lot === undefined || line.lot === original.lot)) {
      // A return goes back into the lot its sale was booked against.
      plan.lines.set(lineKey(sale.id, line.lineId), { lot: original.lot, locationId: loc.stock, ...serialPart });
      continue;
    }
    const known = requested !== undefined ? quantOfLot(candidates, requested, loc.stock) : undefined;
    if (known) {
      plan.lines.set(lineKey(sale.id, line.lineId), { lot: known.lot, locationId: line.qty > 0 ? known.locationId : loc.stock, ...serialPart });
      continue;
    }
    const fallback = fefoQuant(candidates, Math.abs(line.qty), sale.createdAt.slice(0, 10));
    const chosen = fallback ? { lot: fallback.lot, locationId: line.qty > 0 ? fallback.locationId : loc.stock } : { lot: '', locationId: loc.stock };
    plan.lines.set(lineKey(sale.id, line.lineId), { ...chosen, ...serialPart });
    if (requested !== undefined && requested !== '' && line.lot !== undefined) {
      const instead = chosen.lot ? `booked against lot ${chosen.lot}, the store's first to expire` : 'booked without a lot (the store holds none)';
      say(sale, {
        code: 'unknown_lot',
        severity: 'warning',
        message: `receipt ${sale.receiptNo}: ${name} lot ${requested} is not known at this store; ${instead} — check the label and count the lots`,
      });
    }
  }
  return plan;
}

/** The lot a line's stock moves with: the plan's for tracked products, none otherwise (a lot on an untracked line is only printed). */
export function lotOfLine(plan: LotPlan, sale: Sale, line: SaleLine): LineLot | undefined {
  return plan.lines.get(lineKey(sale.id, line.lineId));
}

/**
 * Moves the serial numbers of the batch's serial-numbered lines and turns what does not add up
 * into exceptions: a serial sold that the books never saw, one already sold, or none at all.
 * Runs under the feed lock, so two tills selling the same serial are judged one after the other.
 */
export async function bookSaleSerials(tx: Tx, sales: readonly Sale[], catalog: PosCatalog, plan: LotPlan, locations: ReadonlyMap<string, SiteLocations>): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>();
  const say = (sale: Sale, list: readonly Problem[]): void => {
    if (list.length > 0) out.set(sale.id, [...(out.get(sale.id) ?? []), ...list]);
  };
  for (const sale of sales) {
    const loc = locations.get(sale.siteId) as SiteLocations;
    for (const line of sale.lines) {
      if (line.qty === 0 || catalog.products.get(line.productId)?.tracking !== 'serial') continue;
      const name = catalog.products.get(line.productId)?.name ?? line.productId;
      const booked = lotOfLine(plan, sale, line);
      const serial = booked?.serial;
      if (serial === undefined) {
        if (line.qty > 0) say(sale, [{ code: 'serial_required', severity: 'warning', message: `receipt ${sale.receiptNo}: ${name} is serial-numbered but was sold without its serial number` }]);
        continue;
      }
      if (line.qty > 0) say(sale, await soldSerialProblems(tx, sale, name, line.productId, serial));
      const ctx = new WorkContext(tx);
      const from = line.qty > 0 ? (booked?.locationId ?? loc.stock) : loc.customer;
      const to = line.qty > 0 ? loc.customer : line.restock === false ? loc.scrap : loc.stock;
      await trackSerial(ctx, { productId: line.productId, serial, lot: booked?.lot ?? '', qty: Math.abs(line.qty), fromLocationId: from, toLocationId: to, eventId: sale.id });
      say(sale, ctx.problems.map((p) => ({ ...p, message: `receipt ${sale.receiptNo}: ${p.message}` })));
    }
  }
  return out;
}

async function soldSerialProblems(tx: Tx, sale: Sale, name: string, productId: string, serial: string): Promise<Problem[]> {
  const [row] = await tx.query<{ usage: string; receipt_no: string | null }>(
    `SELECT l.usage, ps.receipt_no FROM serials s JOIN locations l ON l.id = s.location_id LEFT JOIN pos_sales ps ON ps.id = s.event_id
     WHERE s.product_id = $1 AND s.serial = $2 FOR UPDATE OF s`,
    [productId, serial],
  );
  if (!row) {
    return [{ code: 'unknown_serial', severity: 'warning', message: `receipt ${sale.receiptNo}: ${name} serial ${serial} is not in the books; sold all the same — check the label` }];
  }
  if (row.usage === 'customer') {
    const where = row.receipt_no ? ` on receipt ${row.receipt_no}` : '';
    return [{ code: 'serial_sold', severity: 'warning', message: `receipt ${sale.receiptNo}: ${name} serial ${serial} was already sold${where}; check for a duplicate label` }];
  }
  return [];
}
