// Stock page: on hand, reserved, available and value at cost (Σ round(on_hand × product cost),
// the same rule the inventory account is posted with) per site and per location, goods in transit
// between sites (they stay in the inventory account until received or written off); low stock
// against reorder rules; open purchase proposals; and one product's stock-move history.
// Reads quants (kept with every move) and the indexed stock_moves of one product.
import { folded } from '../db/name-sql.ts';
import type { CategoryStockRow, IncomingRow, InTransitRow, LowStockRow, ProductMoves, ProductStock, ProposalRow, StockLevelRow, StockOutRow, StockReport } from '../../shared/reports/report-types.ts';
import { storeDay } from '../../shared/time/index.ts';
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

interface RawTransit {
  reference: string;
  from_id: string;
  from: string;
  to_id: string;
  to: string;
  receipt: string;
  location_id: string;
  location: string;
  product_ids: string[];
  qty: string;
  value: string;
}

/**
 * Goods in transit: what open arrival receipts (a transfer's shipment received at the destination
 * as a receipt) still expect, from the source's transit location — the same units the stock moves
 * into and out of transit leave there. Valued like quants, at today's cost.
 */
async function transit(db: Queryable, siteId: string | null): Promise<RawTransit[]> {
  return db.query<RawTransit>(
    `SELECT sh.reference, fs.id AS from_id, fs.code AS "from", ds.id AS to_id, ds.code AS "to", r.reference AS receipt, tl.id AS location_id, tl.full_name AS location,
            array_agg(DISTINCT rl.product_id) AS product_ids, sum(rl.qty - rl.done_qty) AS qty, coalesce(sum(round((rl.qty - rl.done_qty) * p.cost)), 0) AS value
     FROM pickings r JOIN picking_lines rl ON rl.picking_id = r.id JOIN pickings sh ON sh.id = r.previous_step
       JOIN sites fs ON fs.id = sh.site_id JOIN sites ds ON ds.id = r.site_id JOIN locations tl ON tl.id = rl.from_location_id AND tl.usage = 'transit'
       JOIN products p ON p.id = rl.product_id
     WHERE r.kind = 'receipt' AND r.state IN ('ready', 'in_progress') AND rl.qty > rl.done_qty AND ($1::text IS NULL OR fs.id = $1 OR ds.id = $1)
     GROUP BY sh.reference, fs.id, fs.code, ds.id, ds.code, r.reference, tl.id, tl.full_name ORDER BY fs.code, sh.reference`,
    [siteId],
  );
}

