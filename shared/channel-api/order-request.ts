// POST /api/orders (PROTOCOL.md, docs/channels.md): what a channel sends. Declared once for the
// server's validation and the callers' types, with the order's id routes' parameters and the
// availability query.
import { Type, type Static } from 'typebox';

const ChannelCode = Type.String({ pattern: '^[a-z0-9_-]{1,32}$' });

/** Matched to an existing customer by normalized e-mail or phone, else created (docs/channels.md). */
export const OrderCustomerInput = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 64 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: false },
);
export type OrderCustomerInput = Static<typeof OrderCustomerInput>;

export const OrderRequest = Type.Object(
  {
    channel: ChannelCode,
    externalRef: Type.String({ minLength: 1, maxLength: 100 }),
    /** A customer id, or the customer's details. */
    customer: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), OrderCustomerInput])),
    warehouse: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    // One object, not a union: Fastify's ajv removes additional properties branch by branch.
    // A pickup without `site` is refused by order intake.
    /** Delivery (default) or click-and-collect at a store: reserved in that store's stock.
     *  `payAtPickup`: the customer pays at the till when collecting (default: the channel took the payment). */
    fulfillment: Type.Optional(
      Type.Object(
        { type: Type.Union([Type.Literal('delivery'), Type.Literal('pickup')]), site: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })), payAtPickup: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
    ),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    /** Coupon codes the customer entered (compared upper-cased without surrounding spaces). Each must
     *  apply to this order, else the order is refused (400 `coupon_invalid`, or 409 `coupon_used_up`
     *  when its uses are spent) and nothing is written (docs/channels.md "Prices, promotions and coupons"). */
    coupons: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 10 })),
    // No price per line: an order is priced by Aisle (catalog, pricelists, promotions, coupons).
    lines: Type.Array(
      Type.Object(
        { productId: Type.String({ minLength: 1, maxLength: 64 }), qty: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export type OrderRequest = Static<typeof OrderRequest>;

/** GET /api/orders/:id, POST /api/orders/:id/cancel. */
export const OrderParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export type OrderParams = Static<typeof OrderParams>;

/** GET /api/availability: a channel key reads its own channel; a manager names one. */
export const AvailabilityQuery = Type.Object(
  { productId: Type.String({ minLength: 1, maxLength: 64 }), channel: Type.Optional(ChannelCode) },
  { additionalProperties: false },
);
export type AvailabilityQuery = Static<typeof AvailabilityQuery>;
