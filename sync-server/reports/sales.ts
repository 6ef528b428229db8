// Sales page: the period split by channel, store, day, hour, cashier and tender; best and worst
// sellers; returns and the returns rate. Reads sales_daily, tender_daily and
// product_sales_daily (aggregates kept as sales are applied), never the sales lines.
import type { ProductRow, SalesReport, TenderRow, TotalsRow } from '../../shared/reports/report-types.ts';
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
 * Best sellers (by revenue), worst sellers (active products with the least revenue, unsold
 * first) and most returned (by quantity), from one pass over the period's product aggregates.
 */
export async function productRankings(db: Queryable, f: ReportFilters, limit = 20): Promise<{ best: ProductRow[]; worst: ProductRow[]; mostReturned: ProductRow[] }> {
  const cols = `p.sku, p.name, coalesce(a.qty_sold, 0) AS qty_sold, coalesce(a.qty_returned, 0) AS qty_returned, coalesce(a.net, 0) AS net, coalesce(a.cost, 0) AS cost`;
  const rows = await db.query<RawProduct & { list: 'best' | 'worst' | 'returned' }>(
    `WITH a AS MATERIALIZED (SELECT product_id, ${PRODUCT_SUMS} FROM product_sales_daily WHERE ${aggregateWhere()} GROUP BY product_id)
     (SELECT 'best' AS list, a.product_id, ${cols} FROM a LEFT JOIN products p ON p.id = a.product_id ORDER BY a.net DESC, p.sku LIMIT $5)
     UNION ALL
     (SELECT 'returned', a.product_id, ${cols} FROM a LEFT JOIN products p ON p.id = a.product_id WHERE a.qty_returned > 0 ORDER BY a.qty_returned DESC, p.sku LIMIT $5)
     UNION ALL
     (SELECT 'worst', p.id, ${cols} FROM products p LEFT JOIN a ON a.product_id = p.id WHERE p.active ORDER BY coalesce(a.net, 0), p.sku LIMIT $5)`,
    [...filterParams(f), limit],
  );
  const list = (name: 'best' | 'worst' | 'returned'): ProductRow[] => rows.filter((r) => r.list === name).map(toProduct);
  return { best: list('best'), worst: list('worst'), mostReturned: list('returned') };
}

export async function salesReport(db: Queryable, f: ReportFilters): Promise<SalesReport> {
  const [totals, byChannel, bySite, byDay, byHour, byCashier, byTender, products] = await Promise.all([
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
  ]);
  return {
    filters: f, totals,
    returns: {
      count: totals.returns, amount: -totals.returnedGross,
      rateByAmount: totals.soldGross === 0 ? 0 : -totals.returnedGross / totals.soldGross,
      rateByCount: totals.orders === 0 ? 0 : totals.returns / totals.orders,
    },
    byChannel, bySite, byDay, byHour, byCashier, byTender, ...products,
  };
}