/** The transit rows of the stock by location: one per source site in scope. */
function transitLevels(rows: readonly RawTransit[], siteId: string | null): StockLevelRow[] {
  const bySource = new Map<string, StockLevelRow & { ids: Set<string> }>();
  for (const r of rows) {
    if (siteId !== null && r.from_id !== siteId) continue;
    const row = bySource.get(r.location_id) ?? { siteId: r.from_id, site: r.from, locationId: r.location_id, location: 'In transit', products: 0, onHand: 0, reserved: 0, available: 0, value: 0, ids: new Set<string>() };
    for (const id of r.product_ids) row.ids.add(id);
    row.onHand += Number(r.qty);
    row.value += Number(r.value);
    bySource.set(r.location_id, row);
  }
  return [...bySource.values()].map(({ ids, ...row }) => ({ ...row, products: ids.size, available: 0 }));
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

/** The store day 28 days before today in `zone` (the sales window of days of cover and stock-outs). */
function salesWindowStart(zone: string, now: Date): string {
  return new Date(Date.parse(`${storeDay(now, zone)}T00:00:00Z`) - 27 * 86_400_000).toISOString().slice(0, 10);
}

/** Stock value and days of cover per category: on hand ÷ units sold per day over the last 28 store days. */
async function byCategory(db: Queryable, siteId: string | null, since: string): Promise<CategoryStockRow[]> {
  const rows = await db.query<{ category: string; products: number; on_hand: string; value: string; sold: string | null }>(
    `WITH stock AS (
       SELECT coalesce(nullif(p.category, ''), 'uncategorised') AS category, count(DISTINCT q.product_id)::int AS products,
              sum(q.on_hand) AS on_hand, coalesce(sum(round(q.on_hand * p.cost)), 0) AS value
       FROM quants q JOIN locations l ON l.id = q.location_id JOIN products p ON p.id = q.product_id
       WHERE l.usage = 'internal' AND ($1::text IS NULL OR l.site_id = $1) GROUP BY 1),
     sold AS (
       SELECT coalesce(nullif(p.category, ''), 'uncategorised') AS category, sum(a.qty_sold - a.qty_returned) AS sold
       FROM product_sales_daily a JOIN products p ON p.id = a.product_id
       WHERE a.day >= $2::date AND ($1::text IS NULL OR a.site_id = $1) GROUP BY 1)
     SELECT stock.category, stock.products, stock.on_hand, stock.value, sold.sold FROM stock LEFT JOIN sold ON sold.category = stock.category
     ORDER BY stock.value DESC`,
    [siteId, since],
  );
  return rows.map((r) => {
    const daily = Number(r.sold ?? 0) / 28;
    return {
      category: r.category, products: r.products, onHand: Number(r.on_hand), value: Number(r.value), dailySales: daily,
      daysOfCover: daily > 0 ? Number(r.on_hand) / daily : null,
    };
  });
}

/** Products sold at a site in the last 28 store days, or with a reorder rule there, that have nothing available. */
async function stockOuts(db: Queryable, siteId: string | null, since: string, withRules: boolean): Promise<StockOutRow[]> {
  const rows = await db.query<{ site: string; sku: string; name: string; available: string; sold: string }>(
    `WITH wanted AS (
       SELECT site_id, product_id, sum(qty_sold) AS sold FROM product_sales_daily
       WHERE day >= $2::date AND ($1::text IS NULL OR site_id = $1) GROUP BY 1, 2
       ${withRules ? 'UNION ALL SELECT site_id, product_id, 0 FROM reorder_rules WHERE ($1::text IS NULL OR site_id = $1)' : ''}),
     w AS (SELECT site_id, product_id, sum(sold) AS sold FROM wanted GROUP BY 1, 2)
     SELECT s.code AS site, p.sku, p.name, coalesce(q.available, 0) AS available, w.sold
     FROM w JOIN sites s ON s.id = w.site_id JOIN products p ON p.id = w.product_id AND p.active
     LEFT JOIN LATERAL (SELECT sum(q.on_hand - q.reserved) AS available FROM quants q JOIN locations l ON l.id = q.location_id
                        WHERE q.product_id = w.product_id AND l.site_id = w.site_id AND l.usage = 'internal') q ON true
     WHERE coalesce(q.available, 0) <= 0
     ORDER BY w.sold DESC, s.code, p.sku LIMIT 2000`,
    [siteId, since],
  );
  return rows.map((r) => ({ site: r.site, sku: r.sku, name: r.name, available: Number(r.available), sold28: Number(r.sold) }));
}

export async function stockReport(db: Queryable, siteId: string | null, zone = 'UTC', now: Date = new Date()): Promise<StockReport> {
  const tables = await existingTables(db, ['reorder_rules', 'purchase_proposals', 'pickings']);
  const since = salesWindowStart(zone, now);
  const [bySite, shelves, categories, outs, moving] = await Promise.all([
    levels(db, siteId, false), levels(db, siteId, true), byCategory(db, siteId, since), stockOuts(db, siteId, since, tables.has('reorder_rules')),
    tables.has('pickings') ? transit(db, siteId) : Promise.resolve([]),
  ]);
  const inTransit: InTransitRow[] = moving.map((r) => ({ reference: r.reference, from: r.from, to: r.to, receipt: r.receipt, products: r.product_ids.length, qty: Number(r.qty), value: Number(r.value) }));
  const byLocation = [...shelves, ...transitLevels(moving, siteId)];
  return {
    byCategory: categories, stockOuts: outs,
    bySite, byLocation, inTransit, totalValue: byLocation.reduce((a, r) => a + r.value, 0),
    lowStock: tables.has('reorder_rules') ? { available: true, rows: await lowStock(db, siteId) } : unavailable(['reorder_rules']),
    proposals: tables.has('purchase_proposals') ? { available: true, rows: await proposals(db, siteId) } : unavailable(['purchase_proposals']),
  };
}

/**
 * Stock of one product found by name, SKU or barcode: on hand, reserved and available per site,
 * location and lot (quants, the same rows GET /api/stock serves), what is on its way (open
 * purchase-order lines, open transfers and receipts not tied to an order) and its recent moves.
 */
export async function productStock(db: Queryable, search: string, productId: string | null, siteId: string | null): Promise<ProductStock> {
  const matches = await db.query<{ id: string; sku: string; name: string; barcodes: string[] | null }>(
    `WITH hit AS (
       SELECT id, 0 AS rank FROM products WHERE id = $1 OR sku = $1
       UNION ALL SELECT product_id, 0 FROM product_barcodes WHERE barcode = $1 OR barcode = lpad($1, 14, '0')
       UNION ALL (SELECT id, 1 FROM products WHERE ${folded('name')} LIKE '%' || ${folded('$1')} || '%' OR sku ILIKE $1 || '%' ORDER BY sku LIMIT 20))
     SELECT p.id, p.sku, p.name, (SELECT array_agg(b.barcode ORDER BY b.barcode) FROM product_barcodes b WHERE b.product_id = p.id) AS barcodes
     FROM (SELECT id, min(rank) AS rank FROM hit GROUP BY id) h JOIN products p ON p.id = h.id
     ORDER BY h.rank, p.sku LIMIT 20`,
    [search],
  );
  const list = matches.map((m) => ({ id: m.id, sku: m.sku, name: m.name, barcodes: m.barcodes ?? [] }));
  const product = list.find((m) => m.id === productId) ?? list[0] ?? null;
  if (!product) return { matches: list, product: null, rows: [], incoming: [], moves: [] };
  const rows = await db.query<{ site_id: string; site: string; location: string; lot: string; expiry: string | null; on_hand: string; reserved: string }>(
    `SELECT s.id AS site_id, s.code AS site, l.full_name AS location, q.lot, to_char(q.expiry, 'YYYY-MM-DD') AS expiry, q.on_hand, q.reserved
     FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites s ON s.id = l.site_id
     WHERE q.product_id = $1 AND l.usage = 'internal' AND ($2::text IS NULL OR s.id = $2)
     ORDER BY s.code, l.full_name, q.lot`,
    [product.id, siteId],
  );
  const tables = await existingTables(db, ['purchase_orders', 'pickings']);
  const incoming: IncomingRow[] = [];
  if (tables.has('purchase_orders')) {
    const po = await db.query<{ reference: string; site: string; supplier: string; qty: string; expected: string | null }>(
      `SELECT o.reference, s.code AS site, o.supplier, sum(l.qty - l.received) AS qty, to_char(o.expected_at, 'YYYY-MM-DD') AS expected
       FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.purchase_order_id JOIN sites s ON s.id = o.site_id
       WHERE l.product_id = $1 AND o.state = 'open' AND NOT l.closed AND l.qty > l.received AND ($2::text IS NULL OR o.site_id = $2)
       GROUP BY o.id, s.code ORDER BY o.expected_at NULLS LAST, o.reference`,
      [product.id, siteId],
    );
    incoming.push(...po.map((r) => ({ kind: 'purchase order' as const, reference: r.reference, site: r.site, from: r.supplier, qty: Number(r.qty), expected: r.expected })));
  }
  if (tables.has('pickings')) {
    // A return by post's receipt comes from a customer: named by the order and its customer.
    const moving = await db.query<{ kind: 'transfer' | 'receipt' | 'in transit' | 'customer return'; reference: string; site: string; from_site: string; qty: string; created_at: Date | string }>(
      `SELECT CASE WHEN p.return_request_id IS NOT NULL THEN 'customer return' WHEN fl.usage = 'transit' THEN 'in transit' ELSE p.kind END AS kind, p.reference, ts.code AS site,
         coalesce((SELECT 'Order ' || o.external_ref || coalesce(', ' || coalesce(c.name, o.customer->>'name'), '') FROM return_requests r JOIN orders o ON o.id = r.order_id
                   LEFT JOIN customers c ON c.id = o.customer_id WHERE r.id = p.return_request_id), fs.code) AS from_site,
         sum(l.qty - l.done_qty) AS qty, p.created_at
       FROM picking_lines l JOIN pickings p ON p.id = l.picking_id
       JOIN locations tl ON tl.id = l.to_location_id JOIN sites ts ON ts.id = tl.site_id
       JOIN locations fl ON fl.id = l.from_location_id JOIN sites fs ON fs.id = fl.site_id
       WHERE l.product_id = $1 AND p.kind IN ('transfer', 'receipt') AND p.purchase_order_id IS NULL
         AND p.state NOT IN ('done', 'cancelled') AND tl.usage = 'internal' AND l.qty > l.done_qty AND ($2::text IS NULL OR tl.site_id = $2)
       GROUP BY p.id, fl.usage, ts.code, fs.code ORDER BY p.created_at`,
      [product.id, siteId],
    );
    incoming.push(...moving.map((r) => ({ kind: r.kind, reference: r.reference, site: r.site, from: r.from_site, qty: Number(r.qty), expected: null })));
  }
  const moves = await productMoves(db, product.id, siteId, 50);
  return {
    matches: list, product,
    rows: rows.map((r) => ({ siteId: r.site_id, site: r.site, location: r.location, lot: r.lot, expiry: r.expiry, onHand: Number(r.on_hand), reserved: Number(r.reserved), available: Number(r.on_hand) - Number(r.reserved) })),
    incoming, moves: moves.moves,
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
