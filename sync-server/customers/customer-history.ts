// A customer's history over every channel: channel orders and till sales and returns, newest
// first, for the back office (GET /api/admin/customers/:id/history) and the tills (GET
// /api/till/customers/:id/history). A merged id answers with the customer it was merged into, and
// rows still filed under a customer merged into this one (a sale that raced the merge) are included.
import { SALE_STATE, type CustomerHistory, type HistoryEntry, type HistoryQuery } from '../../shared/admin-api/customers.ts';
import type { Queryable } from '../db/db.ts';
import { orderTotalSql } from '../warehouse/order-total.ts';
import { getCustomer } from './customer-admin.ts';

export async function customerHistory(q: Queryable, id: string, query: HistoryQuery): Promise<CustomerHistory> {
  const customer = await getCustomer(q, id);
  // A till sale's state says how much of it came back: its lines against the return lines that
  // name them (pos_sale_lines_return_of), looked up only for the page's sales, after the LIMIT.
  const rows = await q.query<Omit<HistoryEntry, 'at'> & { ts: Date }>(
    `WITH who AS (SELECT id FROM customers WHERE id = $1 OR merged_into = $1),
     page AS (
       SELECT * FROM (
         SELECT 'order' AS kind, o.id, o.external_ref AS reference, o.channel, coalesce(ch.name, o.channel) AS "channelName", NULL::text AS site, o.state,
           ${orderTotalSql('o')} AS total,
           o.currency::text AS currency, o.created_at AS ts
         FROM orders o LEFT JOIN channels ch ON ch.code = o.channel WHERE o.customer_id IN (SELECT id FROM who)
         UNION ALL
         SELECT s.kind, s.id, s.receipt_no, 'store', si.name, si.code, 'applied', s.total, si.currency::text, s.created_at
         FROM pos_sales s JOIN sites si ON si.id = s.site_id WHERE s.customer_id IN (SELECT id FROM who)
       ) h
       WHERE ($2::timestamptz IS NULL OR h.ts < $2::timestamptz)
       ORDER BY h.ts DESC, h.id DESC LIMIT $3
     ),
     sold AS (
       SELECT l.sale_id, l.qty, coalesce((SELECT sum(abs(r.qty)) FROM pos_sale_lines r
           WHERE r.return_of_sale_id = l.sale_id AND r.return_of_line_id = l.line_id), 0) AS returned
       FROM pos_sale_lines l WHERE l.sale_id IN (SELECT id FROM page WHERE kind = 'sale')
     ),
     came_back AS (
       SELECT sale_id, bool_and(returned >= qty) AS all_back, bool_or(returned > 0) AS some_back FROM sold GROUP BY sale_id
     )
     SELECT p.kind, p.id, p.reference, p.channel, p."channelName", p.site,
       CASE WHEN c.all_back THEN '${SALE_STATE.RETURNED}' WHEN c.some_back THEN '${SALE_STATE.PARTLY_RETURNED}' ELSE p.state END AS state,
       p.total, p.currency, p.ts
     FROM page p LEFT JOIN came_back c ON c.sale_id = p.id
     ORDER BY p.ts DESC, p.id DESC`,
    [customer.id, query.before ?? null, query.limit ?? 100],
  );
  return { customer, entries: rows.map(({ ts, ...e }) => ({ ...e, total: Number(e.total), at: new Date(ts).toISOString() })) };
}
