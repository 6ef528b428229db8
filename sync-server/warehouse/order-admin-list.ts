// Channel orders for the back office (GET /api/admin/orders): newest first, filtered by channel,
// state and words of the reference or the customer's name or e-mail (accent- and case-free, like
// the other name searches; a part anywhere from three characters, the start below that, read from
// trigram indexes: order-search.ts), a page at a time, with how many match up to a cap (which
// orders, and that count: order-admin-page.ts). Each order's lines and work come from orderViews
// (the channels' own view: reserved, backordered, delivered, cancelled, returned), named here, and
// their invoices and credit notes from orderDocuments (one query for the page).
import type { AdminOrder, AdminOrderPage, AdminOrderQuery } from '../../shared/admin-api/channel-orders.ts';
import type { PickingState, ProductRef } from '../../shared/admin-api/warehouse.ts';
import type { Queryable } from '../db/db.ts';
import { orderPageIds, type OrderPageOptions } from './order-admin-page.ts';
import { orderDocuments } from './order-documents.ts';
import { orderTotalSql } from './order-total.ts';
import { orderViews } from './order-view.ts';
import { productRefSql } from './product-ref.ts';

interface Row {
  order_total: string;
  id: string;
  channel_name: string;
  customer_name: string | null;
  currency: string;
  created_at: Date;
}

export async function listAdminOrders(q: Queryable, query: AdminOrderQuery, options: OrderPageOptions = {}): Promise<AdminOrderPage> {
  const page = await orderPageIds(q, query, options);
  const rows = page.ids.length === 0 ? [] : await q.query<Row>(
    // The total is summed for the page only, not for every order that matches.
    `SELECT o.id, coalesce(ch.name, o.channel) AS channel_name, coalesce(c.name, o.customer->>'name') AS customer_name,
            o.currency::text AS currency, o.created_at, ${orderTotalSql('o')} AS order_total
     FROM orders o LEFT JOIN channels ch ON ch.code = o.channel LEFT JOIN customers c ON c.id = o.customer_id
     WHERE o.id = ANY($1::text[])
     ORDER BY o.created_at DESC, o.id DESC`,
    [page.ids],
  );
  const views = await orderViews(q, rows.map((r) => r.id));
  const productIds = [...new Set(views.flatMap((v) => v.lines.map((l) => l.productId)))];
  const products = new Map(
    (await q.query<{ id: string; ref: ProductRef }>(`SELECT p.id, ${productRefSql('p')} AS ref FROM products p WHERE p.id = ANY($1::text[])`, [productIds]))
      .map((p) => [p.id, p.ref]),
  );
  const byId = new Map(views.map((v) => [v.orderId, v]));
  const documents = await orderDocuments(q, rows.map((r) => r.id));
  const orders = rows.flatMap((r): AdminOrder[] => {
    const v = byId.get(r.id);
    if (!v) return [];
    const lines = v.lines.map((l) => ({
      orderLineId: l.lineId,
      product: products.get(l.productId) ?? { id: l.productId, name: l.productId, sku: '', unit: 'unit' },
      qty: l.qty, unitPrice: l.unitPrice, discount: l.discount ?? 0,
      reserved: l.reserved, backordered: l.backordered, delivered: l.delivered, cancelled: l.cancelled, returned: l.returned ?? 0,
    }));
    return [{
      id: v.orderId, reference: v.externalRef, channel: v.channel, channelName: r.channel_name, state: v.state as AdminOrder['state'],
      cancelReason: v.cancelReason ?? null,
      customer: v.customerId !== null && r.customer_name !== null ? { id: v.customerId, name: r.customer_name } : null,
      pickupSite: v.fulfillment?.site ?? null, payAtPickup: v.fulfillment?.payAtPickup === true, couponCodes: v.couponCodes ?? [],
      currency: r.currency, createdAt: new Date(r.created_at).toISOString(),
      total: Number(r.order_total),
      lines,
      pickings: v.pickings.map((p) => ({ id: p.id, reference: p.reference, warehouse: p.warehouse, state: p.state as PickingState })),
      documents: documents.get(r.id) ?? [],
    }];
  });
  return { orders, total: page.total, totalExact: page.totalExact, hasMore: page.hasMore };
}
