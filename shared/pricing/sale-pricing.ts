// How a sale's lines are priced again from the sale document alone (the server's recomputation,
// docs/pricing.md "Verification"): a line that names a pricelist rule is priced by the pricelist;
// every other line keeps the unit price it was sold at (catalog price, barcode price or a cashier's
// override, which other checks judge). Promotions are then recomputed over those prices.
import type { Sale, SaleLine } from '../schemas/sale.ts';
import { normalizeCouponCode } from './coupon-code.ts';
import type { PricingContext, PricingLineInput } from './price-cart.ts';
import type { PricingProduct } from './pricelist.ts';

/** The channel of till sales. */
export const POS_CHANNEL = 'pos';

export function pricingLinesOfSale(lines: readonly SaleLine[], product: (id: string) => PricingProduct | undefined): PricingLineInput[] {
  const out: PricingLineInput[] = [];
  for (const line of lines) {
    const p = product(line.productId);
    // A collected order's line is priced by the order, not by the till's rules.
    if (!p || line.orderLineId !== undefined) continue;
    const byPricelist = line.pricelistItemId !== undefined && line.priceOverride === undefined;
    out.push({ lineId: line.lineId, product: p, qty: line.qty, ...(byPricelist ? {} : { fixedPrice: line.unitPrice }) });
  }
  return out;
}

export function pricingContextOfSale(sale: Pick<Sale, 'siteId' | 'createdAt' | 'couponCodes'>, timeZone: string, customerGroupId: string | undefined): PricingContext {
  return {
    siteId: sale.siteId,
    channel: POS_CHANNEL,
    at: sale.createdAt,
    timeZone,
    ...(customerGroupId !== undefined ? { customerGroupId } : {}),
    ...(sale.couponCodes ? { couponCodes: sale.couponCodes.map(normalizeCouponCode) } : {}),
  };
}

/** Σ promotion amounts of a sale line (part of its `discount`). */
export function linePromotionTotal(line: Pick<SaleLine, 'promotions'>): number {
  return (line.promotions ?? []).reduce((a, p) => a + p.amount, 0);
}
