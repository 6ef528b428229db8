import { describe, expect, it } from 'vitest';
import { buildPricingIndex } from './pricing-index.ts';
import { priceCart, type PricingContext, type PricingLineInput } from './price-cart.ts';
import type { Coupon, Pricelist, Promotion } from './pricing-rules.ts';
import { pricelist, product, promotion } from './pricing-fixtures.test-support.ts';

const ctx: PricingContext = { siteId: 'site-1', channel: 'pos', at: '2026-12-02T10:00:00Z', timeZone: 'Europe/Paris' };
const line = (lineId: string, p: ReturnType<typeof product>, qty: number, fixedPrice?: number): PricingLineInput => ({ lineId, product: p, qty, ...(fixedPrice !== undefined ? { fixedPrice } : {}) });
const run = (rules: { pricelists?: Pricelist[]; promotions?: Promotion[]; coupons?: Coupon[] }, lines: PricingLineInput[], c: Partial<PricingContext> = {}) =>
  priceCart(buildPricingIndex({ pricelists: rules.pricelists ?? [], promotions: rules.promotions ?? [], coupons: rules.coupons ?? [] }), lines, { ...ctx, ...c });

const apple = product('apple', 100, 'fruit', 40);
const pear = product('pear', 250, 'fruit', 100);
const soap = product('soap', 399, 'hygiene', 150);

describe('pricelists', () => {
  it('prices by product before category before all, with fixed, percentage and formula rules', () => {
    const pl = pricelist('pl', [
      { id: 'all', appliesTo: { kind: 'all' }, compute: { kind: 'percentage', percent: 10 } },
      { id: 'fruit', appliesTo: { kind: 'category', category: 'fruit' }, compute: { kind: 'percentage', percent: 20 } },
      { id: 'apple', appliesTo: { kind: 'product', productId: 'apple' }, compute: { kind: 'fixed', price: 75 } },
    ]);
    const r = run({ pricelists: [pl] }, [line('1', apple, 1), line('2', pear, 2), line('3', soap, 1)]);
    expect(r.pricelistId).toBe('pl');
    expect(r.lines.map((l) => [l.unitPrice, l.pricelistItemId])).toEqual([[75, 'apple'], [200, 'fruit'], [359, 'all']]);
    expect(r.lines.map((l) => l.saved)).toEqual([25, 100, 40]);
    expect(r.totalSaved).toBe(165);
  });

  it('applies a formula on cost or list: discount, rounding, surcharge, then the margins', () => {
    const formula = (compute: Extract<Pricelist['items'][number]['compute'], { kind: 'formula' }>) =>
      run({ pricelists: [pricelist('pl', [{ id: 'f', appliesTo: { kind: 'all' }, compute }])] }, [line('1', soap, 1)]).lines[0]?.unitPrice;
    // 399 − 10 % = 359.1 → 359; to a multiple of 50 → 350; − 1 → 349.
    expect(formula({ kind: 'formula', base: 'list', discountPercent: 10, rounding: 50, surcharge: -1 })).toBe(349);
    // cost 150 + 100 % markup = 300, at least cost + 200 = 350.
    expect(formula({ kind: 'formula', base: 'cost', discountPercent: -100, minMargin: 200 })).toBe(350);
    // cost 150 × 3 = 450, at most cost + 250 = 400.
    expect(formula({ kind: 'formula', base: 'cost', discountPercent: -200, maxMargin: 250 })).toBe(400);
    // Never below zero.
    expect(formula({ kind: 'formula', base: 'list', surcharge: -1000 })).toBe(0);
  });

  it('takes the biggest quantity break the line reaches', () => {
    const pl = pricelist('pl', [
      { id: 'one', appliesTo: { kind: 'product', productId: 'apple' }, compute: { kind: 'fixed', price: 90 } },
      { id: 'ten', appliesTo: { kind: 'product', productId: 'apple' }, minQty: 10, compute: { kind: 'fixed', price: 80 } },
    ]);
    expect(run({ pricelists: [pl] }, [line('1', apple, 9)]).lines[0]?.pricelistItemId).toBe('one');
    expect(run({ pricelists: [pl] }, [line('1', apple, 10)]).lines[0]).toMatchObject({ pricelistItemId: 'ten', unitPrice: 80, amount: 800 });
  });

  it('reads date ranges on the store day of the site', () => {
    const pl = pricelist('pl', [{ id: 'dec3', appliesTo: { kind: 'all' }, dateStart: '2026-12-03', dateEnd: '2026-12-03', compute: { kind: 'fixed', price: 1 } }]);
    // 23:30 UTC on the 2nd is 00:30 on the 3rd in Paris, still the 2nd in New York.
    expect(run({ pricelists: [pl] }, [line('1', apple, 1)], { at: '2026-12-02T23:30:00Z' }).lines[0]?.unitPrice).toBe(1);
    expect(run({ pricelists: [pl] }, [line('1', apple, 1)], { at: '2026-12-02T23:30:00Z', timeZone: 'America/New_York' }).lines[0]?.unitPrice).toBe(100);
  });

  it("chooses the customer group's pricelist at its sites, else the site default, else list prices", () => {
    const retail = pricelist('retail', [{ id: 'r', appliesTo: { kind: 'all' }, compute: { kind: 'percentage', percent: 5 } }]);
    const trade = pricelist('trade', [{ id: 't', appliesTo: { kind: 'all' }, compute: { kind: 'percentage', percent: 30 } }], { customerGroupIds: ['trade'], defaultForSiteIds: [], siteIds: ['site-1'] });
    const rules = { pricelists: [retail, trade] };
    expect(run(rules, [line('1', apple, 1)], { customerGroupId: 'trade' }).pricelistId).toBe('trade');
    expect(run(rules, [line('1', apple, 1)]).pricelistId).toBe('retail');
    expect(run(rules, [line('1', apple, 1)], { customerGroupId: 'trade', siteId: 'site-2' }).pricelistId).toBeUndefined();
    expect(run(rules, [line('1', apple, 1)], { siteId: 'site-2' }).lines[0]?.unitPrice).toBe(100);
  });

  it('leaves a fixed price (barcode or override) alone', () => {
    const pl = pricelist('pl', [{ id: 'all', appliesTo: { kind: 'all' }, compute: { kind: 'fixed', price: 1 } }]);
    expect(run({ pricelists: [pl] }, [line('1', apple, 1, 120)]).lines[0]).toMatchObject({ unitPrice: 120, listPrice: 120, saved: 0 });
  });
});

