// Public surface of pricing: pricelists, promotions and coupons (issue 17), and the approval rule for
// manual reductions (approval-reduction.ts).
export * from './pricing-rules.ts';
export { buildPricingIndex, type PricingIndex } from './pricing-index.ts';
export { selectPricelist, computeUnitPrice, matchPricelistItem, pricelistPrice, type PricingProduct } from './pricelist.ts';
export { pricingLinesOfSale, pricingContextOfSale, linePromotionTotal, POS_CHANNEL } from './sale-pricing.ts';
export { ORDER_NO_STORE, orderLineKey, pricingLinesOfOrder, pricingContextOfOrder, type OrderPricingPlace } from './order-pricing.ts';
export { discountShare, type DiscountedLine } from './discount-share.ts';
export { normalizeCouponCode, isCouponCodeFormat } from './coupon-code.ts';
export {
  priceCart,
  promotionIsOpen,
  type PricingLineInput,
  type PricingContext,
  type PricedLine,
  type LinePromotion,
  type AppliedPromotion,
  type CouponRefusal,
  type PricingResult,
} from './price-cart.ts';
