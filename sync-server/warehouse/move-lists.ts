// Transfers and count tasks for the back office, newest first, filtered by source site (and for
// transfers the destination) and state, a page at a time, with names rather than ids: products,
// locations, the destination site, who requested it, and for a transfer to another site the
// receipt its shipment became there (the open one first) and the units still in transit.
import type { CountTask, CountTaskPage, MovesQuery, Transfer, TransferPage } from '../../shared/admin-api/warehouse-moves.ts';
import type { Queryable } from '../db/db.ts';
import { productRefSql } from './product-ref.ts';
import { byName } from '../db/name-sql.ts';

const FILTER = `($1::text IS NULL OR s.code = $1) AND ($2::text IS NULL OR p.state = $2)`;
const PAGE = 'ORDER BY p.created_at DESC, p.id DESC OFFSET $3 LIMIT $4';
const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export async function listTransfers(q: Queryable, query: MovesQuery): Promise<TransferPage> {
  const rows = await q.query<Omit<Transfer, 'createdAt' | 'doneAt'> & { total: number; created_at: Date; done_at: Date | null }>(
    `SELECT count(*) OVER ()::int AS total, p.id, p.reference, s.code AS warehouse, coalesce(ds.code, s.code) AS "toSite", p.state,
            p.created_at, p.done_at, p.backorder_of AS "backorderOf",
            (SELECT coalesce(jsonb_agg(jsonb_build_object('product', ${productRefSql('pr')}, 'qty', l.qty, 'done', l.done_qty, 'from', f.full_name,
                                                          'to', coalesce(al.full_name, t.full_name), 'lot', l.lot) ORDER BY l.position), '[]'::jsonb)
             FROM picking_lines l JOIN products pr ON pr.id = l.product_id JOIN locations f ON f.id = l.from_location_id JOIN locations t ON t.id = l.to_location_id
             WHERE l.picking_id = p.id AND (l.qty > 0 OR l.done_qty > 0)) AS lines,
            (SELECT jsonb_build_object('id', r.id, 'reference', r.reference, 'state', r.state, 'site', rs.code)
             FROM pickings r JOIN sites rs ON rs.id = r.site_id WHERE r.previous_step = p.id AND r.kind = 'receipt'
             ORDER BY r.state IN ('done', 'cancelled'), r.created_at DESC LIMIT 1) AS arrival,
            (SELECT coalesce(sum(rl.qty - rl.done_qty), 0) FROM pickings r JOIN picking_lines rl ON rl.picking_id = r.id
             WHERE r.previous_step = p.id AND r.kind = 'receipt' AND r.state IN ('ready', 'in_progress')) AS "inTransit",
            ru.display_name AS "requestedBy", p.request_note AS note
     FROM pickings p JOIN sites s ON s.id = p.site_id
       LEFT JOIN locations al ON al.id = p.arrival_location_id LEFT JOIN sites ds ON ds.id = al.site_id
       LEFT JOIN users ru ON ru.id = p.requested_by
     WHERE (p.kind = 'transfer' OR (p.kind = 'delivery' AND p.arrival_location_id IS NOT NULL)) AND ${FILTER}
       AND ($5::text IS NULL OR coalesce(ds.code, s.code) = $5) ${PAGE}`,
    [query.warehouse ?? null, query.state ?? null, query.offset ?? 0, query.limit ?? 50, query.toSite ?? null],
  );
  const transfers = rows.map(({ total: _total, created_at, done_at, ...t }): Transfer => ({
    ...t,
    createdAt: new Date(created_at).toISOString(),
    doneAt: iso(done_at),
    inTransit: Number(t.inTransit),
    lines: t.lines.map((l) => ({ ...l, qty: Number(l.qty), done: Number(l.done) })),
  }));
  return { transfers, total: rows[0]?.total ?? 0 };
}

export async function listCountTasks(q: Queryable, query: MovesQuery): Promise<CountTaskPage> {
  const rows = await q.query<Omit<CountTask, 'createdAt' | 'doneAt'> & { total: number; created_at: Date; done_at: Date | null }>(
    `SELECT count(*) OVER ()::int AS total, p.id, p.reference, s.code AS warehouse, p.state, NOT coalesce(p.count_shows_expected, s.count_shows_expected) AS blind,
            CASE WHEN p.location_id IS NOT NULL THEN jsonb_build_array(pl.full_name) ELSE
              (SELECT coalesce(jsonb_agg(DISTINCT f.full_name), '[]'::jsonb) FROM picking_lines l JOIN locations f ON f.id = l.from_location_id WHERE l.picking_id = p.id) END AS locations,
            (SELECT coalesce(jsonb_agg(x.ref ORDER BY x.name), '[]'::jsonb) FROM (
               SELECT DISTINCT ${productRefSql('pr')} AS ref, ${byName('pr.name')} AS name FROM picking_lines l JOIN products pr ON pr.id = l.product_id
               WHERE l.picking_id = p.id ORDER BY name LIMIT 10) x) AS products,
            (SELECT count(*)::int FROM picking_lines l WHERE l.picking_id = p.id) AS lines,
            p.created_at, p.done_at,
            (SELECT count(*)::int FROM count_approvals a WHERE a.event_id = p.validated_by AND a.state = 'pending') AS "pendingApprovals"
     FROM pickings p JOIN sites s ON s.id = p.site_id LEFT JOIN locations pl ON pl.id = p.location_id
     WHERE p.kind = 'count' AND ${FILTER} ${PAGE}`,
    [query.warehouse ?? null, query.state ?? null, query.offset ?? 0, query.limit ?? 50],
  );
  const countTasks = rows.map(({ total: _total, created_at, done_at, ...t }): CountTask => ({ ...t, createdAt: new Date(created_at).toISOString(), doneAt: iso(done_at) }));
  return { countTasks, total: rows[0]?.total ?? 0 };
}