describe('promotions', () => {
  it('buy 2 get 1: the cheapest unit of the targeted ones is free', () => {
    const b2g1 = promotion('b2g1', { kind: 'buy_x_get_y', buyQty: 2, getQty: 1, target: { categories: ['fruit'] }, free: { kind: 'cheapest' } });
    const r = run({ promotions: [b2g1] }, [line('1', pear, 2), line('2', apple, 1), line('3', soap, 3)]);
    expect(r.lines.map((l) => l.promotions)).toEqual([[], [{ promotionId: 'b2g1', amount: 100 }], []]);
    expect(r.promotions).toEqual([{ promotionId: 'b2g1', name: 'Promotion b2g1', amount: 100 }]);
    expect(r.totalSaved).toBe(100);
    // Six fruits: two free, both apples when there are two.
    const six = run({ promotions: [b2g1] }, [line('1', pear, 4), line('2', apple, 2)]);
    expect(six.totalDiscount).toBe(200);
  });

  it('buy X get a named product free, only as many as are in the cart', () => {
    const p = promotion('p', { kind: 'buy_x_get_y', buyQty: 2, getQty: 1, target: { productIds: ['pear'] }, free: { kind: 'product', productId: 'soap' } });
    expect(run({ promotions: [p] }, [line('1', pear, 4), line('2', soap, 1)]).lines[1]?.discount).toBe(399);
    expect(run({ promotions: [p] }, [line('1', pear, 4), line('2', soap, 5)]).lines[1]?.discount).toBe(798);
    expect(run({ promotions: [p] }, [line('1', pear, 1), line('2', soap, 1)]).totalDiscount).toBe(0);
  });

  it('percent and amount off, never below zero', () => {
    const pct = promotion('pct', { kind: 'percent_off', percent: 12.5, target: { productIds: ['soap'] } });
    const amt = promotion('amt', { kind: 'amount_off', amount: 150, target: { categories: ['fruit'] } });
    const r = run({ promotions: [pct, amt] }, [line('1', soap, 1), line('2', apple, 3)]);
    expect(r.lines.map((l) => l.discount)).toEqual([50, 300]); // 399 × 12.5 % = 49.875 → 50; apples 3 × min(100, 150)
    expect(r.lines[1]?.amount).toBe(300);
  });

  it('a bundle price spreads its discount over the bundled lines by their value', () => {
    const bundle = promotion('bundle', { kind: 'bundle', items: [{ productId: 'soap', qty: 1 }, { productId: 'pear', qty: 2 }], price: 700 });
    const r = run({ promotions: [bundle] }, [line('1', soap, 1), line('2', pear, 3)]);
    // Bundle value 399 + 2 × 250 = 899 → 199 off, spread 399 : 500.
    expect(r.totalDiscount).toBe(199);
    expect(r.lines.map((l) => l.discount)).toEqual([88, 111]);
  });

  it('an order threshold discount applies once the targeted lines reach the amount', () => {
    const t = promotion('t', { kind: 'order_threshold', minAmount: 1000, percent: 10, target: {} });
    expect(run({ promotions: [t] }, [line('1', soap, 2)]).totalDiscount).toBe(0);
    const r = run({ promotions: [t] }, [line('1', soap, 2), line('2', pear, 1)]);
    expect(r.totalDiscount).toBe(105); // 10 % of 1048 = 104.8
    expect(r.lines.map((l) => l.discount)).toEqual([80, 25]);
  });

  it('combinable promotions stack in priority order; an exclusive one never shares a line', () => {
    const first = promotion('a', { kind: 'percent_off', percent: 10, target: {} }, { priority: 1 });
    const second = promotion('b', { kind: 'percent_off', percent: 50, target: { productIds: ['soap'] } }, { priority: 2 });
    const exclusive = promotion('x', { kind: 'amount_off', amount: 50, target: { productIds: ['pear'] } }, { priority: 0, exclusive: true });
    const r = run({ promotions: [second, first, exclusive] }, [line('1', soap, 1), line('2', pear, 1)]);
    // Pear: the exclusive one came first and keeps it. Soap: 10 % (40), then 50 % of 359 (180).
    expect(r.lines[0]?.promotions).toEqual([{ promotionId: 'a', amount: 40 }, { promotionId: 'b', amount: 180 }]);
    expect(r.lines[1]?.promotions).toEqual([{ promotionId: 'x', amount: 50 }]);
    // An exclusive one tried later finds the lines taken.
    const late = promotion('x', { kind: 'amount_off', amount: 50, target: {} }, { priority: 5, exclusive: true });
    expect(run({ promotions: [first, late] }, [line('1', soap, 1)]).lines[0]?.promotions.map((p) => p.promotionId)).toEqual(['a']);
  });

  it('never applies outside its dates, sites or channels', () => {
    const reward = { kind: 'percent_off', percent: 10, target: {} } as const;
    const lines = [line('1', soap, 1)];
    expect(run({ promotions: [promotion('p', reward, { dateEnd: '2026-12-01' })] }, lines).totalDiscount).toBe(0);
    expect(run({ promotions: [promotion('p', reward, { dateStart: '2026-12-03' })] }, lines).totalDiscount).toBe(0);
    expect(run({ promotions: [promotion('p', reward, { siteIds: ['site-2'] })] }, lines).totalDiscount).toBe(0);
    expect(run({ promotions: [promotion('p', reward, { channels: ['web'] })] }, lines).totalDiscount).toBe(0);
    expect(run({ promotions: [promotion('p', reward, { dateStart: '2026-12-02', dateEnd: '2026-12-02', siteIds: ['site-1'], channels: ['pos'] })] }, lines).totalDiscount).toBe(40);
  });

  it('a coupon promotion applies only with a valid code, and says why a code was refused', () => {
    const promo = promotion('c', { kind: 'amount_off', amount: 100, target: {} }, { trigger: 'coupon' });
    const closed = promotion('old', { kind: 'amount_off', amount: 100, target: {} }, { trigger: 'coupon', dateEnd: '2020-01-01' });
    const coupons: Coupon[] = [{ code: 'SAVE-10', promotionId: 'c', maxUses: 1 }, { code: 'SAVE-11', promotionId: 'c', maxUses: 1 }, { code: 'OLD-1', promotionId: 'old', maxUses: 5 }];
    const rules = { promotions: [promo, closed], coupons };
    expect(run(rules, [line('1', soap, 1)]).totalDiscount).toBe(0);
    const r = run(rules, [line('1', soap, 1)], { couponCodes: [' save-10 ', 'SAVE-11', 'x', 'NOPE-1', 'OLD-1'] });
    expect(r.totalDiscount).toBe(100);
    expect(r.coupons).toEqual([{ code: 'SAVE-10', promotionId: 'c' }]);
    expect(r.promotions[0]).toMatchObject({ couponCode: 'SAVE-10' });
    expect(r.refusedCoupons).toEqual([
      { code: 'SAVE-11', reason: 'duplicate' },
      { code: 'X', reason: 'format' },
      { code: 'NOPE-1', reason: 'unknown' },
      { code: 'OLD-1', reason: 'not_applicable' },
    ]);
  });

  it('prices returns by the pricelist but never promotes them', () => {
    const pl = pricelist('pl', [{ id: 'all', appliesTo: { kind: 'all' }, compute: { kind: 'percentage', percent: 10 } }]);
    const r = run({ pricelists: [pl], promotions: [promotion('p', { kind: 'percent_off', percent: 50, target: {} })] }, [line('1', soap, -1)]);
    expect(r.lines[0]).toMatchObject({ unitPrice: 359, amount: -359, discount: 0, saved: 0 });
  });
});
