// How a channel order is priced (docs/pricing.md "Channel orders"): the same priceCart as a till's
// cart, with the order's channel, the site it is priced at, its customer's group and its coupon
// codes. Lines are keyed by position, so spread discounts and "cheapest unit" ties follow the order's
// line order and an order is priced the same alone or in a batch. Channels send no prices: every
// line starts from the catalog price (never a fixed price).
import { normalizeCouponCode } from './coupon-code.ts';
import type { PricingContext, PricingLineInput } from './price-cart.ts';
import type { PricingProduct } from './pricelist.ts';

/**
 * The site of an order delivered from a warehouse or a store's shelf: none. Only rules open at
 * every site (`siteIds` empty) apply to it, never a store's own pricelist or promotion.
 */
export const ORDER_NO_STORE = '';

/** The key priceCart knows an order line by: its position, zero-padded (orders have ≤ 500 lines). */
export function orderLineKey(index: number): string {
  return String(index + 1).padStart(3, '0');
}

export function pricingLinesOfOrder(lines: readonly { productId: string; qty: number }[], product: (id: string) => PricingProduct | undefined): PricingLineInput[] {
  return lines.flatMap((l, i) => {
    const p = product(l.productId);
    return p ? [{ lineId: orderLineKey(i), product: p, qty: l.qty }] : [];
  });
}

export interface OrderPricingPlace {
  /** The pickup store, or ORDER_NO_STORE for a delivery. */
  siteId: string;
  /** The zone whose store day dates are read in. */
  timeZone: string;
}

export function pricingContextOfOrder(
  order: { channel: string; coupons?: readonly string[] },
  place: OrderPricingPlace,
  at: string,
  customerGroupId: string | null | undefined,
): PricingContext {
  return {
    siteId: place.siteId,
    channel: order.channel,
    at,
    timeZone: place.timeZone,
    ...(customerGroupId ? { customerGroupId } : {}),
    ...(order.coupons?.length ? { couponCodes: order.coupons.map(normalizeCouponCode) } : {}),
  };
}
