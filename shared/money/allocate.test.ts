import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.ts';
import { money } from './money.ts';
import { MoneyError } from './money-error.ts';

const RUNS = { numRuns: 3000 };

describe('allocate', () => {
  it('spreads a discount proportionally to line totals without losing a cent', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(1000, [2000, 500, 0])).toEqual([800, 200, 0]);
    expect(allocate(5, [3, 3, 3, 1])).toEqual([2, 2, 1, 0]);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
    expect(allocate(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]); // 3.5, 1.75, 1.75
    expect(allocate(money(10, 'EUR'), [1, 2])).toEqual([money(3, 'EUR'), money(7, 'EUR')]);
  });

  it('breaks remainder ties by index, deterministically', () => {
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocate(1, [5, 5])).toEqual([1, 0]);
  });

  it('refuses negative weights and a non-zero total over zero weights', () => {
    expect(() => allocate(10, [1, -1])).toThrow(MoneyError);
    expect(() => allocate(10, [0, 0])).toThrow(
      expect.objectContaining({ code: 'MONEY_INVALID_WEIGHTS' }),
    );
    expect(() => allocate(10, [])).toThrow(
      expect.objectContaining({ code: 'MONEY_INVALID_WEIGHTS' }),
    );
    expect(() => allocate(10.5, [1])).toThrow(
      expect.objectContaining({ code: 'MONEY_NOT_INTEGER' }),
    );
  });

  const totals = fc.integer({ min: -100_000_000, max: 100_000_000 });
  const weightLists = fc
    .array(fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constant(0)), {
      minLength: 1,
      maxLength: 30,
    })
    .filter((ws) => ws.some((w) => w > 0));

  it('sums exactly to the total and stays within one cent of the exact share', () => {
    fc.assert(
      fc.property(totals, weightLists, (total, weights) => {
        const parts = allocate(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const weightSum = BigInt(weights.reduce((a, b) => a + b, 0));
        parts.forEach((part, i) => {
          expect(Number.isSafeInteger(part)).toBe(true);
          // |part − total·w/W| < 1  ⇔  |part·W − total·w| < W
          const err = BigInt(part) * weightSum - BigInt(total) * BigInt(weights[i] ?? 0);
          expect((err < 0n ? -err : err) < weightSum).toBe(true);
          if (weights[i] === 0) expect(part).toBe(0);
        });
      }),
      RUNS,
    );
  });

  it('is odd-symmetric and keeps every part on the sign of the total', () => {
    fc.assert(
      fc.property(totals, weightLists, (total, weights) => {
        const parts = allocate(total, weights);
        expect(allocate(-total, weights)).toEqual(parts.map((p) => -p || 0));
        parts.forEach((p) => expect(Math.sign(p) * Math.sign(total)).toBeGreaterThanOrEqual(0));
      }),
      RUNS,
    );
  });

  it('gives a larger weight at least as much as a smaller one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), weightLists, (total, weights) => {
        const parts = allocate(total, weights);
        for (let i = 0; i < weights.length; i++) {
          for (let j = 0; j < weights.length; j++) {
            if ((weights[i] ?? 0) > (weights[j] ?? 0)) {
              expect(parts[i] ?? 0).toBeGreaterThanOrEqual(parts[j] ?? 0);
            }
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
