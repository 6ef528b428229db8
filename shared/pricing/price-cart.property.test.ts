import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeDay } from '../time/store-time.ts';
import { normalizeCouponCode } from './coupon-code.ts';
import { buildPricingIndex, promotionOrder } from './pricing-index.ts';
import { priceCart, promotionIsOpen, type LinePromotion, type PricingResult } from './price-cart.ts';
import { rewardDiscounts, type WorkingLine } from './promotion-rewards.ts';
import { scenarioArb } from './pricing-arbitraries.test-support.ts';

const RUNS = { numRuns: 1500 };

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;
const price = (s: Scenario, lines = s.lines): PricingResult =>
  priceCart(buildPricingIndex({ pricelists: s.pricelists, promotions: s.promotions, coupons: s.coupons }), lines, s.ctx);
const byLine = (r: PricingResult) => new Map(r.lines.map((l) => [l.lineId, l]));

/**
 * The promotions per line by the plain definition (docs/pricing.md): every promotion that runs,
 * in priority order, tried on the whole cart. priceCart hands each promotion only the lines it can
 * touch (pricing-index.ts); this is what that must never change.
 */
function promotionsOverWholeCart(s: Scenario, r: PricingResult): Map<string, LinePromotion[]> {
  const day = storeDay(s.ctx.at, s.ctx.timeZone);
  const codes = new Set([...r.coupons.map((c) => c.code), ...r.refusedCoupons.filter((c) => c.reason === 'no_discount').map((c) => c.code)]);
  const unlocked = new Set(s.coupons.filter((c) => codes.has(normalizeCouponCode(c.code))).map((c) => c.promotionId));
  const qty = new Map(s.lines.map((l) => [l.lineId, l]));
  const working: (WorkingLine & { touched: boolean; kept: boolean })[] = r.lines
    .filter((l) => (qty.get(l.lineId)?.qty ?? 0) > 0 && l.amount > 0)
    .map((l) => {
      const input = qty.get(l.lineId);
      return { lineId: l.lineId, productId: input?.product.id ?? '', category: input?.product.category ?? '', qty: input?.qty ?? 0, remaining: l.amount, touched: false, kept: false };
    });
  const out = new Map<string, LinePromotion[]>(r.lines.map((l) => [l.lineId, []]));
  const running = s.promotions.filter((p) => (p.trigger === 'automatic' || unlocked.has(p.id)) && promotionIsOpen(p, s.ctx, day)).sort(promotionOrder);
  for (const p of running) {
    const open = working.filter((l) => l.remaining > 0 && !l.kept && !(p.exclusive && l.touched));
    const discounts = rewardDiscounts(p, open);
    for (const l of open) {
      const d = discounts.get(l.lineId);
      if (!d) continue;
      l.remaining -= d;
      l.touched = true;
      if (p.exclusive) l.kept = true;
      out.get(l.lineId)?.push({ promotionId: p.id, amount: d });
    }
  }
  return out;
}

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

  it('gives each line what trying every running promotion on the whole cart gives it', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = price(s);
        expect(new Map(r.lines.map((l) => [l.lineId, l.promotions]))).toEqual(promotionsOverWholeCart(s, r));
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
