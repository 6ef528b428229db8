import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeDay } from '../time/store-time.ts';
import { buildPricingIndex } from './pricing-index.ts';
import { priceCart, promotionIsOpen, type PricingResult } from './price-cart.ts';
import { scenarioArb } from './pricing-arbitraries.test-support.ts';

const RUNS = { numRuns: 1500 };

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;
const price = (s: Scenario, lines = s.lines): PricingResult =>
  priceCart(buildPricingIndex({ pricelists: s.pricelists, promotions: s.promotions, coupons: s.coupons }), lines, s.ctx);
const byLine = (r: PricingResult) => new Map(r.lines.map((l) => [l.lineId, l]));

describe('priceCart (properties)', () => {
  it('is deterministic: the same rules, cart and context give the same result, index rebuilt or not', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const index = buildPricingIndex({ pricelists: s.pricelists, promotions: s.promotions, coupons: s.coupons });
        const a = priceCart(index, s.lines, s.ctx);
        expect(priceCart(index, s.lines, s.ctx)).toEqual(a);
        expect(price(s)).toEqual(a);
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(scenarioArb.chain((s) => fc.shuffledSubarray(s.lines, { minLength: s.lines.length, maxLength: s.lines.length }).map((shuffled) => ({ s, shuffled }))), ({ s, shuffled }) => {
        const a = price(s);
        const b = price(s, shuffled);
        expect(byLine(b)).toEqual(byLine(a));
        expect(b.totalDiscount).toBe(a.totalDiscount);
        expect(new Set(b.promotions.map((p) => JSON.stringify(p)))).toEqual(new Set(a.promotions.map((p) => JSON.stringify(p))));
      }),
      RUNS,
    );
  });

  it('never makes a price, a line or a discount negative', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = price(s);
        for (const l of r.lines) {
          expect(l.unitPrice).toBeGreaterThanOrEqual(0);
          expect(l.amount - l.discount).toBeGreaterThanOrEqual(0);
          for (const p of l.promotions) expect(p.amount).toBeGreaterThan(0);
          expect(Number.isSafeInteger(l.discount) && Number.isSafeInteger(l.amount)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('saves exactly the sum of the line discounts, and each promotion its lines', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = price(s);
        const perPromotion = new Map<string, number>();
        for (const l of r.lines) {
          expect(l.discount).toBe(l.promotions.reduce((a, p) => a + p.amount, 0));
          for (const p of l.promotions) perPromotion.set(p.promotionId, (perPromotion.get(p.promotionId) ?? 0) + p.amount);
        }
        expect(r.totalDiscount).toBe(r.lines.reduce((a, l) => a + l.discount, 0));
        expect(r.totalDiscount).toBe(r.promotions.reduce((a, p) => a + p.amount, 0));
        expect(new Map(r.promotions.map((p) => [p.promotionId, p.amount]))).toEqual(perPromotion);
        expect(r.totalSaved).toBe(r.lines.reduce((a, l) => a + l.saved, 0));
      }),
      RUNS,
    );
  });

  it('never stacks an exclusive promotion with another on a line', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const exclusive = new Set(s.promotions.filter((p) => p.exclusive).map((p) => p.id));
        for (const l of price(s).lines) {
          if (l.promotions.some((p) => exclusive.has(p.promotionId))) expect(l.promotions).toHaveLength(1);
        }
      }),
      RUNS,
    );
  });

  it('never applies a promotion outside its dates, sites or channels, nor a coupon one without its code', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = price(s);
        const day = storeDay(s.ctx.at, s.ctx.timeZone);
        const entered = new Set((s.ctx.couponCodes ?? []).map((c) => c.toUpperCase()));
        for (const applied of r.promotions) {
          const p = s.promotions.find((x) => x.id === applied.promotionId);
          expect(p && promotionIsOpen(p, s.ctx, day)).toBe(true);
          if (p?.trigger === 'coupon') expect(s.coupons.some((c) => c.promotionId === p.id && entered.has(c.code))).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
