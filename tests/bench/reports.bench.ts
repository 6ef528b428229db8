// Reports bench (issue 8): with 1,000,000 sale lines (and their journal, sessions and events)
// seeded set-based on PostgreSQL, the p95 of each report page's queries — which read the daily
// aggregates and indexed tables — beside a full scan of the same rows in the same run.
// Needs DATABASE_URL. AISLE_BENCH_SALE_LINES (default 1,000,000) and AISLE_BENCH_RUNS override.
import { performance } from 'node:perf_hooks';
import type { Db } from '../../sync-server/db/db.ts';
import { journalPage, profitAndLoss, accountingTrialBalance } from '../../sync-server/reports/accounting.ts';
import { cashReport } from '../../sync-server/reports/cash.ts';
import { dashboard } from '../../sync-server/reports/dashboard.ts';
import { exceptionsReport } from '../../sync-server/reports/exceptions.ts';
import { addDays, isoDay, type ReportFilters } from '../../sync-server/reports/filters.ts';
import { overview, salesTotals } from '../../sync-server/reports/overview.ts';
import { salesReport } from '../../sync-server/reports/sales.ts';
import { productStock, stockReport } from '../../sync-server/reports/stock.ts';
import { syncHealth } from '../../sync-server/reports/sync-health.ts';
import { warehouseReport } from '../../sync-server/reports/warehouse.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { createTestDb, databaseUrl } from '../support/test-db.ts';
import type { BenchRow } from './registry.ts';
import { seedReportHistory } from './reports-seed.ts';
import { p95, timings } from './percentile.ts';

export const name = 'reports';

const LINES = Number(process.env.AISLE_BENCH_SALE_LINES || 1_000_000);
const RUNS = Number(process.env.AISLE_BENCH_RUNS || 20);
const TARGET_MS = 300;


async function timed(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  return p95(await timings(fn, runs));
}

/** Period totals computed the slow way: every sale line of the period, joined to its sale. */
async function scanTotals(db: Db, f: ReportFilters): Promise<number> {
  const [row] = await db.query<{ net: string | null }>(
    `SELECT sum(l.total - l.tax) AS net FROM pos_sale_lines l JOIN pos_sales s ON s.id = l.sale_id JOIN sites st ON st.id = s.site_id
     WHERE s.created_at >= $1::date - 1 AND s.created_at < $2::date + 2 AND (s.created_at AT TIME ZONE st.time_zone)::date BETWEEN $1::date AND $2::date`,
    [f.from, f.to],
  );
  return Number(row?.net ?? 0);
}

export async function run(): Promise<BenchRow[]> {
  if (!databaseUrl) {
    const note = 'skipped: set DATABASE_URL=postgres://… (the reports bench runs on PostgreSQL only)';
    console.log(`reports bench ${note}`);
    return [{ metric: 'reports bench', value: 0, unit: '', note }];
  }
  const rows: BenchRow[] = [];
  const t = await createTestDb('postgres', { poolSize: 4 });
  try {
    const db = t.db;
    let t0 = performance.now();
    await seedDemo(db, { products: 2000 });
    await seedReportHistory(db, Math.ceil(LINES / 3));
    const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pos_sale_lines');
    rows.push({ metric: 'seed + aggregate rebuild', value: (performance.now() - t0) / 1000, unit: 's', note: `${count?.n ?? 0} sale lines, 90 days, 5 stores, 20 tills` });

    const today = isoDay(new Date());
    const f: ReportFilters = { from: addDays(today, -29), to: today, siteId: null, channel: null, timeZone: 'Europe/Paris' };
    const agg = (await salesTotals(db, f)).revenue;
    const scanned = await scanTotals(db, f);
    if (agg !== scanned) throw new Error(`aggregates disagree with a scan of the lines: ${agg} ≠ ${scanned}`);

    const reports: [string, () => Promise<unknown>][] = [
      ['overview (30 days)', () => overview(db, f)],
      ['dashboard (day against a week before)', () => dashboard(db, f)],
      ['sales (30 days, 10 breakdowns)', () => salesReport(db, f)],
      ['stock (all sites and locations, categories, stock-outs)', () => stockReport(db, null, f.timeZone)],
      ['stock by product (name search)', () => productStock(db, 'Apples', null, null)],
      ['warehouse (30 days)', () => warehouseReport(db, f)],
      ['cash (30 days)', () => cashReport(db, f)],
      ['accounting: profit and loss (30 days)', () => profitAndLoss(db, f)],
      ['accounting: trial balance', () => accountingTrialBalance(db)],
      ['accounting: journal page', () => journalPage(db, f, { limit: 100 })],
      ['exceptions (30 days)', () => exceptionsReport(db, f, null)],
      ['sync health', () => syncHealth(db, null)],
    ];
    for (const [label, fn] of reports) {
      const ms = await timed(fn);
      rows.push({ metric: `p95 ${label}`, value: ms, unit: 'ms', note: ms <= TARGET_MS ? `≤ ${TARGET_MS} ms ✓` : `target ≤ ${TARGET_MS} ms ✗` });
    }

    const scans: [string, () => Promise<unknown>][] = [
      ['full scan: period totals from sale lines', () => scanTotals(db, f)],
      ['full scan: best sellers from sale lines', () => db.query(
        `SELECT l.product_id, sum(l.total - l.tax) AS net FROM pos_sale_lines l JOIN pos_sales s ON s.id = l.sale_id
         WHERE s.created_at >= $1::date AND s.created_at < $2::date + 1 GROUP BY l.product_id ORDER BY net DESC LIMIT 20`, [f.from, f.to])],
      ['full scan: profit and loss from journal lines', () => db.query(
        `SELECT l.account_code, sum(l.debit) - sum(l.credit) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE e.entry_date >= $1::date AND e.entry_date < $2::date + 1 GROUP BY l.account_code`, [f.from, f.to])],
    ];
    for (const [label, fn] of scans) rows.push({ metric: `p95 ${label}`, value: await timed(fn, Math.min(RUNS, 5)), unit: 'ms', note: 'same rows, no aggregates' });
    t0 = performance.now();
    await db.query('SELECT reports_rebuild_all()');
    rows.push({ metric: 'full aggregate rebuild (backfill)', value: (performance.now() - t0) / 1000, unit: 's' });
  } finally {
    await t.close();
  }
  return rows;
}
