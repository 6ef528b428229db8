// The cart priced by its pricelist and promotions (issue 17, docs/pricing.md): the one pure function
// the server verifies with (shared/pricing/price-cart.ts) applied to the cart's lines whenever they,
// the customer or the coupon codes change. A line priced from the catalog takes the pricelist's
// unit price (and judges a cashier's override and discount from it); a barcode-priced line keeps its
// price; a line with a cashier's override keeps the override, with the pricelist price as its
// original. Promotions are kept on the line, apart from the cashier's own discount.
import type { PricingIndex } from '../../shared/pricing/pricing-index.ts';
import { priceCart, type PricingContext, type PricingLineInput, type PricingResult } from '../../shared/pricing/price-cart.ts';
import { pricelistPrice, type PricingProduct } from '../../shared/pricing/pricelist.ts';
import type { CartLine } from './cart-math.ts';

const pricingProduct = (l: CartLine): PricingProduct | undefined =>
  l.catalogPrice === undefined || l.category === undefined ? undefined : { id: l.productId, price: l.catalogPrice, cost: l.cost ?? 0, category: l.category };

export interface PricedCart {
  lines: CartLine[];
  result: PricingResult;
}

export function applyCartPricing(lines: readonly CartLine[], index: PricingIndex, ctx: PricingContext): PricedCart {
  const inputs: PricingLineInput[] = [];
  for (const l of lines) {
    const product = pricingProduct(l);
    if (product) inputs.push({ lineId: l.lineId, product, qty: l.qty, ...(l.fixed || l.priceOverride ? { fixedPrice: l.unitPrice } : {}) });
  }
  const result = priceCart(index, inputs, ctx);
  const priced = new Map(result.lines.map((p) => [p.lineId, p]));
  const out = lines.map((l): CartLine => {
    const p = priced.get(l.lineId);
    const product = pricingProduct(l);
    const { pricelistItemId: _item, promotions: _promotions, ...rest } = l;
    if (!p || !product) return rest;
    const promotions = p.promotions.length ? { promotions: p.promotions } : {};
    if (l.fixed) return { ...rest, ...promotions };
    if (l.priceOverride) {
      const list = pricelistPrice(index, product, l.qty, ctx);
      const original = list?.price ?? product.price;
      return { ...rest, listPrice: original, priceOverride: { ...l.priceOverride, originalPrice: original }, ...(list ? { pricelistItemId: list.itemId } : {}), ...promotions };
    }
    return { ...rest, unitPrice: p.unitPrice, listPrice: p.unitPrice, ...(p.pricelistItemId ? { pricelistItemId: p.pricelistItemId } : {}), ...promotions };
  });
  return { lines: out, result };
}
