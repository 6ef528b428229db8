// The orders of a channel that changed (made, cancelled, closed, delivered, a picking moved on),
// in the order of their last change, for channels that poll. Each change of an order takes the
// next feed number (migration 083) under the feed lock, so numbers are in commit order: a page
// after a cursor never misses an order that changed behind it, and an order appears once per
// walk — again later only if it changed again.
import type { OrderListQuery } from '../../shared/channel-api/order-list.ts';
import type { Queryable } from '../db/db.ts';
import { orderViews, type OrderView } from './order-view.ts';

export interface OrderPage {
  orders: OrderView[];
  /** Pass it back as `cursor` for the next page, or to poll for later changes. */
  cursor: string;
  /** More changes wait after this page. */
  more: boolean;
}

export async function listOrders(q: Queryable, query: OrderListQuery): Promise<OrderPage> {
  const limit = query.limit ?? 50;
  const after = query.cursor ?? '0';
  const rows = await q.query<{ id: string; change_seq: string }>(
    `SELECT id, change_seq::text FROM orders
     WHERE change_seq > $1::bigint AND ($2::text IS NULL OR channel = $2) AND ($3::timestamptz IS NULL OR updated_at >= $3::timestamptz)
     ORDER BY change_seq LIMIT $4`,
    [after, query.channel ?? null, query.since ?? null, limit + 1],
  );
  const page = rows.slice(0, limit);
  return { orders: await orderViews(q, page.map((r) => r.id)), cursor: page.at(-1)?.change_seq ?? after, more: rows.length > limit };
}
