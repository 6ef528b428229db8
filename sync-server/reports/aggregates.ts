// Report aggregates (migration 040): the write side. `recordSaleAggregates` runs at the end of
// applySale, in the event's transaction, and folds the sale's stored projection rows
// (pos_sales / pos_sale_lines — the same numbers the journal was posted from) into the daily
// aggregates in one statement (data-modifying CTEs always run to completion). Journal movements
// (account_daily) and channel invoices (migration 041) are folded in by triggers.
import type { Sale } from '../../shared/schemas/index.ts';
import type { Queryable, Tx } from '../db/db.ts';

export const POS_CHANNEL = 'pos';

/** Adds one applied POS sale or return to sales_daily, product_sales_daily and tender_daily. */
export async function recordSaleAggregates(tx: Tx, sale: Pick<Sale, 'id' | 'payments'>, channel = POS_CHANNEL): Promise<void> {
  const payments = JSON.stringify(sale.payments.map((p) => ({ method: p.method, amount: p.amount })));
  await tx.query(
    `WITH s AS (
       SELECT id, kind, site_id, cashier_id, (created_at AT TIME ZONE 'UTC')::date AS day,
              extract(hour FROM created_at AT TIME ZONE 'UTC')::smallint AS hour
       FROM pos_sales WHERE id = $1),
     l AS (
       SELECT count(*)::int AS n, coalesce(sum(total), 0) AS gross, coalesce(sum(tax), 0) AS tax,
              coalesce(sum(cost), 0) AS cost, coalesce(sum(discount), 0) AS discount
       FROM pos_sale_lines WHERE sale_id = $1),
     daily AS (
       INSERT INTO sales_daily AS d (day, hour, site_id, channel, cashier_id, orders, returns, lines, gross, tax, net, cost, discount, sold_gross, returned_gross)
       SELECT s.day, s.hour, s.site_id, $2, s.cashier_id, CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END, CASE WHEN s.kind = 'return' THEN 1 ELSE 0 END,
              l.n, l.gross, l.tax, l.gross - l.tax, l.cost, l.discount,
              CASE WHEN s.kind = 'sale' THEN l.gross ELSE 0 END, CASE WHEN s.kind = 'return' THEN l.gross ELSE 0 END
       FROM s, l
       ON CONFLICT (day, site_id, channel, cashier_id, hour) DO UPDATE SET
         orders = d.orders + EXCLUDED.orders, returns = d.returns + EXCLUDED.returns, lines = d.lines + EXCLUDED.lines,
         gross = d.gross + EXCLUDED.gross, tax = d.tax + EXCLUDED.tax, net = d.net + EXCLUDED.net, cost = d.cost + EXCLUDED.cost,
         discount = d.discount + EXCLUDED.discount, sold_gross = d.sold_gross + EXCLUDED.sold_gross,
         returned_gross = d.returned_gross + EXCLUDED.returned_gross),
     products AS (
       INSERT INTO product_sales_daily AS p (day, site_id, channel, product_id, qty_sold, qty_returned, gross, net, tax, cost)
       SELECT s.day, s.site_id, $2, x.product_id,
              coalesce(sum(x.qty) FILTER (WHERE x.qty > 0), 0), coalesce(-sum(x.qty) FILTER (WHERE x.qty < 0), 0),
              sum(x.total), sum(x.total - x.tax), sum(x.tax), sum(x.cost)
       FROM s CROSS JOIN pos_sale_lines x WHERE x.sale_id = $1
       GROUP BY s.day, s.site_id, x.product_id
       ORDER BY x.product_id
       ON CONFLICT (day, site_id, channel, product_id) DO UPDATE SET
         qty_sold = p.qty_sold + EXCLUDED.qty_sold, qty_returned = p.qty_returned + EXCLUDED.qty_returned,
         gross = p.gross + EXCLUDED.gross, net = p.net + EXCLUDED.net, tax = p.tax + EXCLUDED.tax, cost = p.cost + EXCLUDED.cost)
     INSERT INTO tender_daily AS t (day, site_id, channel, method, payments, amount)
     SELECT s.day, s.site_id, $2, pay.method, count(*), sum(pay.amount)
     FROM s CROSS JOIN jsonb_to_recordset($3::jsonb) AS pay(method text, amount bigint)
     GROUP BY s.day, s.site_id, pay.method
     ORDER BY pay.method
     ON CONFLICT (day, site_id, channel, method) DO UPDATE SET payments = t.payments + EXCLUDED.payments, amount = t.amount + EXCLUDED.amount`,
    [sale.id, channel, payments],
  );
}

/** Recomputes every report aggregate from its source tables (backfill, bench seeding). */
export async function rebuildReportAggregates(db: Queryable): Promise<void> {
  await db.query('SELECT reports_rebuild_all()');
}
