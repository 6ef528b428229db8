// Cash page: till sessions opened in the period, per tender the amount expected (float, sales,
// cash in/out — kept incrementally in session_tenders) against the amount counted at close and
// the difference, and the differences per cashier. A closed session's difference per tender is
// counted − expected (a tender missing from the count counted 0), which is exactly what the
// close and late-adjustment postings move into the cash-differences account.
import type { CashierRow, CashReport, CashTenderRow } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';
import { rangeBounds, type ReportFilters } from './filters.ts';

export async function cashReport(db: Queryable, f: ReportFilters): Promise<CashReport> {
  const { start, end } = rangeBounds(f);
  const rows = await db.query<{
    session_id: string; till: string; site: string; cashier: string; opened_at: Date | string | null; closed_at: Date | string | null;
    method: string; expected: string; counted: string | null;
  }>(
    `SELECT s.id AS session_id, coalesce(d.name, s.till_id) AS till, st.code AS site, coalesce(u.display_name, s.cashier_id, '') AS cashier,
            s.opened_at, s.closed_at, t.method, t.expected, t.counted
     FROM till_sessions s JOIN session_tenders t ON t.session_id = s.id JOIN sites st ON st.id = s.site_id
     LEFT JOIN devices d ON d.id = s.till_id
     LEFT JOIN users u ON u.id = s.cashier_id OR u.username = s.cashier_id
     WHERE coalesce(s.opened_at, s.closed_at) >= $1 AND coalesce(s.opened_at, s.closed_at) < $2 AND ($3::text IS NULL OR s.site_id = $3)
     ORDER BY s.opened_at, d.name, s.id, t.method LIMIT 20000`,
    [start, end, f.siteId],
  );
  const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
  const tenders: CashTenderRow[] = rows.map((r) => {
    const closed = r.closed_at !== null;
    const counted = closed ? Number(r.counted ?? 0) : null;
    return {
      sessionId: r.session_id, till: r.till, site: r.site, cashier: r.cashier, openedAt: iso(r.opened_at), closedAt: iso(r.closed_at),
      method: r.method, expected: Number(r.expected), counted, difference: counted === null ? null : counted - Number(r.expected),
    };
  });
  const cashiers = new Map<string, CashierRow & { ids: Set<string> }>();
  for (const t of tenders) {
    if (t.difference === null || t.counted === null) continue;
    const c = cashiers.get(t.cashier) ?? { cashier: t.cashier, sessions: 0, expected: 0, counted: 0, difference: 0, ids: new Set<string>() };
    c.ids.add(t.sessionId);
    c.expected += t.expected;
    c.counted += t.counted;
    c.difference += t.difference;
    cashiers.set(t.cashier, c);
  }
  const byCashier = [...cashiers.values()].map(({ ids, ...c }) => ({ ...c, sessions: ids.size })).sort((a, b) => a.cashier.localeCompare(b.cashier));
  const sessions = new Set(tenders.map((t) => t.sessionId));
  const open = new Set(tenders.filter((t) => t.closedAt === null).map((t) => t.sessionId));
  return { tenders, byCashier, totals: { sessions: sessions.size, openSessions: open.size, difference: byCashier.reduce((a, c) => a + c.difference, 0) } };
}
