import { describe, expect, it } from 'vitest';
import { buildPricingIndex } from '../../shared/pricing/pricing-index.ts';
import { pricelist, promotion } from '../../shared/pricing/pricing-fixtures.test-support.ts';
import { cartReduction, computeCart, type CartLine } from './cart-math.ts';
import { applyCartPricing } from './cart-pricing.ts';

const line = (lineId: string, productId: string, qty: number, price: number, over: Partial<CartLine> = {}): CartLine => ({
  lineId, productId, sku: productId, name: productId, qty, unitPrice: price, listPrice: price, priceIncludesTax: true,
  taxes: [{ taxId: 'vat', rate: 20 }], discount: 0, catalogPrice: price, category: 'snacks', cost: 100, ...over,
});

const index = buildPricingIndex({
  pricelists: [pricelist('pl', [{ id: 'cola', appliesTo: { kind: 'product', productId: 'cola' }, compute: { kind: 'fixed', price: 180 } }])],
  promotions: [promotion('b2g1', { kind: 'buy_x_get_y', buyQty: 2, getQty: 1, target: { categories: ['snacks'] }, free: { kind: 'cheapest' } })],
  coupons: [],
});
const ctx = { siteId: 'site-1', channel: 'pos', at: '2026-12-02T10:00:00Z', timeZone: 'UTC' };

describe('cart pricing', () => {
  it('prices lines by the pricelist, puts promotions on the sale lines, and keeps them out of the approval rule', () => {
    const { lines, result } = applyCartPricing([line('1', 'chips', 2, 300), line('2', 'cola', 1, 200)], index, ctx);
    expect(lines.map((l) => [l.unitPrice, l.listPrice, l.pricelistItemId])).toEqual([[300, 300, undefined], [180, 180, 'cola']]);
    expect(lines[1]?.promotions).toEqual([{ promotionId: 'b2g1', amount: 180 }]);
    expect(result.totalDiscount).toBe(180);
    const sale = computeCart(lines, 0);
    expect(sale.lines[1]).toMatchObject({ unitPrice: 180, pricelistItemId: 'cola', discount: 180, total: 0, promotions: [{ promotionId: 'b2g1', amount: 180 }] });
    expect(sale.total).toBe(600);
    // A free unit is 100 % off its line, but not the cashier's doing: no supervisor needed.
    expect(cartReduction(lines, 0, { maxDiscountPercent: 10, maxPriceOverridePercent: 10 }).needsApproval).toBe(false);
  });

  it("keeps a barcode price and a cashier's override, judging the override from the pricelist price", () => {
    const { lines } = applyCartPricing(
      [line('1', 'cola', 1, 150, { priceOverride: { originalPrice: 200 } }), line('2', 'cola', 1, 99, { fixed: true, catalogPrice: 200 })],
      buildPricingIndex({ pricelists: index.pricelists.map((p) => p.pricelist), promotions: [], coupons: [] }),
      ctx,
    );
    expect(lines[0]).toMatchObject({ unitPrice: 150, listPrice: 180, priceOverride: { originalPrice: 180 }, pricelistItemId: 'cola' });
    expect(lines[1]).toMatchObject({ unitPrice: 99, listPrice: 99 });
    expect(lines[1]?.pricelistItemId).toBeUndefined();
  });
});
