// The order as POST /api/orders and GET /api/orders/:id answer it: per line what is reserved,
// what waits for stock (backordered), delivered and cancelled; and the pickings made for it.
// GET /api/orders/:id adds the order's invoices and credit notes (order-documents.ts), which the
// intake's answer and the webhooks built from this view go without.
import type { Queryable } from '../db/db.ts';
import { round4, WarehouseError } from './errors.ts';
import { orderTransfers, type OrderTransferView } from './order-transfers.ts';
import { multiplyMinor } from '../../shared/money/index.ts';

export interface OrderLineView {
  lineId: string;
  productId: string;
  qty: number;
  /** Per unit, after the customer's pricelist (docs/pricing.md "Channel orders"). */
  unitPrice: number;
  /** The catalog price, when a pricelist changed it. */
  listPrice?: number;
  /** What promotions took off qty × unitPrice (Σ `promotions`); absent when none did. */
  discount?: number;
  /** Each promotion's share of `discount`, in the order they were applied. */
  promotions?: OrderLinePromotionView[];
  reserved: number;
  backordered: number;
  delivered: number;
  cancelled: number;
  /** Returned at a store (docs/channels.md "Returns at a store"); absent while nothing came back. */
  returned?: number;
  /** Click-and-collect: units coming to the store by transfer (not in `backordered`); absent when none. */
  inTransit?: number;
}

export interface OrderLinePromotionView {
  promotionId: string;
  name: string;
  amount: number;
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
  /** Coupon codes the order was priced with (normalised); absent when none. */
  couponCodes?: string[];
  /** Σ the lines' promotion discounts; absent when none. */
  discount?: number;
  /** What pricelists and promotions saved against the catalog prices; absent when nothing. */
  saved?: number;
  lines: OrderLineView[];
  pickings: OrderPickingView[];
  /** Click-and-collect: the transfers that bring what the store lacked (docs/channels.md); absent when none. */
  transfers?: OrderTransferView[];
}

/** A line's pricing fields: only what differs from a plain catalog-priced line. */
export function linePricingView(listPrice: number | null, unitPrice: number, promotions: readonly OrderLinePromotionView[]): Pick<OrderLineView, 'listPrice' | 'discount' | 'promotions'> {
  const discount = promotions.reduce((a, p) => a + p.amount, 0);
  return {
    ...(listPrice !== null && listPrice !== unitPrice ? { listPrice } : {}),
    ...(promotions.length > 0 ? { discount, promotions: [...promotions] } : {}),
  };
}

/** The order's coupons and savings, from its lines' pricing fields. */
export function orderPricingView(couponCodes: readonly string[], lines: readonly Pick<OrderLineView, 'qty' | 'unitPrice' | 'listPrice' | 'discount'>[]): Pick<OrderView, 'couponCodes' | 'discount' | 'saved'> {
  const discount = lines.reduce((a, l) => a + (l.discount ?? 0), 0);
  const saved = lines.reduce((a, l) => a + (l.listPrice === undefined ? 0 : multiplyMinor(l.listPrice, l.qty, 'order saved') - multiplyMinor(l.unitPrice, l.qty, 'order saved')) + (l.discount ?? 0), 0);
  return {
    ...(couponCodes.length > 0 ? { couponCodes: [...couponCodes] } : {}),
    ...(discount > 0 ? { discount } : {}),
    ...(saved !== 0 ? { saved } : {}),
  };
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
  const orders = await q.query<{ id: string; channel: string; external_ref: string; state: string; customer_id: string | null; pickup_site: string | null; pay_at_pickup: boolean; cancel_reason: string | null; coupon_codes: string[] }>(
    `SELECT o.id, o.channel, o.external_ref, o.state, o.customer_id, s.code AS pickup_site, o.pay_at_pickup, o.cancel_reason, o.coupon_codes
     FROM orders o LEFT JOIN sites s ON s.id = o.pickup_site_id WHERE o.id = ANY($1::text[])`,
    [ids],
  );
  const lines = await q.query<{
    id: string; order_id: string; product_id: string; qty: number; unit_price: number; list_price: string | null; delivered: number; cancelled: number; returned: number; reserved: number; waiting: number;
    promotions: OrderLinePromotionView[] | null;
  }>(
    `SELECT ol.id, ol.order_id, ol.product_id, ol.qty, ol.unit_price, ol.list_price, ol.delivered, ol.cancelled, ol.returned,
       CASE WHEN ol.discount > 0 THEN (SELECT jsonb_agg(jsonb_build_object('promotionId', lp.promotion_id, 'name', coalesce(pr.name, lp.promotion_id), 'amount', lp.amount) ORDER BY lp.position)
         FROM order_line_promotions lp LEFT JOIN promotions pr ON pr.id = lp.promotion_id WHERE lp.line_id = ol.id) END AS promotions,
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
    const views: OrderLineView[] = lines.filter((l) => l.order_id === id).map((l) => {
        const coming = inTransit(l.product_id, Number(l.waiting));
        return {
          lineId: l.id,
          productId: l.product_id,
          qty: Number(l.qty),
          unitPrice: Number(l.unit_price),
          ...linePricingView(l.list_price === null ? null : Number(l.list_price), Number(l.unit_price), (l.promotions ?? []).map((p) => ({ ...p, amount: Number(p.amount) }))),
          reserved: Number(l.reserved),
          backordered: round4(Number(l.waiting) - coming),
          delivered: Number(l.delivered),
          cancelled: Number(l.cancelled),
          ...(Number(l.returned) > 0 ? { returned: Number(l.returned) } : {}),
          ...(coming > 0 ? { inTransit: coming } : {}),
        };
      });
    return [{
      orderId: o.id,
      channel: o.channel,
      externalRef: o.external_ref,
      state: o.state,
      customerId: o.customer_id,
      ...(o.pickup_site ? { fulfillment: { type: 'pickup' as const, site: o.pickup_site, ...(o.pay_at_pickup ? { payAtPickup: true as const } : {}) } } : {}),
      ...(o.cancel_reason ? { cancelReason: o.cancel_reason } : {}),
      ...orderPricingView(o.coupon_codes ?? [], views),
      lines: views,
      pickings: pickings.filter((p) => p.order_id === id).map(({ order_id: _, ...p }) => p),
      ...(moving ? { transfers: moving.transfers } : {}),
    }];
  });
}
