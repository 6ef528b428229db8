// Stock page: on hand, reserved, available and value at cost (Σ round(on_hand × product cost),
// the same rule the inventory account is posted with) per site and per location; low stock
// against reorder rules; open purchase proposals; and one product's stock-move history.
// Reads quants (kept with every move) and the indexed stock_moves of one product.
import type { LowStockRow, ProductMoves, ProposalRow, StockLevelRow, StockReport } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';
import { existingTables, unavailable } from './optional-tables.ts';

interface RawLevel {
  site_id: string;
  site: string;
  location_id: string | null;
  location: string | null;
  products: number;
  on_hand: string;
  reserved: string;
  value: string;
}

const toLevel = (r: RawLevel): StockLevelRow => ({
  siteId: r.site_id, site: r.site, locationId: r.location_id, location: r.location ?? 'all locations', products: r.products,
  onHand: Number(r.on_hand), reserved: Number(r.reserved), available: Number(r.on_hand) - Number(r.reserved), value: Number(r.value),
});

async function levels(db: Queryable, siteId: string | null, byLocation: boolean): Promise<StockLevelRow[]> {
  const loc = byLocation ? 'l.id' : 'NULL::text';
  const locName = byLocation ? 'l.full_name' : 'NULL::text';
  const rows = await db.query<RawLevel>(
    `SELECT s.id AS site_id, s.code AS site, ${loc} AS location_id, ${locName} AS location,
            count(DISTINCT q.product_id)::int AS products, sum(q.on_hand) AS on_hand, sum(q.reserved) AS reserved,
            coalesce(sum(round(q.on_hand * p.cost)), 0) AS value
     FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites s ON s.id = l.site_id JOIN products p ON p.id = q.product_id
     WHERE l.usage = 'internal' AND ($1::text IS NULL OR s.id = $1)
     GROUP BY s.id, s.code, 3, 4 ORDER BY s.code, 4`,
    [siteId],
  );
  return rows.map(toLevel);
}

async function lowStock(db: Queryable, siteId: string | null): Promise<LowStockRow[]> {
  const rows = await db.query<{ site: string; sku: string; name: string; on_hand: string; reserved: string; min_qty: string; max_qty: string }>(
    `SELECT s.code AS site, p.sku, p.name, coalesce(q.on_hand, 0) AS on_hand, coalesce(q.reserved, 0) AS reserved, r.min_qty, r.max_qty
     FROM reorder_rules r JOIN sites s ON s.id = r.site_id JOIN products p ON p.id = r.product_id
     LEFT JOIN LATERAL (SELECT sum(q.on_hand) AS on_hand, sum(q.reserved) AS reserved FROM quants q JOIN locations l ON l.id = q.location_id
                        WHERE q.product_id = r.product_id AND l.site_id = r.site_id AND l.usage = 'internal') q ON true
     WHERE ($1::text IS NULL OR r.site_id = $1) AND coalesce(q.on_hand, 0) - coalesce(q.reserved, 0) < r.min_qty
     ORDER BY s.code, p.sku LIMIT 5000`,
    [siteId],
  );
  return rows.map((r) => {
    const available = Number(r.on_hand) - Number(r.reserved);
    return { site: r.site, sku: r.sku, name: r.name, onHand: Number(r.on_hand), available, minQty: Number(r.min_qty), maxQty: Number(r.max_qty), shortBy: Number(r.min_qty) - available };
  });
}

async function proposals(db: Queryable, siteId: string | null): Promise<ProposalRow[]> {
  const rows = await db.query<{ id: string; site: string; sku: string; name: string; qty: string; forecast: string; created_at: Date | string }>(
    `SELECT pp.id, s.code AS site, p.sku, p.name, pp.qty, pp.forecast, pp.created_at
     FROM purchase_proposals pp JOIN sites s ON s.id = pp.site_id JOIN products p ON p.id = pp.product_id
     WHERE pp.state = 'open' AND ($1::text IS NULL OR pp.site_id = $1) ORDER BY pp.created_at DESC LIMIT 5000`,
    [siteId],
  );
  return rows.map((r) => ({ id: r.id, site: r.site, sku: r.sku, name: r.name, qty: Number(r.qty), forecast: Number(r.forecast), createdAt: new Date(r.created_at).toISOString() }));
}

export async function stockReport(db: Queryable, siteId: string | null): Promise<StockReport> {
  const tables = await existingTables(db, ['reorder_rules', 'purchase_proposals']);
  const [bySite, byLocation] = await Promise.all([levels(db, siteId, false), levels(db, siteId, true)]);
  return {
    bySite, byLocation, totalValue: bySite.reduce((a, r) => a + r.value, 0),
    lowStock: tables.has('reorder_rules') ? { available: true, rows: await lowStock(db, siteId) } : unavailable(['reorder_rules']),
    proposals: tables.has('purchase_proposals') ? { available: true, rows: await proposals(db, siteId) } : unavailable(['purchase_proposals']),
  };
}

/** Moves of one product (by id, SKU or barcode), newest first, optionally only those touching a site. */
export async function productMoves(db: Queryable, product: string, siteId: string | null, limit = 500): Promise<ProductMoves> {
  const [p] = await db.query<{ id: string; sku: string; name: string }>(
    `SELECT id, sku, name FROM products WHERE id = $1 OR sku = $1
     UNION SELECT p.id, p.sku, p.name FROM product_barcodes b JOIN products p ON p.id = b.product_id WHERE b.barcode = lpad($1, 14, '0')
     LIMIT 1`,
    [product],
  );
  if (!p) return { product: null, moves: [] };
  const rows = await db.query<{ id: string; created_at: Date | string; reason: string; from_name: string; to_name: string; lot: string; qty: string; event_id: string | null }>(
    `SELECT m.id, m.created_at, m.reason, f.full_name AS from_name, t.full_name AS to_name, m.lot, m.qty, m.event_id
     FROM stock_moves m JOIN locations f ON f.id = m.from_location_id JOIN locations t ON t.id = m.to_location_id
     WHERE m.product_id = $1 AND ($2::text IS NULL OR f.site_id = $2 OR t.site_id = $2)
     ORDER BY m.created_at DESC, m.id DESC LIMIT $3`,
    [p.id, siteId, limit],
  );
  return {
    product: p,
    moves: rows.map((r) => ({ id: Number(r.id), at: new Date(r.created_at).toISOString(), reason: r.reason, from: r.from_name, to: r.to_name, lot: r.lot, qty: Number(r.qty), eventId: r.event_id })),
  };
}
