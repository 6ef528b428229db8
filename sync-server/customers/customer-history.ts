// A customer's history over every channel: channel orders and till sales and returns, newest
// first, for the back office (GET /api/admin/customers/:id/history) and the tills (GET
// /api/till/customers/:id/history). A merged id answers with the customer it was merged into, and
// rows still filed under a customer merged into this one (a sale that raced the merge) are included.
import type { CustomerHistory, HistoryEntry, HistoryQuery } from '../../shared/admin-api/customers.ts';
import type { Queryable } from '../db/db.ts';
import { orderTotalSql } from '../warehouse/order-total.ts';
import { getCustomer } from './customer-admin.ts';

export async function customerHistory(q: Queryable, id: string, query: HistoryQuery): Promise<CustomerHistory> {
  const customer = await getCustomer(q, id);
  const rows = await q.query<Omit<HistoryEntry, 'at'> & { ts: Date }>(
    `WITH who AS (SELECT id FROM customers WHERE id = $1 OR merged_into = $1)
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
     ORDER BY h.ts DESC, h.id DESC LIMIT $3`,
    [customer.id, query.before ?? null, query.limit ?? 100],
  );
  return { customer, entries: rows.map(({ ts, ...e }) => ({ ...e, total: Number(e.total), at: new Date(ts).toISOString() })) };
}
