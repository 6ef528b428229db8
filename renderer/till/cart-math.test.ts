import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCart, discountNeedsApproval, overrideNeedsApproval, type CartLine } from './cart-math.ts';

const approvals = { maxDiscountPercent: 10, maxPriceOverridePercent: 10 };

const line = (id: string, qty: number, unitPrice: number, discount = 0): CartLine => ({
  lineId: id, productId: `p-${id}`, sku: id, name: id, qty, unitPrice, listPrice: unitPrice, priceIncludesTax: true,
  taxes: [{ taxId: 'vat', rate: 20 }], discount,
});

describe('cart arithmetic and approvals', () => {
  it('asks a supervisor only above the thresholds', () => {
    expect(discountNeedsApproval(100, 1000, approvals)).toBe(false);
    expect(discountNeedsApproval(101, 1000, approvals)).toBe(true);
    expect(overrideNeedsApproval(900, 1000, approvals)).toBe(false);
    expect(overrideNeedsApproval(899, 1000, approvals)).toBe(true);
    expect(overrideNeedsApproval(5000, 1000, approvals)).toBe(false);
  });

  it('makes line totals add up to the order total, with the order discount spread over the lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 10_000 })), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 100 }),
        (specs, percent) => {
          const lines = specs.map(([qty, price], i) => line(String(i), qty, price));
          const gross = lines.reduce((s, l) => s + l.qty * l.unitPrice, 0);
          const orderDiscount = Math.floor((gross * percent) / 100);
          const totals = computeCart(lines, orderDiscount);
          expect(totals.lines.reduce((s, l) => s + l.total, 0)).toBe(totals.total);
          expect(totals.total).toBe(gross - orderDiscount);
          expect(totals.lines.reduce((s, l) => s + l.discount, 0)).toBe(orderDiscount);
        },
      ),
    );
  });
});
