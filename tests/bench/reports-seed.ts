// Seeds report-scale history straight in SQL (set-based, one transaction) for the reports bench:
// extra stores and tills, N sales of 3 lines over 90 days (every 20th a return), their events
// (payments), journal entries (5 lines each), till sessions with counted tenders and some
// exceptions — then rebuilds the report aggregates the way a backfill would. Triggers are off
// while bulk-loading (session_replication_role), so balances are written set-based here.
import type { Db } from '../../sync-server/db/db.ts';
import { rebuildReportAggregates } from '../../sync-server/reports/aggregates.ts';

export async function seedReportHistory(db: Db, sales: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SET LOCAL session_replication_role = replica`);
    await tx.query(`INSERT INTO sites (id, code, name, kind) SELECT 'bench-site-' || i, 'BSTORE' || i, 'Bench store ' || i, 'store' FROM generate_series(1, 4) i`);
    await tx.query(
      `INSERT INTO devices (id, name, role, site_id, token_hash, last_seen_at)
       SELECT 'bench-till-' || t, 'Bench till ' || t, 'till',
              CASE WHEN t % 5 = 0 THEN (SELECT id FROM sites WHERE code = 'STORE1') ELSE 'bench-site-' || (t % 5) END,
              md5('bench-a' || t) || md5('bench-b' || t), now() - (t || ' minutes')::interval
       FROM generate_series(1, 20) t`,
    );
    await tx.query(
      `CREATE TEMP TABLE bench_products ON COMMIT DROP AS
       SELECT id, price, cost, row_number() OVER (ORDER BY sku) AS rn FROM products`,
    );
    await tx.query(
      `CREATE TEMP TABLE bench_sales ON COMMIT DROP AS
       SELECT g AS n, 'bench-sale-' || g AS id, CASE WHEN g % 20 = 0 THEN 'return' ELSE 'sale' END AS kind,
              'bench-till-' || (1 + g % 20) AS till_id, 'cashier-' || (1 + g % 12) AS cashier_id,
              CASE WHEN g % 3 = 0 THEN 'card' ELSE 'cash' END AS method,
              date_trunc('day', now()) - ((g % 90) * interval '1 day') + ((7 + (g * 7919) % 13) * interval '1 hour') + (((g * 104729) % 3600) * interval '1 second') AS created_at
       FROM generate_series(1::bigint, $1::bigint) g`,
      [sales],
    );
    await tx.query(
      `CREATE TEMP TABLE bench_lines ON COMMIT DROP AS
       SELECT s.id AS sale_id, 'l' || k AS line_id, p.id AS product_id, p.price, q.qty, q.qty * p.price AS total,
              round(q.qty * p.price / 6.0)::bigint AS tax, q.qty * p.cost AS cost
       FROM bench_sales s CROSS JOIN generate_series(1, 3) k
       CROSS JOIN LATERAL (SELECT (CASE WHEN s.kind = 'return' THEN -1 ELSE 1 END) * (1 + (s.n + k) % 3) AS qty) q
       JOIN bench_products p ON p.rn = 1 + ((s.n * 31 + k * 17) % (SELECT count(*) FROM bench_products))`,
    );
    await tx.query(
      `INSERT INTO pos_sales (id, kind, till_id, site_id, session_id, cashier_id, seq, receipt_no, prev_hash, hash, total, tax, cost, created_at)
       SELECT s.id, s.kind, s.till_id, d.site_id, s.till_id || ':' || to_char(s.created_at, 'YYYY-MM-DD'), s.cashier_id,
              row_number() OVER (PARTITION BY s.till_id ORDER BY s.n), s.id, '', '', l.total, l.tax, l.cost, s.created_at
       FROM bench_sales s JOIN devices d ON d.id = s.till_id
       JOIN (SELECT sale_id, sum(total) AS total, sum(tax) AS tax, sum(cost) AS cost FROM bench_lines GROUP BY sale_id) l ON l.sale_id = s.id`,
    );
    await tx.query(
      `INSERT INTO pos_sale_lines (sale_id, line_id, product_id, qty, unit_price, discount, total, tax, cost)
       SELECT sale_id, line_id, product_id, qty, price, 0, total, tax, cost FROM bench_lines`,
    );
    await tx.query(
      `INSERT INTO events (id, collection, device_id, site_id, payload, payload_hash, status, received_at)
       SELECT b.id, 'sales', b.till_id, p.site_id, jsonb_build_object('payments', jsonb_build_array(jsonb_build_object('method', b.method, 'amount', p.total))),
              md5(b.id) || md5(b.id || 'x'), 'applied', b.created_at + interval '2 seconds'
       FROM bench_sales b JOIN pos_sales p ON p.id = b.id`,
    );
    await tx.query(
      `INSERT INTO journal_entries (kind, event_id, site_id, till_id, session_id, entry_date, memo)
       SELECT kind, id, site_id, till_id, session_id, created_at, 'bench' FROM pos_sales WHERE id LIKE 'bench-sale-%'`,
    );
    await tx.query(
      `INSERT INTO journal_lines (entry_id, account_code, debit, credit, till_id)
       SELECT e.id, x.account, x.debit, x.credit, p.till_id
       FROM journal_entries e JOIN pos_sales p ON p.id = e.event_id JOIN bench_sales b ON b.id = p.id
       CROSS JOIN LATERAL (VALUES
         (CASE WHEN b.method = 'card' THEN '1020' ELSE '1010' END, greatest(p.total, 0), greatest(-p.total, 0)),
         ('4000', greatest(p.tax - p.total, 0), greatest(p.total - p.tax, 0)),
         ('2200', greatest(-p.tax, 0), greatest(p.tax, 0)),
         ('5000', greatest(p.cost, 0), greatest(-p.cost, 0)),
         ('1300', greatest(-p.cost, 0), greatest(p.cost, 0))) AS x(account, debit, credit)
       WHERE e.memo = 'bench'`,
    );
    await tx.query(
      `INSERT INTO account_balances AS b (account_code, debit, credit)
       SELECT l.account_code, sum(l.debit), sum(l.credit) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
       WHERE e.memo = 'bench' GROUP BY l.account_code
       ON CONFLICT (account_code) DO UPDATE SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit`,
    );
    await tx.query(
      `INSERT INTO till_sessions (id, till_id, site_id, cashier_id, opened_at, closed_at, sales_count, sales_total)
       SELECT session_id, till_id, min(site_id), min(cashier_id), min(created_at) - interval '5 minutes', max(created_at) + interval '5 minutes', count(*), sum(total)
       FROM pos_sales WHERE id LIKE 'bench-sale-%' GROUP BY session_id, till_id`,
    );
    await tx.query(
      `INSERT INTO session_tenders (session_id, method, expected, counted)
       SELECT p.session_id, b.method, sum(p.total), sum(p.total) + CASE WHEN b.method = 'cash' THEN (hashtext(p.session_id) % 7) * 10 ELSE 0 END
       FROM pos_sales p JOIN bench_sales b ON b.id = p.id GROUP BY p.session_id, b.method`,
    );
    await tx.query(
      `INSERT INTO event_problems (event_id, code, message, severity, created_at)
       SELECT id, CASE WHEN n % 2 = 0 THEN 'negative_stock' ELSE 'late_sale' END, 'bench exception', 'warning', created_at
       FROM bench_sales WHERE n % 97 = 0`,
    );
  });
  await rebuildReportAggregates(db);
  await db.query('ANALYZE');
}
