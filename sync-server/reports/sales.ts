// Sales page: the period split by channel, store, day, hour, cashier and tender; best sellers,
// worst sellers and dead stock (products with stock that sell least or not at all); margin by
// category and product; returns and the returns rate. Reads sales_daily, tender_daily and
// product_sales_daily (aggregates kept as sales are applied) and quants, never the sales lines.
import type { MarginRow, ProductRow, SalesReport, SlowMoverRow, TenderRow, TotalsRow } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';
import { aggregateWhere, filterParams, type ReportFilters } from './filters.ts';
import { TOTALS_SQL, salesTotals, toTotals, totalsByChannel, totalsBySite } from './overview.ts';

type Raw = Parameters<typeof toTotals>[0] & { k: string; label: string | null };

async function grouped(db: Queryable, f: ReportFilters, keySql: string, labelSql: string, join = ''): Promise<TotalsRow[]> {
  const rows = await db.query<NonNullable<Raw>>(
    `SELECT ${keySql} AS k, ${labelSql} AS label, ${TOTALS_SQL}
     FROM sales_daily d ${join} WHERE ${aggregateWhere('d')} GROUP BY 1, 2 ORDER BY 1`,
    filterParams(f),
  );
  return rows.map((r) => ({ key: r.k, label: r.label ?? r.k, ...toTotals(r) }));
}

export async function tenders(db: Queryable, f: ReportFilters): Promise<TenderRow[]> {
  const rows = await db.query<{ method: string; payments: string; amount: string }>(
    `SELECT method, sum(payments) AS payments, sum(amount) AS amount FROM tender_daily WHERE ${aggregateWhere()} GROUP BY method ORDER BY method`,
    filterParams(f),
  );
  return rows.map((r) => ({ method: r.method, payments: Number(r.payments), amount: Number(r.amount) }));
}

interface RawProduct {
  product_id: string;
  sku: string | null;
  name: string | null;
  qty_sold: string;
  qty_returned: string;
  net: string;
  cost: string;
}

const toProduct = (r: RawProduct): ProductRow => ({
  productId: r.product_id, sku: r.sku ?? '', name: r.name ?? r.product_id, qtySold: Number(r.qty_sold), qtyReturned: Number(r.qty_returned),
  revenue: Number(r.net), margin: Number(r.net) - Number(r.cost),
});

const PRODUCT_SUMS = `sum(qty_sold) AS qty_sold, sum(qty_returned) AS qty_returned, sum(net) AS net, sum(cost) AS cost`;

/**
 * Best sellers (by revenue) and most returned (by quantity) from one pass over the period's
 * product aggregates.
 */
export async function productRankings(db: Queryable, f: ReportFilters, limit = 20): Promise<{ best: ProductRow[]; mostReturned: ProductRow[] }> {
  const cols = `p.sku, p.name, coalesce(a.qty_sold, 0) AS qty_sold, coalesce(a.qty_returned, 0) AS qty_returned, coalesce(a.net, 0) AS net, coalesce(a.cost, 0) AS cost`;
  const rows = await db.query<RawProduct & { list: 'best' | 'returned' }>(
    `WITH a AS MATERIALIZED (SELECT product_id, ${PRODUCT_SUMS} FROM product_sales_daily WHERE ${aggregateWhere()} GROUP BY product_id)
     (SELECT 'best' AS list, a.product_id, ${cols} FROM a LEFT JOIN products p ON p.id = a.product_id ORDER BY a.net DESC, p.sku LIMIT $5)
     UNION ALL
     (SELECT 'returned', a.product_id, ${cols} FROM a LEFT JOIN products p ON p.id = a.product_id WHERE a.qty_returned > 0 ORDER BY a.qty_returned DESC, p.sku LIMIT $5)`,
    [...filterParams(f), limit],
  );
  const list = (name: 'best' | 'returned'): ProductRow[] => rows.filter((r) => r.list === name).map(toProduct);
  return { best: list('best'), mostReturned: list('returned') };
}

/** Stock on hand and its value at cost per product, in the sites in scope (internal locations). */
const STOCKED = `SELECT q.product_id, sum(q.on_hand) AS on_hand, sum(round(q.on_hand * p.cost)) AS value
  FROM quants q JOIN locations l ON l.id = q.location_id JOIN products p ON p.id = q.product_id
  WHERE l.usage = 'internal' AND ($3::text IS NULL OR l.site_id = $3) GROUP BY q.product_id HAVING sum(q.on_hand) > 0`;

interface RawSlow { product_id: string; sku: string; name: string; qty_sold: string | null; net: string | null; on_hand: string; value: string; last_sale: string | null }

const toSlow = (r: RawSlow): SlowMoverRow => ({
  productId: r.product_id, sku: r.sku, name: r.name, qtySold: Number(r.qty_sold ?? 0), revenue: Number(r.net ?? 0),
  onHand: Number(r.on_hand), stockValue: Number(r.value), lastSale: r.last_sale,
});

/**
 * Worst sellers: products with stock in scope and the lowest sales over the period (unsold first,
 * then by revenue); dead stock: products with stock and no sale in the `deadDays` store days up
 * to the period's end, largest stock value first. Both with their stock value and last sale.
 */
