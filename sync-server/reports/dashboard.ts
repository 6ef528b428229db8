// Overview dashboard: the period's last store day against the same weekday a week before
// (revenue, orders, average basket, margin rate — in total, by store and by channel), the open
// exceptions by kind and the devices that still hold events the server has not received or
// rejected. Reads sales_daily (two days), the open-problem index, open sequence gaps and dead letters.
import type { Dashboard, DashboardRow, DayComparison, SalesTotals } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';
import { exceptionKind } from './exceptions.ts';
import { addDays, type ReportFilters } from './filters.ts';
import { salesTotals, totalsByChannel, totalsBySite } from './overview.ts';
import { UNSENT_CTES } from './sync-health.ts';

const compare = (t: SalesTotals | undefined): DayComparison => ({
  revenue: t?.revenue ?? 0, orders: t?.orders ?? 0, avgBasket: t?.avgBasket ?? 0, margin: t?.margin ?? 0, marginRate: t?.marginRate ?? 0,
});

function pair(current: readonly (SalesTotals & { key: string; label: string })[], previous: readonly (SalesTotals & { key: string; label: string })[]): DashboardRow[] {
  const keys = new Map<string, string>();
  for (const r of [...current, ...previous]) keys.set(r.key, r.label);
  return [...keys].map(([key, label]) => ({
    key, label, current: compare(current.find((r) => r.key === key)), previous: compare(previous.find((r) => r.key === key)),
  })).sort((a, b) => a.label.localeCompare(b.label));
}

export async function dashboard(db: Queryable, f: ReportFilters): Promise<Dashboard> {
  const day = f.to;
  const compareDay = addDays(day, -7);
  const today = { ...f, from: day, to: day };
  const before = { ...f, from: compareDay, to: compareDay };
  const [current, previous, sitesNow, sitesBefore, channelsNow, channelsBefore, problems, unsent] = await Promise.all([
    salesTotals(db, today), salesTotals(db, before),
    totalsBySite(db, today), totalsBySite(db, before),
    totalsByChannel(db, today), totalsByChannel(db, before),
    db.query<{ code: string; n: number }>(
      `SELECT p.code, count(*)::int AS n FROM event_problems p JOIN events e ON e.id = p.event_id
       WHERE p.resolved_at IS NULL AND ($1::text IS NULL OR e.site_id = $1) GROUP BY p.code`,
      [f.siteId],
    ),
    db.query<{ id: string; name: string; site: string; pending: number; dead_letters: number; last_seen_at: Date | string | null }>(
      `WITH ${UNSENT_CTES}
       SELECT d.id, d.name, s.code AS site, coalesce(g.n, 0) AS pending, coalesce(l.n, 0) AS dead_letters, d.last_seen_at
       FROM devices d JOIN sites s ON s.id = d.site_id LEFT JOIN gaps g ON g.device_id = d.id LEFT JOIN letters l ON l.device_id = d.id
       WHERE d.revoked_at IS NULL AND (g.n > 0 OR l.n > 0) AND ($1::text IS NULL OR d.site_id = $1)
       ORDER BY s.code, d.name`,
      [f.siteId],
    ),
  ]);
  const kinds = new Map<string, number>();
  for (const p of problems) kinds.set(exceptionKind(p.code), (kinds.get(exceptionKind(p.code)) ?? 0) + p.n);
  return {
    filters: f, day, compareDay, current: compare(current), previous: compare(previous),
    bySite: pair(sitesNow, sitesBefore), byChannel: pair(channelsNow, channelsBefore),
    openExceptions: { total: problems.reduce((a, p) => a + p.n, 0), byKind: [...kinds].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count) },
    unsentDevices: unsent.map((d) => ({
      deviceId: d.id, name: d.name, site: d.site, pending: d.pending, deadLetters: d.dead_letters,
      lastSeenAt: d.last_seen_at === null ? null : new Date(d.last_seen_at).toISOString(),
    })),
  };
}
