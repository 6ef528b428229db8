import { describe, expect, it } from 'vitest';
import type { LoyaltyProgram } from '../../shared/stored-value/loyalty-program.ts';
import { computeCart, type CartLine } from './cart-math.ts';
import { loyaltyOfSale, pointsToEarn } from './sale-loyalty.ts';

const program: LoyaltyProgram = { active: true, name: 'Rewards', earn: [{ kind: 'amount', points: 1, per: 100 }, { kind: 'unit', points: 5, target: { categories: ['Snacks'] } }], redeem: { points: 100, amount: 500 } };
const line = (lineId: string, unitPrice: number, qty: number, category: string): CartLine => ({
  lineId, productId: `p-${lineId}`, sku: lineId, name: lineId, qty, unitPrice, listPrice: unitPrice, priceIncludesTax: true, taxes: [], discount: 0, category,
});

describe('loyalty on the sale being paid', () => {
  it('earns on what the lines cost after the points discount, with the categories of the catalog', () => {
    const lines = [line('a', 1000, 2, 'Snacks'), line('b', 1550, 1, 'Drinks')];
    // 35.50 spent → 35 points, 2 snacks → 10 points.
    expect(pointsToEarn(program, lines, computeCart(lines, 0).lines)).toBe(45);
    // 5.00 of points off: 30.50 spent → 30 + 10.
    expect(pointsToEarn(program, lines, computeCart(lines, 0, 500).lines)).toBe(40);
    expect(pointsToEarn(null, lines, computeCart(lines, 0).lines)).toBe(0);
  });

  it('says what was redeemed and earned, and the points left: the server\'s figure when it authorised, else what the till knows', () => {
    expect(loyaltyOfSale(program, true, 40, { points: 100, amount: 500, authorization: 'h1', balanceAfter: 200 }, 999)).toEqual({
      redeemedPoints: 100, redeemedAmount: 500, authorization: 'h1', earnedPoints: 40, balanceAfter: 240,
    });
    expect(loyaltyOfSale(program, true, 40, { points: 100, amount: 500, overrideBy: 'sam' }, 150)).toEqual({ redeemedPoints: 100, redeemedAmount: 500, overrideBy: 'sam', earnedPoints: 40, balanceAfter: 190 });
    expect(loyaltyOfSale(program, true, 12, null, undefined)).toEqual({ earnedPoints: 12 });
    // No customer, nothing; no program, nothing earned.
    expect(loyaltyOfSale(program, false, 12, null, 100)).toBeNull();
    expect(loyaltyOfSale(null, true, 0, null, 100)).toBeNull();
  });
});
