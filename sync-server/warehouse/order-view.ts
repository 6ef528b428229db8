// The order as POST /api/orders and GET /api/orders/:id answer it: per line what is reserved,
// what waits for stock (backordered), delivered and cancelled; and the pickings made for it.
import type { Queryable } from '../db/db.ts';
import { round4, WarehouseError } from './errors.ts';
import { orderTransfers, type OrderTransferView } from './order-transfers.ts';

export interface OrderLineView {
  lineId: string;
  productId: string;
  qty: number;
  unitPrice: number;
  reserved: number;
  backordered: number;
  delivered: number;
  cancelled: number;
  /** Returned at a store (docs/channels.md "Returns at a store"); absent while nothing came back. */
  returned?: number;
  /** Click-and-collect: units coming to the store by transfer (not in `backordered`); absent when none. */
  inTransit?: number;
}

export interface OrderPickingView {
  id: string;
  reference: string;
  warehouse: string;
  kind: string;
  step: string;
  state: string;
}

export interface OrderView {
  orderId: string;
  channel: string;
  externalRef: string;
  state: string;
  customerId: string | null;
  /** Only on click-and-collect orders: the store where the customer collects; `payAtPickup` when
   *  the customer pays at the till (absent: the channel took the payment). */
  fulfillment?: { type: 'pickup'; site: string; payAtPickup?: true };
  /** Why the server cancelled the order: `not_collected` (a pickup order released after the store's hold days). */
  cancelReason?: string;
  lines: OrderLineView[];
  pickings: OrderPickingView[];
  /** Click-and-collect: the transfers that bring what the store lacked (docs/channels.md); absent when none. */
  transfers?: OrderTransferView[];
}

export async function orderView(q: Queryable, orderId: string): Promise<OrderView> {
  const [view] = await orderViews(q, [orderId]);
  if (!view) throw new WarehouseError('unknown_order', `no order ${orderId}`);
  return view;
}

/** The orders that exist among `orderIds`, in that order, with three queries whatever their number. */
export async function orderViews(q: Queryable, orderIds: readonly string[]): Promise<OrderView[]> {
  if (orderIds.length === 0) return [];
  const ids = [...orderIds];
  const orders = await q.query<{ id: string; channel: string; external_ref: string; state: string; customer_id: string | null; pickup_site: string | null; pay_at_pickup: boolean; cancel_reason: string | null }>(
    `SELECT o.id, o.channel, o.external_ref, o.state, o.customer_id, s.code AS pickup_site, o.pay_at_pickup, o.cancel_reason
     FROM orders o LEFT JOIN sites s ON s.id = o.pickup_site_id WHERE o.id = ANY($1::text[])`,
    [ids],
  );
  const lines = await q.query<{ id: string; order_id: string; product_id: string; qty: number; unit_price: number; delivered: number; cancelled: number; returned: number; reserved: number; waiting: number }>(
    `SELECT ol.id, ol.order_id, ol.product_id, ol.qty, ol.unit_price, ol.delivered, ol.cancelled, ol.returned,
       coalesce((SELECT sum(r.qty) FROM reservations r WHERE r.order_line_id = ol.id), 0) AS reserved,
       coalesce((SELECT sum(pl.qty) FROM picking_lines pl JOIN pickings p ON p.id = pl.picking_id
                 WHERE pl.order_line_id = ol.id AND NOT pl.reserved AND p.state = 'waiting'), 0) AS waiting
     FROM order_lines ol WHERE ol.order_id = ANY($1::text[]) ORDER BY ol.order_id, ol.position`,
    [ids],
  );
  const pickings = await q.query<OrderPickingView & { order_id: string }>(
    `SELECT p.order_id, p.id, p.reference, s.code AS warehouse, p.kind, p.step, p.state FROM pickings p JOIN sites s ON s.id = p.site_id
     WHERE p.order_id = ANY($1::text[]) ORDER BY p.created_at, p.reference`,
    [ids],
  );
  const transfers = orders.some((o) => o.pickup_site) ? await orderTransfers(q, orders.filter((o) => o.pickup_site).map((o) => o.id)) : new Map<string, never>();
  const byId = new Map(orders.map((o) => [o.id, o]));
  return ids.flatMap((id) => {
    const o = byId.get(id);
    if (!o) return [];
    const moving = transfers.get(id);
    // Units on their way serve the order's waiting units, line by line in order.
    const way = new Map(moving?.onTheWay ?? []);
    const inTransit = (productId: string, waiting: number): number => {
      const n = Math.min(waiting, way.get(productId) ?? 0);
      if (n > 0) way.set(productId, round4((way.get(productId) ?? 0) - n));
      return n;
    };
    return [{
      orderId: o.id,
      channel: o.channel,
      externalRef: o.external_ref,
      state: o.state,
      customerId: o.customer_id,
      ...(o.pickup_site ? { fulfillment: { type: 'pickup' as const, site: o.pickup_site, ...(o.pay_at_pickup ? { payAtPickup: true as const } : {}) } } : {}),
      ...(o.cancel_reason ? { cancelReason: o.cancel_reason } : {}),
      lines: lines.filter((l) => l.order_id === id).map((l) => {
        const coming = inTransit(l.product_id, Number(l.waiting));
        return {
          lineId: l.id,
          productId: l.product_id,
          qty: Number(l.qty),
          unitPrice: Number(l.unit_price),
          reserved: Number(l.reserved),
          backordered: round4(Number(l.waiting) - coming),
          delivered: Number(l.delivered),
          cancelled: Number(l.cancelled),
          ...(Number(l.returned) > 0 ? { returned: Number(l.returned) } : {}),
          ...(coming > 0 ? { inTransit: coming } : {}),
        };
      }),
      pickings: pickings.filter((p) => p.order_id === id).map(({ order_id: _, ...p }) => p),
      ...(moving ? { transfers: moving.transfers } : {}),
    }];
  });
}
