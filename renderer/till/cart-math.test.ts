import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, linesNeedingApproval, stampApproval } from './cart-edit.ts';
import { cartReduction, computeCart, type CartLine } from './cart-math.ts';

const approvals = { maxDiscountPercent: 10, maxPriceOverridePercent: 10 };

const line = (id: string, qty: number, unitPrice: number, discount = 0): CartLine => ({
  lineId: id, productId: `p-${id}`, sku: id, name: id, qty, unitPrice, listPrice: unitPrice, priceIncludesTax: true,
  taxes: [{ taxId: 'vat', rate: 20 }], discount,
});

describe('cart arithmetic and approvals', () => {
  it('asks a supervisor when override, line discount and order discount together pass the limit (issue 12 point 2)', () => {
    let cart = { lines: [line('a', 1, 1024)], orderDiscount: 0 };
    const steps = [
      { kind: 'price', lineId: 'a', price: 922 },
      { kind: 'discount', lineId: 'a', amount: 92 },
      { kind: 'order', amount: 83 },
    ] as const;
    const asked = steps.map((edit) => {
      const next = applyEdit(cart, edit);
      const beyond = linesNeedingApproval(cart, next, approvals);
      cart = beyond.length > 0 ? stampApproval(next, edit, beyond.map((b) => b.lineId), 'sam') : next;
      return beyond.map((b) => b.lineId);
    });
    expect(asked).toEqual([[], ['a'], ['a']]);
    expect(computeCart(cart.lines, cart.orderDiscount).total).toBe(747);
    expect(cart.lines[0]?.discountApprovedBy).toBe('sam');
    expect(cart.lines[0]?.priceOverride).toEqual({ originalPrice: 1024, approvedBy: 'sam' });
    expect(cart).toMatchObject({ orderDiscountApprovedBy: 'sam' });
  });

  it('asks again when removing a line pushes more of the order discount onto another', () => {
    const cart = { lines: [line('a', 1, 1000), line('b', 1, 1000)], orderDiscount: 180 };
    expect(linesNeedingApproval({ lines: [], orderDiscount: 0 }, cart, approvals)).toEqual([]);
    expect(linesNeedingApproval(cart, applyEdit(cart, { kind: 'remove', lineId: 'b' }), approvals).map((l) => l.lineId)).toEqual(['a']);
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

  it('spreads a points discount over the lines: the lines carry all of it, none goes below zero, and it is not the cashier\'s reduction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 10_000 })), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 100 }),
        (specs, percent) => {
          const lines = specs.map(([qty, price], i) => line(String(i), qty, price));
          const gross = lines.reduce((s, l) => s + l.qty * l.unitPrice, 0);
          const points = Math.floor((gross * percent) / 100);
          const totals = computeCart(lines, 0, points);
          expect(totals.lines.reduce((s, l) => s + (l.loyaltyDiscount ?? 0), 0)).toBe(points);
          expect(totals.total).toBe(gross - points);
          for (const l of totals.lines) expect(l.total).toBeGreaterThanOrEqual(0);
          expect(cartReduction(lines, 0, approvals, points).lines.every((r) => !r.needsApproval)).toBe(true);
        },
      ),
    );
    expect(() => computeCart([line('a', 1, 500)], 0, 501)).toThrow(RangeError);
  });
});
