// Exceptions page: open exceptions (event_problems — what the server flagged while applying
// events) grouped into the kinds managers act on, by kind and site, and resolving one with a
// note. Reads the partial index of open problems, not the event log.
import type { ExceptionsReport, ExceptionSummaryRow } from '../../shared/reports/report-types.ts';
import type { Db, Queryable } from '../db/db.ts';
import { refreshAcks } from '../pos/ack-refresh.ts';
import { rangeBounds, type ReportFilters } from './filters.ts';

export class ExceptionResolveError extends Error {
  readonly code: 'not_found' | 'already_resolved' | 'approval_pending';
  constructor(code: 'not_found' | 'already_resolved' | 'approval_pending', message: string) {
    super(message);
    this.name = 'ExceptionResolveError';
    this.code = code;
  }
}

const KIND_BY_CODE: Record<string, string> = {
  negative_stock: 'negative stock',
  late_sale: 'late sale',
  broken_chain: 'chain break', seq_gap: 'chain break', duplicate_seq: 'chain break',
  over_return: 'return', over_refund: 'return', return_original_missing: 'return',
  price_deviation: 'price mismatch', total_mismatch: 'price mismatch', change_mismatch: 'price mismatch', sign_mismatch: 'price mismatch', rounding_mismatch: 'price mismatch',
  tax_rate_mismatch: 'tax', tax_rate_outdated: 'tax', tax_missing: 'tax', tax_extra: 'tax', tax_unknown: 'tax',
  conflicting_duplicate: 'conflict', duplicate_open: 'conflict', session_already_closed: 'conflict',
  value_overdrawn: 'stored value', value_override: 'stored value', value_hold_expired: 'stored value', value_allowance_exceeded: 'stored value', gift_card_unknown: 'stored value',
  value_without_customer: 'stored value', value_currency_mismatch: 'stored value', points_mismatch: 'stored value',
};

/** The kind a problem code belongs to (unknown codes are their own kind). */
export function exceptionKind(code: string): string {
  return KIND_BY_CODE[code] ?? code.replaceAll('_', ' ');
}

/** Open exceptions raised in the period, optionally of one kind; the summary counts every kind. */
export async function exceptionsReport(db: Queryable, f: ReportFilters, kind: string | null, limit = 5000): Promise<ExceptionsReport> {
  const { start, end } = rangeBounds(f);
  const rows = await db.query<{
    id: string; code: string; severity: string; message: string; site: string; device: string | null; event_id: string; receipt_no: string | null; created_at: Date | string;
  }>(
    `SELECT p.id, p.code, p.severity, p.message, s.code AS site, d.name AS device, p.event_id, ps.receipt_no, p.created_at
     FROM event_problems p JOIN events e ON e.id = p.event_id JOIN sites s ON s.id = e.site_id
     LEFT JOIN devices d ON d.id = e.device_id LEFT JOIN pos_sales ps ON ps.id = p.event_id
     WHERE p.resolved_at IS NULL AND p.created_at >= $1 AND p.created_at < $2 AND ($3::text IS NULL OR e.site_id = $3)
     ORDER BY p.id DESC LIMIT $4`,
    [start, end, f.siteId, limit],
  );
  const all = rows.map((r) => ({
    id: Number(r.id), kind: exceptionKind(r.code), code: r.code, severity: r.severity, message: r.message, site: r.site, device: r.device ?? '',
    eventId: r.event_id, receiptNo: r.receipt_no, createdAt: new Date(r.created_at).toISOString(),
  }));
  const filtered = kind ? all.filter((r) => r.kind === kind) : all;
  const counts = new Map<string, ExceptionSummaryRow>();
  for (const r of all) {
    const key = `${r.kind}|${r.site}`;
    const c = counts.get(key) ?? { kind: r.kind, site: r.site, count: 0 };
    c.count += 1;
    counts.set(key, c);
  }
  const summary = [...counts.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.site.localeCompare(b.site));
  return { rows: filtered, summary, open: all.length };
}

/** Resolves one open exception with a note and re-publishes the event's ack (the till sees it settled). */
export async function resolveException(db: Db, id: number, userId: string | null, note: string): Promise<{ id: number; resolvedAt: string }> {
  return db.transaction(async (tx) => {
    // Same lock order as event pushes (the ack goes to the change feed): feed counter first.
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const [row] = await tx.query<{ resolved_at: Date | string | null; event_id: string }>('SELECT resolved_at, event_id FROM event_problems WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw new ExceptionResolveError('not_found', `no exception ${id}`);
    if (row.resolved_at !== null) throw new ExceptionResolveError('already_resolved', `exception ${id} is already resolved`);
    // A count waiting for approval is settled by deciding the approval (which resolves this
    // exception); resolving the exception alone would hide an approval that is still pending.
    const pending = await tx.query(
      `SELECT 1 FROM event_problems p JOIN count_approvals a ON a.event_id = p.event_id AND a.state = 'pending'
       WHERE p.id = $1 AND p.code = 'count_pending_approval'`,
      [id],
    );
    if (pending.length > 0) {
      throw new ExceptionResolveError('approval_pending', 'this count is waiting for approval: approve or reject it in the back office (Approvals), which also settles this exception');
    }
    const [done] = await tx.query<{ resolved_at: Date | string }>(
      'UPDATE event_problems SET resolved_at = now(), resolved_by = $2, resolution_note = $3 WHERE id = $1 RETURNING resolved_at',
      [id, userId, note],
    );
    await refreshAcks(tx, [row.event_id]);
    return { id, resolvedAt: new Date(done?.resolved_at ?? Date.now()).toISOString() };
  });
}
