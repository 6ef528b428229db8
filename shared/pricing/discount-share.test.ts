import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discountShare } from './discount-share.ts';

/** An order line (1–50 units at 1–10,000 minor units, a discount up to its amount) split into parts. */
const splitLine = fc.integer({ min: 1, max: 50 }).chain((qty) =>
  fc.record({
    qty: fc.constant(qty),
    unitPrice: fc.integer({ min: 1, max: 10_000 }),
    discountPermille: fc.integer({ min: 0, max: 1000 }),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, qty - 1) }), { maxLength: qty - 1 }).map((c) => c.filter((x) => x < qty).sort((a, b) => a - b)),
  }));

const partsOf = (qty: number, cuts: readonly number[]): number[] => {
  const bounds = [0, ...cuts, qty];
  return bounds.slice(1).map((b, i) => b - (bounds[i] ?? 0));
};

describe('discountShare', () => {
  it('splits a buy-2-get-1 over two hand-overs so that they add up to the line', () => {
    const line = { qty: 3, discount: 1000 };
    expect(discountShare(line, 0, 1)).toBe(333);
    expect(discountShare(line, 1, 2)).toBe(667);
    expect(discountShare(line, 0, 2) + discountShare(line, 2, 1)).toBe(1000);
  });

  it('gives every part of a line its share, the parts adding up to the whole discount exactly, never negative, never more than the part costs', () => {
    fc.assert(
      fc.property(splitLine, ({ qty, unitPrice, discountPermille, cuts }) => {
        const discount = Math.floor((qty * unitPrice * discountPermille) / 1000);
        const line = { qty, discount };
        let before = 0;
        let sum = 0;
        for (const part of partsOf(qty, cuts)) {
          const share = discountShare(line, before, part);
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(part * unitPrice);
          sum += share;
          before += part;
        }
        expect(sum).toBe(discount);
      }),
    );
  });

  it('never gives more than the whole discount to units beyond the ordered quantity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 30 }), (qty, discount, before, more) => {
        const share = discountShare({ qty, discount }, before, more);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(discountShare({ qty, discount }, 0, before) + share).toBeLessThanOrEqual(discount);
      }),
    );
  });
});
