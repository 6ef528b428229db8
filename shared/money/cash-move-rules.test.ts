import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashMoveApprovalReasons } from './cash-move-rules.ts';

const limits = { maxDiscountPercent: 10, maxPriceOverridePercent: 10, maxCashMovement: 10_000, maxCashMovedPerSession: 30_000 };

describe('cash movement approvals', () => {
  it('lets a cashier move small amounts alone and asks above each limit', () => {
    expect(cashMoveApprovalReasons({ kind: 'cash_in', amount: 10_000, movedThisSession: 0, expectedCash: 0 }, limits)).toEqual([]);
    expect(cashMoveApprovalReasons({ kind: 'cash_in', amount: 10_001, movedThisSession: 0, expectedCash: 0 }, limits)).toEqual(['movement-limit']);
    expect(cashMoveApprovalReasons({ kind: 'cash_in', amount: 5_000, movedThisSession: 26_000, expectedCash: 0 }, limits)).toEqual(['session-limit']);
    expect(cashMoveApprovalReasons({ kind: 'cash_out', amount: 5_000, movedThisSession: 0, expectedCash: 4_000 }, limits)).toEqual(['below-zero']);
  });

  it('never lets a cash-out take expected cash below zero without approval, whatever the limits', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e7 }), fc.nat({ max: 1e7 }), fc.nat({ max: 1e7 }), fc.option(fc.nat({ max: 1e7 }), { nil: undefined }), (amount, moved, expected, max) => {
        const reasons = cashMoveApprovalReasons({ kind: 'cash_out', amount, movedThisSession: moved, expectedCash: expected }, { maxDiscountPercent: 0, maxPriceOverridePercent: 0, ...(max === undefined ? {} : { maxCashMovement: max }) });
        if (expected - amount < 0) expect(reasons).toContain('below-zero');
        if (reasons.length === 0) expect(expected - amount).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
