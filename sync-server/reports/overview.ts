// Overview page: today and the selected period (revenue, margin, orders, average basket), split
// by channel and by store, and a day-by-day trend against the previous period of the same
// length. Reads sales_daily only (one row per day/hour/site/channel/cashier).
import type { Overview, SalesTotals, TotalsRow, TrendPoint } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';
import { storeDay } from '../../shared/time/index.ts';
import { addDays, aggregateWhere, daysBetween, filterParams, previousPeriod, type ReportFilters } from './filters.ts';

interface RawTotals {
  orders: string | null;
  returns: string | null;
  gross: string | null;
  tax: string | null;
  net: string | null;
  cost: string | null;
  sold_gross: string | null;
  returned_gross: string | null;
}

export const TOTALS_SQL = `coalesce(sum(orders), 0) AS orders, coalesce(sum(returns), 0) AS returns, coalesce(sum(gross), 0) AS gross,
  coalesce(sum(tax), 0) AS tax, coalesce(sum(net), 0) AS net, coalesce(sum(cost), 0) AS cost,
  coalesce(sum(sold_gross), 0) AS sold_gross, coalesce(sum(returned_gross), 0) AS returned_gross`;

export function toTotals(r: RawTotals | undefined): SalesTotals {
  const n = (v: string | null | undefined): number => Number(v ?? 0);
  const revenue = n(r?.net);
  const cost = n(r?.cost);
  const orders = n(r?.orders);
  const soldGross = n(r?.sold_gross);
  return {
    revenue, tax: n(r?.tax), gross: n(r?.gross), cost, margin: revenue - cost,
    marginRate: revenue === 0 ? 0 : (revenue - cost) / revenue,
    orders, returns: n(r?.returns), avgBasket: orders === 0 ? 0 : Math.round(soldGross / orders),
    soldGross, returnedGross: n(r?.returned_gross),
  };
}

export async function salesTotals(db: Queryable, f: ReportFilters): Promise<SalesTotals> {
  const [row] = await db.query<RawTotals>(`SELECT ${TOTALS_SQL} FROM sales_daily WHERE ${aggregateWhere()}`, filterParams(f));
  return toTotals(row);
}

export async function totalsByChannel(db: Queryable, f: ReportFilters): Promise<TotalsRow[]> {
  const rows = await db.query<RawTotals & { channel: string }>(
    `SELECT channel, ${TOTALS_SQL} FROM sales_daily WHERE ${aggregateWhere()} GROUP BY channel ORDER BY channel`,
    filterParams(f),
  );
  return rows.map((r) => ({ key: r.channel, label: r.channel, ...toTotals(r) }));
}

export async function totalsBySite(db: Queryable, f: ReportFilters): Promise<TotalsRow[]> {
  const rows = await db.query<RawTotals & { site_id: string; code: string | null; name: string | null }>(
    `SELECT d.site_id, s.code, s.name, ${TOTALS_SQL}
     FROM sales_daily d LEFT JOIN sites s ON s.id = d.site_id
     WHERE ${aggregateWhere('d')} GROUP BY d.site_id, s.code, s.name ORDER BY s.code`,
    filterParams(f),
  );
  return rows.map((r) => ({ key: r.site_id, label: r.code ? `${r.code} — ${r.name ?? ''}` : r.site_id, ...toTotals(r) }));
}

async function revenueByDay(db: Queryable, f: ReportFilters): Promise<Map<string, number>> {
  const rows = await db.query<{ day: string; net: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(net) AS net FROM sales_daily WHERE ${aggregateWhere()} GROUP BY day`,
    filterParams(f),
  );
  return new Map(rows.map((r) => [r.day, Number(r.net)]));
}

export async function overview(db: Queryable, f: ReportFilters, now: Date = new Date()): Promise<Overview> {
  const today = storeDay(now, f.timeZone);
  const prev = previousPeriod(f);
  const [todayTotals, period, previous, byChannel, bySite, current, before] = await Promise.all([
    salesTotals(db, { ...f, from: today, to: today }),
    salesTotals(db, f),
    salesTotals(db, prev),
    totalsByChannel(db, f),
    totalsBySite(db, f),
    revenueByDay(db, f),
    revenueByDay(db, prev),
  ]);
  const trend: TrendPoint[] = [];
  const n = daysBetween(f.from, f.to);
  for (let i = 0; i < n; i++) {
    const day = addDays(f.from, i);
    const previousDay = addDays(prev.from, i);
    trend.push({ day, revenue: current.get(day) ?? 0, previousDay, previousRevenue: before.get(previousDay) ?? 0 });
  }
  return { filters: f, today: { ...todayTotals, day: today }, period, previous: { ...previous, from: prev.from, to: prev.to }, byChannel, bySite, trend };
}
