// Pricelists, promotions and coupons (issue 17), declared once: the admin API validates with these
// schemas, the server stores and publishes them, the till receives them in its `config` collection,
// and shared/pricing/price-cart.ts computes prices from them. Money is in minor units of the store
// currency; percents are decimal numbers (12.5 = 12.5 %) read exactly (shared/money/decimal.ts).
// Dates are store days (`YYYY-MM-DD`, inclusive) read in the site's time zone (shared/time).
import { Type, type Static } from 'typebox';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const StoreDay = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Minor = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const SignedMinor = Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000 });
/** Percent off (negative = a markup, down to −1000 %). */
const Percent = Type.Number({ minimum: -1000, maximum: 100 });
const OffPercent = Type.Number({ exclusiveMinimum: 0, maximum: 100 });
const Category = Type.String({ minLength: 1, maxLength: 100 });

/** Codes are compared upper-cased; letters, digits and dashes, 4–32 characters. */
export const COUPON_CODE_PATTERN = '^[A-Z0-9][A-Z0-9-]{2,30}[A-Z0-9]$';
export const CouponCode = Type.String({ pattern: COUPON_CODE_PATTERN });

// Union members carry no `additionalProperties: false`: Fastify's ajv removes additional properties
// (`removeAdditional`) while it tries each member, so the first member tried would strip the fields
// of the others (a product rule would lose its productId).
const dates = { dateStart: Type.Optional(StoreDay), dateEnd: Type.Optional(StoreDay) };

/** Which products a promotion looks at: the listed products and categories; both empty = every product. */
export const ProductTarget = Type.Object(
  {
    productIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
    categories: Type.Optional(Type.Array(Category, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type ProductTarget = Static<typeof ProductTarget>;

export const PricelistAppliesTo = Type.Union([
  Type.Object({ kind: Type.Literal('all') }),
  Type.Object({ kind: Type.Literal('category'), category: Category }),
  Type.Object({ kind: Type.Literal('product'), productId: Id }),
]);
export type PricelistAppliesTo = Static<typeof PricelistAppliesTo>;

/**
 * How a rule prices a unit (Odoo's `compute_price`): a fixed price; a percentage off the list
 * price; or a formula on the list price or the cost — base × (1 − discount %), rounded to a
 * multiple of `rounding`, plus `surcharge`, then kept within [base + minMargin, base + maxMargin].
 */
export const PriceCompute = Type.Union([
  Type.Object({ kind: Type.Literal('fixed'), price: Minor }),
  Type.Object({ kind: Type.Literal('percentage'), percent: Percent }),
  Type.Object(
    {
      kind: Type.Literal('formula'),
      base: Type.Union([Type.Literal('list'), Type.Literal('cost')]),
      discountPercent: Type.Optional(Percent),
      surcharge: Type.Optional(SignedMinor),
      rounding: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
      minMargin: Type.Optional(SignedMinor),
      maxMargin: Type.Optional(SignedMinor),
    },
  ),
]);
export type PriceCompute = Static<typeof PriceCompute>;

export const PricelistItem = Type.Object(
  {
    id: Id,
    appliesTo: PricelistAppliesTo,
    /** Quantity break: the rule applies from this quantity on the line (absent = any). */
    minQty: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    ...dates,
    compute: PriceCompute,
  },
  { additionalProperties: false },
);
export type PricelistItem = Static<typeof PricelistItem>;

export const Pricelist = Type.Object(
  {
    id: Id,
    name: Name,
    /** Sites where it may be used; empty = every site. */
    siteIds: Type.Array(Id, { maxItems: 500 }),
    /** Customers of these groups get it (at the sites above). */
    customerGroupIds: Type.Array(Id, { maxItems: 100 }),
    /** The pricelist of these sites for customers no group pricelist covers (and for anonymous sales). */
    defaultForSiteIds: Type.Array(Id, { maxItems: 500 }),
    /** Lower first when several pricelists fit. */
    sequence: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    items: Type.Array(PricelistItem, { maxItems: 5000 }),
  },
  { additionalProperties: false },
);
export type Pricelist = Static<typeof Pricelist>;

export const PromotionReward = Type.Union([
  /** A percentage off every unit of the targeted products. */
  Type.Object({ kind: Type.Literal('percent_off'), percent: OffPercent, target: ProductTarget }),
  /** An amount off each unit of the targeted products (never below zero). */
  Type.Object({ kind: Type.Literal('amount_off'), amount: Minor, target: ProductTarget }),
  /** Buy `buyQty` targeted units, get `getQty` free: the cheapest targeted units, or units of a named product. */
  Type.Object(
    {
      kind: Type.Literal('buy_x_get_y'),
      buyQty: Type.Integer({ minimum: 1, maximum: 1000 }),
      getQty: Type.Integer({ minimum: 1, maximum: 1000 }),
      target: ProductTarget,
      free: Type.Union([
        Type.Object({ kind: Type.Literal('cheapest') }),
        Type.Object({ kind: Type.Literal('product'), productId: Id }),
      ]),
    },
  ),
  /** The listed products together sell for `price` (per complete bundle in the cart). */
  Type.Object(
    {
      kind: Type.Literal('bundle'),
      items: Type.Array(Type.Object({ productId: Id, qty: Type.Integer({ minimum: 1, maximum: 100 }) }), { minItems: 1, maxItems: 20 }),
      price: Minor,
    },
  ),
  /** When the targeted lines reach `minAmount`, a percentage or an amount off them, spread over the lines. */
  Type.Object(
    {
      kind: Type.Literal('order_threshold'),
      minAmount: Minor,
      percent: Type.Optional(OffPercent),
      amount: Type.Optional(Minor),
      target: ProductTarget,
    },
  ),
]);
export type PromotionReward = Static<typeof PromotionReward>;

export const Promotion = Type.Object(
  {
    id: Id,
    name: Name,
    /** `automatic` applies by itself; `coupon` only when one of its coupon codes is entered. */
    trigger: Type.Union([Type.Literal('automatic'), Type.Literal('coupon')]),
    /** Sites where it runs; empty = every site. */
    siteIds: Type.Array(Id, { maxItems: 500 }),
    /** Channels where it runs (`pos` for tills); empty = every channel. */
    channels: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 20 }),
    ...dates,
    /** Lower first (see docs/pricing.md, "Which promotions combine"). */
    priority: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    /** An exclusive promotion never shares a line with another promotion. */
    exclusive: Type.Boolean(),
    reward: PromotionReward,
  },
  { additionalProperties: false },
);
export type Promotion = Static<typeof Promotion>;

export const Coupon = Type.Object(
  {
    code: CouponCode,
    promotionId: Id,
    /** 1 = single use. Counted by the server across every till (a till offline cannot count). */
    maxUses: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
export type Coupon = Static<typeof Coupon>;

export interface PricingRules {
  pricelists: readonly Pricelist[];
  promotions: readonly Promotion[];
  coupons: readonly Coupon[];
}
