import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeOrder } from '../tax/order-tax.ts';
import { lineReduction, newlyNeedingApproval, orderReduction, type ReductionLine } from './approval-reduction.ts';

const approvals = { maxDiscountPercent: 10, maxPriceOverridePercent: 10 };
const percentArb = fc.integer({ min: 0, max: 100 });

describe('approval on the total reduction of a line', () => {
  it('catches the issue example: 10.24 overridden to 9.22, −0.92 on the line, −0.83 of the order is 27 % off', () => {
    const steps: ReductionLine[] = [
      { lineId: 'a', qty: 1, listPrice: 1024, unitPrice: 922, discount: 0 },
      { lineId: 'a', qty: 1, listPrice: 1024, unitPrice: 922, discount: 92 },
      { lineId: 'a', qty: 1, listPrice: 1024, unitPrice: 922, discount: 92 + 83 },
    ];
    const [override, lineDiscount, orderShare] = steps.map((s) => lineReduction(s, approvals));
    expect(override?.needsApproval).toBe(false);
    expect(lineDiscount?.needsApproval).toBe(true);
    expect(orderShare?.finalAmount).toBe(747);
    expect(orderShare?.percent).toBeCloseTo(27.05, 1);
    expect(orderShare?.needsApproval).toBe(true);
  });

  it('judges the sum of the steps, whatever way the reduction was split between override, line and order discount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 20 }), fc.nat(), fc.nat(), fc.nat(), percentArb,
        (listPrice, qty, a, b, c, limit) => {
          const list = listPrice * qty;
          const total = (a + b + c) % (list + 1);
          const overridePerUnit = Math.min(Math.floor(total / qty), listPrice);
          const rest = total - overridePerUnit * qty;
          const lineShare = Math.min(rest, b % (rest + 1));
          const line: ReductionLine = { lineId: 'x', qty, listPrice, unitPrice: listPrice - overridePerUnit, discount: rest };
          const r = lineReduction(line, { maxDiscountPercent: limit, maxPriceOverridePercent: 100 });
          expect(r.reduction).toBe(total);
          expect(r.needsApproval).toBe(total * 100 > limit * list);
          // Moving part of the reduction between the line discount and the order share changes nothing.
          const moved = lineReduction({ ...line, discount: lineShare + (rest - lineShare) }, { maxDiscountPercent: limit, maxPriceOverridePercent: 100 });
          expect(moved.needsApproval).toBe(r.needsApproval);
        }),
    );
  });

  it('never stops needing approval when more is taken off', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), fc.nat({ max: 100_000 }), fc.nat({ max: 100_000 }), percentArb, percentArb,
        (listPrice, unitPrice, d1, extra, maxDiscountPercent, maxPriceOverridePercent) => {
          const limits = { maxDiscountPercent, maxPriceOverridePercent };
          const before = lineReduction({ lineId: 'x', qty: 1, listPrice, unitPrice, discount: d1 }, limits);
          const after = lineReduction({ lineId: 'x', qty: 1, listPrice, unitPrice, discount: d1 + extra }, limits);
          if (before.needsApproval) expect(after.needsApproval).toBe(true);
        }),
    );
  });

  it('asks for the order only through its lines: the order percent never exceeds the largest line percent', () => {
    const lineArb = fc.record({ qty: fc.integer({ min: 1, max: 5 }), listPrice: fc.integer({ min: 1, max: 10_000 }), cut: fc.nat({ max: 10_000 }), discount: fc.nat({ max: 10_000 }) });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.nat({ max: 50_000 }), (raw, orderDiscount) => {
        const cart = raw.map((l, i) => ({ lineId: String(i), qty: l.qty, listPrice: l.listPrice, unitPrice: Math.max(0, l.listPrice - l.cut), discount: Math.min(l.discount, l.qty * Math.max(0, l.listPrice - l.cut)) }));
        const base = cart.reduce((a, l) => a + l.qty * l.unitPrice - l.discount, 0);
        // The order discount is shared out exactly as the sale computes it (shared/tax computeOrder).
        const computed = computeOrder({ lines: cart.map((l) => ({ qty: l.qty, unitPrice: l.unitPrice, discount: l.discount, priceIncludesTax: true, taxes: [] })), orderDiscount: Math.min(orderDiscount, base) });
        const lines = cart.map((l, i) => ({ ...l, discount: computed.lines[i]?.amounts.discount ?? 0 }));
        const order = orderReduction(lines, approvals);
        expect(order.finalAmount).toBe(computed.total);
        expect(order.needsApproval).toBe(order.lines.some((l) => l.needsApproval));
        expect(order.percent).toBeLessThanOrEqual(Math.max(...order.lines.map((l) => l.percent)) + 1e-9);
      }),
    );
  });

  it('asks again only when a change takes a line further beyond the limit', () => {
    const line = { lineId: 'a', qty: 2, listPrice: 1000, unitPrice: 1000, discount: 0 };
    const at = (discount: number) => orderReduction([{ ...line, discount }], approvals);
    expect(newlyNeedingApproval(at(0), at(200))).toEqual([]);
    expect(newlyNeedingApproval(at(200), at(300)).map((l) => l.lineId)).toEqual(['a']);
    expect(newlyNeedingApproval(at(300), at(250))).toEqual([]);
    expect(newlyNeedingApproval(at(300), at(400)).map((l) => l.lineId)).toEqual(['a']);
    // Fewer units with the same discount is a bigger cut per unit: asked again.
    expect(newlyNeedingApproval(at(300), orderReduction([{ ...line, qty: 1, discount: 300 }], approvals)).map((l) => l.lineId)).toEqual(['a']);
  });

  it('lets a raised price through and flags an override alone beyond its own limit', () => {
    expect(lineReduction({ lineId: 'a', qty: 1, listPrice: 100, unitPrice: 150, discount: 40 }, approvals).needsApproval).toBe(false);
    expect(lineReduction({ lineId: 'a', qty: 1, listPrice: 136, unitPrice: 1, discount: 0 }, { maxDiscountPercent: 100, maxPriceOverridePercent: 10 }).needsApproval).toBe(true);
  });
});
