// Warehouse page: open deliveries by age and step, picking lead time (order → shipped), lines
// per hour and errors per picker (and per picker and store day), open backorders and scan errors. Reads the warehouse module's pickings
// and orders (indexed by site and state), and the scan errors stations report on their picking
// events (events by collection and time) with the exceptions raised on them; when the
// warehouse tables are absent the page says so instead of failing.
import type { WarehouseReport } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';
import { rangeBounds, type ReportFilters } from './filters.ts';
import { existingTables, unavailable } from './optional-tables.ts';

const AGE = `CASE WHEN now() - p.created_at < interval '1 hour' THEN '< 1 h' WHEN now() - p.created_at < interval '4 hours' THEN '1–4 h'
  WHEN now() - p.created_at < interval '24 hours' THEN '4–24 h' ELSE '> 24 h' END`;

const perHour = (lines: number, hours: number): number => (hours > 0 ? lines / hours : 0);

export async function warehouseReport(db: Queryable, f: ReportFilters): Promise<WarehouseReport> {
  const needed = ['pickings', 'picking_lines', 'orders'];
  const have = await existingTables(db, needed);
  const missing = needed.filter((t) => !have.has(t));
  if (missing.length > 0) return unavailable(missing);
  const { start, end } = rangeBounds(f);
  const site = f.siteId;

  const open = await db.query<{ site: string; step: string; age: string; n: number }>(
    `SELECT s.code AS site, p.step, ${AGE} AS age, count(*)::int AS n
     FROM pickings p JOIN sites s ON s.id = p.site_id
     WHERE p.kind = 'delivery' AND p.state IN ('waiting', 'ready', 'in_progress') AND ($1::text IS NULL OR p.site_id = $1)
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [site],
  );
  const [lead] = await db.query<{ n: number; avg: number | null; p50: number | null; p90: number | null }>(
    `WITH t AS (
       SELECT extract(epoch FROM (p.done_at - o.created_at)) / 3600 AS h
       FROM pickings p JOIN orders o ON o.id = p.order_id
       WHERE p.kind = 'delivery' AND p.step = 'ship' AND p.state = 'done' AND p.done_at >= $1 AND p.done_at < $2
         AND ($3::text IS NULL OR p.site_id = $3) AND ($4::text IS NULL OR o.channel = $4))
     SELECT count(*)::int AS n, avg(h)::float8 AS avg, percentile_cont(0.5) WITHIN GROUP (ORDER BY h)::float8 AS p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY h)::float8 AS p90 FROM t`,
    [start, end, site, f.channel],
  );
  // Picking performance per picker: `validated_by` holds the validating event's id, whose payload
  // names the picker (userId) and the scan errors seen; lines are the picking lines moved, hours
  // the time from claim to validation; days are the site's store days.
  const perPicking = `
    SELECT u.id AS user_id, coalesce(u.display_name, u.username, 'unknown picker') AS picker,
           (p.done_at AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date AS day,
           extract(epoch FROM (p.done_at - coalesce(p.claimed_at, p.created_at))) / 3600 AS h,
           (SELECT count(*) FROM picking_lines l WHERE l.picking_id = p.id AND l.done_qty > 0) AS lines,
           coalesce((e.payload ->> 'scanErrors')::int, 0) AS scan_errors,
           (SELECT count(*) FROM event_problems ep WHERE ep.event_id = e.id) AS exceptions
    FROM pickings p JOIN sites s ON s.id = p.site_id
    LEFT JOIN events e ON e.id = p.validated_by
    LEFT JOIN users u ON u.id = e.payload ->> 'userId'
    WHERE p.state = 'done' AND p.kind = 'delivery' AND p.done_at >= $1 AND p.done_at < $2 AND ($3::text IS NULL OR p.site_id = $3)`;
  const pickers = await db.query<{ picker: string; pickings: number; lines: number; hours: number; scan_errors: number; exceptions: number }>(
    `WITH pk AS (${perPicking})
     SELECT pk.picker, count(*)::int AS pickings, coalesce(sum(pk.lines), 0)::int AS lines, coalesce(sum(pk.h), 0)::float8 AS hours,
            coalesce(sum(pk.scan_errors), 0)::int AS scan_errors, coalesce(sum(pk.exceptions), 0)::int AS exceptions
     FROM pk GROUP BY pk.user_id, pk.picker ORDER BY 1`,
    [start, end, site],
  );
  const pickerDays = await db.query<{ day: string; picker: string; lines: number; hours: number }>(
    `WITH pk AS (${perPicking})
     SELECT to_char(pk.day, 'YYYY-MM-DD') AS day, pk.picker, coalesce(sum(pk.lines), 0)::int AS lines, coalesce(sum(pk.h), 0)::float8 AS hours
     FROM pk GROUP BY pk.day, pk.user_id, pk.picker ORDER BY 1, 2`,
    [start, end, site],
  );
  const backorders = await db.query<{ reference: string; site: string; state: string; lines: number; qty: string; created_at: Date | string }>(
    `SELECT p.reference, s.code AS site, p.state, count(l.id)::int AS lines, coalesce(sum(l.qty), 0) AS qty, p.created_at
     FROM pickings p JOIN sites s ON s.id = p.site_id LEFT JOIN picking_lines l ON l.picking_id = p.id
     WHERE p.backorder_of IS NOT NULL AND p.state NOT IN ('done', 'cancelled') AND ($1::text IS NULL OR p.site_id = $1)
     GROUP BY p.id, s.code ORDER BY p.created_at LIMIT 5000`,
    [site],
  );
  const scanErrors = await db.query<{ site: string; device: string; scan_errors: string; exceptions: number }>(
    `WITH ev AS (
       SELECT e.site_id, e.device_id, coalesce((e.payload ->> 'scanErrors')::int, 0) AS scan_errors,
              (SELECT count(*) FROM event_problems p WHERE p.event_id = e.id) AS problems
       FROM events e
       WHERE e.collection IN ('picking_events', 'counts') AND e.received_at >= $1 AND e.received_at < $2 AND ($3::text IS NULL OR e.site_id = $3))
     SELECT s.code AS site, d.name AS device, sum(ev.scan_errors) AS scan_errors,
            sum(ev.problems)::int AS exceptions
     FROM ev JOIN sites s ON s.id = ev.site_id JOIN devices d ON d.id = ev.device_id
     GROUP BY s.code, d.name ORDER BY 3 DESC, 1, 2`,
    [start, end, site],
  );
  return {
    available: true,
    openDeliveries: open.map((r) => ({ site: r.site, step: r.step, age: r.age, pickings: r.n })),
    leadTime: { shipped: lead?.n ?? 0, avgHours: lead?.avg ?? 0, p50Hours: lead?.p50 ?? 0, p90Hours: lead?.p90 ?? 0 },
    pickers: pickers.map((r) => ({
      picker: r.picker, pickings: r.pickings, lines: r.lines, hours: Number(r.hours), linesPerHour: perHour(r.lines, Number(r.hours)),
      scanErrors: r.scan_errors, exceptions: r.exceptions,
    })),
    pickerDays: pickerDays.map((r) => ({ day: r.day, picker: r.picker, lines: r.lines, hours: Number(r.hours), linesPerHour: perHour(r.lines, Number(r.hours)) })),
    backorders: backorders.map((r) => ({ reference: r.reference, site: r.site, state: r.state, lines: r.lines, qty: Number(r.qty), createdAt: new Date(r.created_at).toISOString() })),
    scanErrors: scanErrors.filter((r) => Number(r.scan_errors) > 0 || r.exceptions > 0).map((r) => ({ site: r.site, device: r.device, scanErrors: Number(r.scan_errors), exceptions: r.exceptions })),
  };
}
