import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded, powerOfTen, toDecimal } from '../money/decimal.ts';
import { multiplyMinor } from '../money/minor-units.ts';
import { percentOf } from './pricing-math.ts';

// percentOf and multiplyMinor take a plain-number path for whole percents and whole quantities
// (most rules, most lines); it must round exactly as the BigInt definition does.
const exactPercentOf = (amount: number, percent: number): number => {
  const p = toDecimal(percent);
  return Number(divideRounded(BigInt(amount) * p.units, 100n * powerOfTen(p.scale)));
};
const amountArb = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), fc.constantFrom(0, 1, -1, 50, -50, 150, -150));

describe('pricing math', () => {
  it('a whole percent of an amount rounds halves away from zero, as the exact decimal does', () => {
    fc.assert(
      fc.property(amountArb, fc.integer({ min: -1000, max: 100 }), (amount, percent) => {
        expect(percentOf(amount, percent)).toBe(exactPercentOf(amount, percent));
      }),
      { numRuns: 5000 },
    );
    expect(percentOf(50, 1)).toBe(1); // 0.5 → 1
    expect(percentOf(-50, 1)).toBe(-1);
    expect(percentOf(149, 1)).toBe(1);
    expect(Object.is(percentOf(-10, 1), 0)).toBe(true); // never −0
  });

  it('a fractional percent keeps the exact decimal', () => {
    fc.assert(
      fc.property(amountArb, fc.integer({ min: -100_000, max: 10_000 }), (amount, tenths) => {
        const percent = tenths / 100;
        expect(percentOf(amount, percent)).toBe(exactPercentOf(amount, percent));
      }),
      { numRuns: 2000 },
    );
  });

  it('an amount times a whole quantity is the exact product, and refuses one past the safe range', () => {
    fc.assert(
      fc.property(amountArb, fc.integer({ min: -10_000, max: 10_000 }), (amount, qty) => {
        expect(multiplyMinor(amount, qty)).toBe(Number(BigInt(amount) * BigInt(qty)) || 0);
      }),
      { numRuns: 5000 },
    );
    expect(Object.is(multiplyMinor(0, -3), 0)).toBe(true);
    expect(() => multiplyMinor(Number.MAX_SAFE_INTEGER, 2)).toThrow(/safe-integer/);
  });
});
