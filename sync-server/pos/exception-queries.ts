// Exception listing for managers (GET /api/exceptions): what the server flagged about events,
// newest first, with the event's device, site and the receipt it concerns when it is a sale.
import type { Queryable } from '../db/db.ts';

export interface ExceptionQuery {
  status: 'open' | 'resolved' | 'all';
  code?: string;
  siteId?: string;
  before?: number;
  limit: number;
}

export interface ExceptionView {
  id: number;
  eventId: string;
  collection: string;
  code: string;
  severity: string;
  message: string;
  deviceId: string;
  siteId: string;
  receiptNo: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

export async function listExceptions(db: Queryable, q: ExceptionQuery): Promise<ExceptionView[]> {
  const rows = await db.query<{
    id: string; event_id: string; collection: string; code: string; severity: string; message: string; device_id: string; site_id: string;
    receipt_no: string | null; created_at: Date | string; resolved_at: Date | string | null; resolution_note: string | null;
  }>(
    `SELECT p.id, p.event_id, e.collection, p.code, p.severity, p.message, e.device_id, e.site_id, s.receipt_no, p.created_at, p.resolved_at, p.resolution_note
     FROM event_problems p JOIN events e ON e.id = p.event_id LEFT JOIN pos_sales s ON s.id = p.event_id
     WHERE ($1 = 'all' OR ($1 = 'open' AND p.resolved_at IS NULL) OR ($1 = 'resolved' AND p.resolved_at IS NOT NULL))
       AND ($2::text IS NULL OR p.code = $2) AND ($3::text IS NULL OR e.site_id = $3) AND ($4::bigint IS NULL OR p.id < $4)
     ORDER BY p.id DESC LIMIT $5`,
    [q.status, q.code ?? null, q.siteId ?? null, q.before ?? null, q.limit],
  );
  const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
  return rows.map((r) => ({
    id: Number(r.id), eventId: r.event_id, collection: r.collection, code: r.code, severity: r.severity, message: r.message,
    deviceId: r.device_id, siteId: r.site_id, receiptNo: r.receipt_no, createdAt: iso(r.created_at) as string, resolvedAt: iso(r.resolved_at), resolutionNote: r.resolution_note,
  }));
}
