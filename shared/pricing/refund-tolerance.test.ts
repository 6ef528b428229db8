import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiplyMinor } from '../money/index.ts';
import { computeLineTaxes, type TaxRule } from '../tax/index.ts';
import { discountShare } from './discount-share.ts';
import { refundTolerance } from './refund-tolerance.ts';

/**
 * A paid line (whole units, or grams of a weighed product) with up to two taxes, included in the
 * price or not, returned in parts; `together[i]` says part i was returned on another till at the
 * same time as part i − 1 (both took their discount share against the same units returned before).
 */
const returnedLine = fc
  .record({
    weighed: fc.boolean(),
    units: fc.integer({ min: 1, max: 40 }),
    unitPrice: fc.integer({ min: 1, max: 20_000 }),
    discountPermille: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 })),
    priceIncludesTax: fc.boolean(),
    taxes: fc.array(fc.record({ rate: fc.constantFrom(5, 7.5, 9.975, 10, 20), compound: fc.boolean() }), { maxLength: 2 }),
  })
  .chain((line) => {
    const scale = line.weighed ? 1000 : 1;
    const whole = line.units * (line.weighed ? 37 : 1);
    return fc.record({
      line: fc.constant({ ...line, scale, whole }),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, whole - 1) }), { maxLength: Math.min(6, whole - 1) }),
      together: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    });
  });

type ReturnedLine = typeof returnedLine extends fc.Arbitrary<infer T> ? T : never;

function refunds({ line, cuts, together }: ReturnedLine): { paid: number; refunded: number; parts: number; taxCount: number; qty: number; unitPrice: number; discount: number; sequential: boolean } {
  const rules: TaxRule[] = line.taxes.map((t, i) => ({ taxId: `t${i}`, rate: t.rate, compound: t.compound }));
  const qty = line.whole / line.scale;
  const gross = multiplyMinor(line.unitPrice, qty);
  const discount = Math.floor((gross * line.discountPermille) / 1000);
  const paid = computeLineTaxes(gross - discount, rules, line.priceIncludesTax).total;
  const bounds = [0, ...cuts.filter((c) => c < line.whole).sort((a, b) => a - b), line.whole];
  let before = 0;
  let previousBefore = 0;
  let refunded = 0;
  let sequential = true;
  bounds.slice(1).forEach((end, i) => {
    const part = (end - (bounds[i] ?? 0)) / line.scale;
    const concurrent = i > 0 && together[i] === true;
    if (concurrent) sequential = false;
    const from = concurrent ? previousBefore : before;
    const share = discountShare({ qty, discount }, from, part);
    // As the till builds a return line (renderer/till/return-math.ts): negative quantity and discount.
    refunded -= computeLineTaxes(multiplyMinor(line.unitPrice, -part) + share, rules, line.priceIncludesTax).total;
    previousBefore = from;
    before += part;
  });
  return { paid, refunded, parts: bounds.length - 1, taxCount: rules.length, qty, unitPrice: line.unitPrice, discount, sequential };
}

describe('refundTolerance', () => {
  it('allows nothing for a line returned in one go', () => {
    expect(refundTolerance({ qty: 3, unitPrice: 333, discount: 1, total: 998, taxCount: 1 }, 1)).toBe(0);
  });

  it('allows a minor unit per return beyond the first for a tax-included price, more for taxes added per part', () => {
    expect(refundTolerance({ qty: 3, unitPrice: 333, discount: 1, total: 998, taxCount: 1 }, 3)).toBe(2);
    // 10 % on top: 999 − 1 + 100 tax.
    expect(refundTolerance({ qty: 3, unitPrice: 333, discount: 1, total: 1098, taxCount: 1 }, 3)).toBe(4);
    expect(refundTolerance({ qty: 0.25, unitPrice: 1999, discount: 0, total: 500, taxCount: 1 }, 2)).toBe(2);
  });

  it('covers every split of a line into returns, one after another or on two tills at once, and one after another a tax-included line refunds exactly what was paid', () => {
    fc.assert(
      fc.property(returnedLine, (input) => {
        const r = refunds(input);
        const tolerance = refundTolerance({ qty: r.qty, unitPrice: r.unitPrice, discount: r.discount, total: r.paid, taxCount: r.taxCount }, r.parts);
        expect(r.refunded).toBeLessThanOrEqual(r.paid + tolerance);
        if (r.sequential && input.line.priceIncludesTax && !input.line.weighed) expect(r.refunded).toBe(r.paid);
      }),
      { numRuns: 2000 },
    );
  });
});
