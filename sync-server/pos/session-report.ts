// The Z report of a till session as the server sees it (GET /api/sessions/:id/report): read
// from the incrementally kept session rows and the session's journal lines — never a scan of
// sales — so it is instant whatever the number of receipts.
import type { Queryable } from '../db/db.ts';

export interface SessionReport {
  sessionId: string;
  tillId: string;
  siteId: string;
  cashierId: string | null;
  openedAt: string | null;
  closedAt: string | null;
  lastSeq: number | null;
  float: number;
  cashIn: number;
  cashOut: number;
  sales: { count: number; total: number };
  returns: { count: number; total: number };
  discounts: number;
  taxes: { taxId: string; amount: number }[];
  /** Σ cash rounding of the session's sales and returns (booked to the cash_rounding role); already in the tenders' expected cash. */
  rounding: number;
  tenders: { method: string; expected: number; counted: number | null; difference: number | null }[];
  openExceptions: number;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

export async function sessionReport(db: Queryable, sessionId: string): Promise<SessionReport | null> {
  const [s] = await db.query<{
    id: string; till_id: string; site_id: string; cashier_id: string | null; opened_at: Date | null; closed_at: Date | null; last_seq: number | null;
    float: string; cash_in: string; cash_out: string; sales_count: number; returns_count: number; sales_total: string; returns_total: string; discount_total: string;
  }>('SELECT * FROM till_sessions WHERE id = $1', [sessionId]);
  if (!s) return null;
  const [tenders, taxes, exceptions, rounding] = await Promise.all([
    db.query<{ method: string; expected: string; counted: string | null }>('SELECT method, expected, counted FROM session_tenders WHERE session_id = $1 ORDER BY method', [sessionId]),
    db.query<{ tax_id: string; amount: string }>(
      `SELECT l.tax_id, sum(l.credit - l.debit) AS amount FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
       WHERE e.session_id = $1 AND l.tax_id IS NOT NULL AND l.account_code = (SELECT account_code FROM account_roles WHERE role = 'output_tax')
       GROUP BY l.tax_id ORDER BY l.tax_id`,
      [sessionId],
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM event_problems p JOIN pos_sales ps ON ps.id = p.event_id WHERE ps.session_id = $1 AND ps.till_id = $2 AND p.resolved_at IS NULL`,
      [sessionId, s.till_id],
    ),
    db.query<{ amount: string | null }>(
      `SELECT sum(l.credit - l.debit) AS amount FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
       WHERE e.session_id = $1 AND e.kind IN ('sale', 'return') AND l.account_code = (SELECT account_code FROM account_roles WHERE role = 'cash_rounding')`,
      [sessionId],
    ),
  ]);
  return {
    sessionId: s.id, tillId: s.till_id, siteId: s.site_id, cashierId: s.cashier_id, openedAt: iso(s.opened_at), closedAt: iso(s.closed_at), lastSeq: s.last_seq,
    float: Number(s.float), cashIn: Number(s.cash_in), cashOut: Number(s.cash_out),
    sales: { count: s.sales_count, total: Number(s.sales_total) },
    returns: { count: s.returns_count, total: Number(s.returns_total) },
    discounts: Number(s.discount_total),
    taxes: taxes.map((t) => ({ taxId: t.tax_id, amount: Number(t.amount) })),
    rounding: Number(rounding[0]?.amount ?? 0),
    tenders: tenders.map((t) => ({
      method: t.method, expected: Number(t.expected), counted: t.counted === null ? null : Number(t.counted),
      difference: t.counted === null ? null : Number(t.counted) - Number(t.expected),
    })),
    openExceptions: exceptions[0]?.n ?? 0,
  };
}
