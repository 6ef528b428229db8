// Admin API: customer groups, pricelists, promotions and coupons (issue 17, docs/pricing.md). The
// rule shapes are the ones shared/pricing computes with; only ids are given by the server.
import { Type, type Static } from 'typebox';
import { Coupon, CouponCode, Pricelist, PricelistItem, Promotion } from '../pricing/pricing-rules.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Ids = (max: number) => Type.Optional(Type.Array(Id, { maxItems: max }));

export const CustomerGroupInput = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export type CustomerGroupInput = Static<typeof CustomerGroupInput>;
export const CustomerGroup = Type.Object({ id: Type.String(), name: Type.String(), customers: Type.Integer() });
export type CustomerGroup = Static<typeof CustomerGroup>;
export const CustomerGroupList = Type.Object({ groups: Type.Array(CustomerGroup) });
export type CustomerGroupList = Static<typeof CustomerGroupList>;

/** `groupId: null` takes the customer out of any group. */
export const CustomerGroupAssignment = Type.Object({ groupId: Type.Union([Id, Type.Null()]) }, { additionalProperties: false });
export type CustomerGroupAssignment = Static<typeof CustomerGroupAssignment>;
export const CustomerGroupAssigned = Type.Object({ customerId: Type.String(), name: Type.String(), groupId: Type.Union([Type.String(), Type.Null()]) });
export type CustomerGroupAssigned = Static<typeof CustomerGroupAssigned>;

export const PricelistItemInput = Type.Omit(PricelistItem, ['id'], { additionalProperties: false });
export type PricelistItemInput = Static<typeof PricelistItemInput>;

export const PricelistInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    siteIds: Ids(500),
    customerGroupIds: Ids(100),
    defaultForSiteIds: Ids(500),
    sequence: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    items: Type.Array(PricelistItemInput, { maxItems: 5000 }),
  },
  { additionalProperties: false },
);
export type PricelistInput = Static<typeof PricelistInput>;

/**
 * An edit replaces the pricelist with what is sent (same rules as a new one). A rule sent with the
 * `id` of one of this pricelist's rules keeps that id (a sale in flight that names it still finds
 * it); a rule without an id is new; a rule of the pricelist that is not sent is removed.
 */
export const PricelistItemEdit = Type.Object({ ...PricelistItemInput.properties, id: Type.Optional(Id) }, { additionalProperties: false });
export type PricelistItemEdit = Static<typeof PricelistItemEdit>;
export const PricelistUpdate = Type.Object(
  { ...PricelistInput.properties, items: Type.Array(PricelistItemEdit, { maxItems: 5000 }) },
  { additionalProperties: false },
);
export type PricelistUpdate = Static<typeof PricelistUpdate>;
export const PricelistList = Type.Object({ pricelists: Type.Array(Pricelist) });
export type PricelistList = Static<typeof PricelistList>;

export const PromotionInput = Type.Omit(Promotion, ['id'], { additionalProperties: false });
export type PromotionInput = Static<typeof PromotionInput>;
/** An edit replaces the promotion's fields with what is sent (same rules as a new one); its coupon codes stay. */
export const PromotionUpdate = PromotionInput;
export type PromotionUpdate = PromotionInput;
export const PromotionList = Type.Object({ promotions: Type.Array(Promotion) });
export type PromotionList = Static<typeof PromotionList>;

/** Codes are stored upper-cased; a code is unique across all promotions. */
export const CouponInput = Type.Object(
  { code: Type.String({ minLength: 4, maxLength: 32 }), promotionId: Id, maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) },
  { additionalProperties: false },
);
export type CouponInput = Static<typeof CouponInput>;
export const CouponWithUses = Type.Intersect([Coupon, Type.Object({ uses: Type.Integer() })]);
export type CouponWithUses = Static<typeof CouponWithUses>;
export const CouponList = Type.Object({ coupons: Type.Array(CouponWithUses) });
export type CouponList = Static<typeof CouponList>;
export { CouponCode };

/** A pricelist or promotion taken off the tills (`DELETE`): kept on the server for the sales that used it. */
export const PricingRuleEnded = Type.Object({ id: Type.String(), name: Type.String() });
export type PricingRuleEnded = Static<typeof PricingRuleEnded>;
