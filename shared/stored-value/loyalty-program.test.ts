import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EarningLine, type LoyaltyProgram, maxRedeemablePoints, pointsEarned, pointsValue, redemptionAmount } from './loyalty-program.ts';

const program: LoyaltyProgram = {
  active: true,
  name: 'Rewards',
  earn: [{ kind: 'amount', points: 1, per: 100 }, { kind: 'unit', points: 5, target: { categories: ['Snacks'] } }],
  redeem: { points: 100, amount: 500 },
};

const line = fc.record({
  productId: fc.constantFrom('a', 'b', 'c'),
  category: fc.constantFrom('Snacks', 'Drinks', undefined),
  qty: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constantFrom(0.25, 1.5)),
  total: fc.integer({ min: 0, max: 100_000 }),
});

describe('loyalty points', () => {
  it('earns per amount spent and per unit of the targeted products; weighed goods count no units', () => {
    const lines: EarningLine[] = [
      { productId: 'a', category: 'Snacks', qty: 2, total: 350 },
      { productId: 'b', category: 'Drinks', qty: 1, total: 1260 },
      { productId: 'c', category: 'Snacks', qty: 0.5, total: 200 },
    ];
    // 18.10 spent → 18 points; 2 whole snack units → 10 points.
    expect(pointsEarned(program, lines)).toBe(28);
    expect(pointsEarned({ ...program, active: false }, lines)).toBe(0);
    expect(pointsEarned(null, lines)).toBe(0);
  });

  it('takes back on a full return exactly what the sale earned', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), (lines) => {
        const back = lines.map((l) => ({ ...l, qty: -l.qty, total: -l.total }));
        expect(pointsEarned(program, back) + pointsEarned(program, lines)).toBe(0);
      }),
    );
  });

  it('redeems whole blocks only, within the points and what the sale costs', () => {
    expect(redemptionAmount(program, 300)).toBe(1500);
    expect(redemptionAmount(program, 150)).toBeNull();
    expect(redemptionAmount(program, 0)).toBeNull();
    expect(maxRedeemablePoints(program, 1234, 2_000)).toBe(400);
    expect(maxRedeemablePoints(program, 1234, 100_000)).toBe(1200);
    expect(maxRedeemablePoints(program, 99, 100_000)).toBe(0);
    // Valued at the program's rate, halves away from zero: 1 point = 5 cents; 3 points of a 3-for-1.00 program = 1.00.
    expect(pointsValue(program, 37)).toBe(185);
    expect(pointsValue({ ...program, redeem: { points: 3, amount: 100 } }, 1)).toBe(33);
    expect(pointsValue({ ...program, redeem: { points: 2, amount: 1 } }, -1)).toBe(-1);
  });
});