export async function slowMovers(db: Queryable, f: ReportFilters, deadDays: number, limit = 20): Promise<{ worst: SlowMoverRow[]; deadStock: SlowMoverRow[] }> {
  const lastSale = `(SELECT to_char(max(x.day), 'YYYY-MM-DD') FROM product_sales_daily x
     WHERE x.product_id = st.product_id AND x.qty_sold > 0 AND x.day <= $2::date AND ($3::text IS NULL OR x.site_id = $3) AND ($4::text IS NULL OR x.channel = $4))`;
  const rows = await db.query<RawSlow & { list: 'worst' | 'dead' }>(
    `WITH st AS MATERIALIZED (${STOCKED}),
     a AS MATERIALIZED (SELECT product_id, sum(qty_sold) AS qty_sold, sum(net) AS net FROM product_sales_daily WHERE ${aggregateWhere()} GROUP BY product_id),
     s AS MATERIALIZED (SELECT st.product_id, p.sku, p.name, a.qty_sold, a.net, st.on_hand, st.value, ${lastSale} AS last_sale
       FROM st JOIN products p ON p.id = st.product_id LEFT JOIN a ON a.product_id = st.product_id WHERE p.active)
     (SELECT 'worst' AS list, s.* FROM s ORDER BY coalesce(s.qty_sold, 0), coalesce(s.net, 0), s.value DESC, s.sku LIMIT $5)
     UNION ALL
     (SELECT 'dead', s.* FROM s WHERE s.last_sale IS NULL OR s.last_sale::date <= $2::date - $6::int ORDER BY s.value DESC, s.sku LIMIT $7)`,
    [...filterParams(f), limit, deadDays, 500],
  );
  return { worst: rows.filter((r) => r.list === 'worst').map(toSlow), deadStock: rows.filter((r) => r.list === 'dead').map(toSlow) };
}

const toMargin = (key: string, label: string, net: number, cost: number): MarginRow => ({
  key, label, revenue: net, cost, margin: net - cost, marginRate: net === 0 ? 0 : (net - cost) / net,
});

/** Margin over the period by product category, and the products with the highest and the lowest margin. */
export async function margins(db: Queryable, f: ReportFilters, limit = 15): Promise<{ byCategory: MarginRow[]; byProduct: MarginRow[] }> {
  const [categories, products] = await Promise.all([
    db.query<{ category: string; net: string; cost: string }>(
      `SELECT coalesce(nullif(p.category, ''), 'uncategorised') AS category, sum(a.net) AS net, sum(a.cost) AS cost
       FROM product_sales_daily a LEFT JOIN products p ON p.id = a.product_id WHERE ${aggregateWhere('a')} GROUP BY 1 ORDER BY 2 DESC`,
      filterParams(f),
    ),
    db.query<{ product_id: string; sku: string | null; name: string | null; net: string; cost: string }>(
      `WITH a AS MATERIALIZED (SELECT product_id, sum(net) AS net, sum(cost) AS cost FROM product_sales_daily WHERE ${aggregateWhere()} GROUP BY product_id)
       (SELECT a.*, p.sku, p.name FROM a LEFT JOIN products p ON p.id = a.product_id ORDER BY a.net - a.cost DESC, p.sku LIMIT $5)
       UNION
       (SELECT a.*, p.sku, p.name FROM a LEFT JOIN products p ON p.id = a.product_id ORDER BY a.net - a.cost, p.sku LIMIT $5)`,
      [...filterParams(f), limit],
    ),
  ]);
  return {
    byCategory: categories.map((c) => toMargin(c.category, c.category, Number(c.net), Number(c.cost))),
    byProduct: products.map((p) => toMargin(p.product_id, p.sku ? `${p.sku} ${p.name ?? ''}` : p.product_id, Number(p.net), Number(p.cost)))
      .sort((a, b) => b.margin - a.margin),
  };
}

export async function salesReport(db: Queryable, f: ReportFilters, deadStockDays = 60): Promise<SalesReport> {
  const [totals, byChannel, bySite, byDay, byHour, byCashier, byTender, products, slow, margin] = await Promise.all([
    salesTotals(db, f),
    totalsByChannel(db, f),
    totalsBySite(db, f),
    grouped(db, f, `to_char(d.day, 'YYYY-MM-DD')`, `to_char(d.day, 'YYYY-MM-DD')`),
    grouped(db, f, `lpad(d.hour::text, 2, '0') || ':00'`, `lpad(d.hour::text, 2, '0') || ':00'`),
    // Channel orders have no cashier: they are named by their channel ("web orders").
    grouped(db, f, `CASE WHEN d.cashier_id = '' THEN 'channel:' || d.channel ELSE d.cashier_id END`,
      `CASE WHEN d.cashier_id = '' THEN d.channel || ' orders' ELSE coalesce(u.display_name, d.cashier_id) END`,
      'LEFT JOIN users u ON u.id = d.cashier_id OR u.username = d.cashier_id'),
    tenders(db, f),
    productRankings(db, f),
    slowMovers(db, f, deadStockDays),
    margins(db, f),
  ]);
  return {
    filters: f, totals,
    returns: {
      count: totals.returns, amount: -totals.returnedGross,
      rateByAmount: totals.soldGross === 0 ? 0 : -totals.returnedGross / totals.soldGross,
      rateByCount: totals.orders === 0 ? 0 : totals.returns / totals.orders,
    },
    byChannel, bySite, byDay, byHour, byCashier, byTender, ...products, ...slow, deadStockDays,
    marginByCategory: margin.byCategory, marginByProduct: margin.byProduct,
  };
}
