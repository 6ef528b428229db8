// Pricelists (modelled on Odoo's product.pricelist.item): which pricelist a sale uses, and the unit
// price its first matching rule gives a line. Rules are tried product rules first, then category
// rules, then rules for all products; within each, the biggest quantity break that the line reaches
// wins (then the rule id). A rule outside its store-day window is skipped.
import { storeDay } from '../time/store-time.ts';
import type { IndexedPricelist, PricingIndex } from './pricing-index.ts';
import type { PriceCompute, PricelistItem } from './pricing-rules.ts';
import { inDateRange, percentOf, roundToStep } from './pricing-math.ts';

export interface PricingProduct {
  id: string;
  /** List (catalog) price per unit, minor units. */
  price: number;
  /** Cost per unit, minor units (formula rules based on cost). */
  cost: number;
  category: string;
}

/**
 * The pricelist of a sale: the first pricelist (by sequence) of the customer's group that is open
 * at the site; otherwise the site's default pricelist; otherwise none (list prices).
 */
export function selectPricelist(index: PricingIndex, siteId: string, customerGroupId: string | undefined): IndexedPricelist | undefined {
  const atSite = (p: IndexedPricelist): boolean => p.pricelist.siteIds.length === 0 || p.pricelist.siteIds.includes(siteId);
  if (customerGroupId !== undefined) {
    const forGroup = index.pricelists.find((p) => p.pricelist.customerGroupIds.includes(customerGroupId) && atSite(p));
    if (forGroup) return forGroup;
  }
  return index.pricelists.find((p) => p.pricelist.defaultForSiteIds.includes(siteId));
}

/** The unit price a rule gives (never below zero). */
export function computeUnitPrice(compute: PriceCompute, product: PricingProduct): number {
  let price: number;
  switch (compute.kind) {
    case 'fixed':
      price = compute.price;
      break;
    case 'percentage':
      price = product.price - percentOf(product.price, compute.percent);
      break;
    case 'formula': {
      const base = compute.base === 'cost' ? product.cost : product.price;
      price = base - percentOf(base, compute.discountPercent ?? 0);
      price = roundToStep(price, compute.rounding ?? 1);
      price += compute.surcharge ?? 0;
      if (compute.minMargin !== undefined) price = Math.max(price, base + compute.minMargin);
      if (compute.maxMargin !== undefined) price = Math.min(price, base + compute.maxMargin);
      break;
    }
  }
  return Math.max(0, price);
}

function firstMatch(items: readonly PricelistItem[] | undefined, qty: number, day: string): PricelistItem | undefined {
  return items?.find((i) => qty >= (i.minQty ?? 0) && inDateRange(day, i.dateStart, i.dateEnd));
}

/** The rule that prices `qty` of a product on a store day, if any. Quantity breaks read |qty| (a return mirrors a sale). */
export function matchPricelistItem(pricelist: IndexedPricelist, product: PricingProduct, qty: number, day: string): PricelistItem | undefined {
  const q = Math.abs(qty);
  return (
    firstMatch(pricelist.byProduct.get(product.id), q, day) ??
    firstMatch(pricelist.byCategory.get(product.category), q, day) ??
    firstMatch(pricelist.all, q, day)
  );
}

/** The pricelist price of `qty` of a product for a sale (no rule = undefined): what a cashier's override starts from. */
export function pricelistPrice(
  index: PricingIndex,
  product: PricingProduct,
  qty: number,
  ctx: { siteId: string; customerGroupId?: string; at: string; timeZone: string },
): { itemId: string; price: number } | undefined {
  const pricelist = selectPricelist(index, ctx.siteId, ctx.customerGroupId);
  const item = pricelist && matchPricelistItem(pricelist, product, qty, storeDay(ctx.at, ctx.timeZone));
  return item && { itemId: item.id, price: computeUnitPrice(item.compute, product) };
}
