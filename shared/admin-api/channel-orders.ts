// Channel orders as the back office lists them (GET /api/admin/orders): newest first, by channel,
// state, and reference or customer, a page at a time with how many match (counted up to a cap); each with its customer's name, its lines by
// product name with what is reserved, waiting for stock, delivered, cancelled and returned, its total
// after promotions, its warehouse work and its invoices and credit notes. A cancel (POST /api/admin/orders/:id/cancel) is the
// channels' own cancel (docs/channels.md), and says what it released.
import { Type, type Static } from 'typebox';
import { OrderDocument } from '../channel-api/order-documents.ts';
import { Paging, PickingState, ProductRef } from './warehouse.ts';

export const OrderState = Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]);
export type OrderState = Static<typeof OrderState>;

export const AdminOrderQuery = Type.Object(
  {
    channel: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,32}$' })),
    state: Type.Optional(OrderState),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'words of the order reference or the customer\'s name or e-mail' })),
    ...Paging,
  },
  { additionalProperties: false },
);
export type AdminOrderQuery = Static<typeof AdminOrderQuery>;

export const AdminOrderLine = Type.Object({
  /** The order line's id (what a return announced in the back office names: POST /api/orders/:id/returns). */
  orderLineId: Type.String(),
  product: ProductRef,
  qty: Type.Number(),
  /** Per unit, minor units of the order's currency. */
  unitPrice: Type.Integer(),
  /** What promotions and coupons took off the whole line (0: nothing). */
  discount: Type.Integer(),
  reserved: Type.Number(),
  backordered: Type.Number(),
  delivered: Type.Number(),
  cancelled: Type.Number(),
  returned: Type.Number(),
});
export type AdminOrderLine = Static<typeof AdminOrderLine>;

export const AdminOrder = Type.Object({
  id: Type.String(),
  /** The channel's own reference (what the customer quotes). */
  reference: Type.String(),
  channel: Type.String(),
  /** The channel's name (back office, Channels), or its code when it has none. */
  channelName: Type.String(),
  state: OrderState,
  /** `not_collected`: released after the store's hold days; null otherwise. */
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  customer: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  /** The store a click-and-collect order is collected at (its code); null for a delivery. */
  pickupSite: Type.Union([Type.String(), Type.Null()]),
  payAtPickup: Type.Boolean(),
  couponCodes: Type.Array(Type.String()),
  currency: Type.String(),
  /** Σ qty × unit price − discounts, minor units of `currency`. */
  total: Type.Integer(),
  createdAt: Type.String(),
  lines: Type.Array(AdminOrderLine),
  /** The warehouse work made for it, oldest first. */
  pickings: Type.Array(Type.Object({ id: Type.String(), reference: Type.String(), warehouse: Type.String(), state: PickingState })),
  /** Its invoices and credit notes, oldest first (as GET /api/orders/:id lists them). */
  documents: Type.Array(OrderDocument),
});
export type AdminOrder = Static<typeof AdminOrder>;

/**
 * A page of the list. Matches are counted up to a cap (1,000: ORDER_COUNT_CAP, docs/admin.md): below
 * it `total` is their number; above it `total` is the cap and `totalExact` false ("1,000+ orders"),
 * and `hasMore` says whether a next page exists.
 */
export const AdminOrderPage = Type.Object({
  orders: Type.Array(AdminOrder),
  /** How many orders match; when `totalExact` is false, more than this many do. */
  total: Type.Integer(),
  totalExact: Type.Boolean(),
  /** Whether orders follow this page (offset + limit), whatever the count says. */
  hasMore: Type.Boolean(),
});
export type AdminOrderPage = Static<typeof AdminOrderPage>;

/** What POST /api/admin/orders/:id/cancel answers: the order as it is now, and what this call gave back. */
export const AdminOrderCancel = Type.Object({
  order: AdminOrder,
  /** Units not delivered that this call released (0 when the order was cancelled already). */
  releasedUnits: Type.Number(),
  /** Coupon codes the customer may use again: the order's, when nothing of it had been delivered. */
  couponsReleased: Type.Array(Type.String()),
  /** The credit note that gave back what was cancelled of an order invoiced on order (docs/warehouse.md "Invoicing policy"); null: none. */
  creditNote: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type AdminOrderCancel = Static<typeof AdminOrderCancel>;
