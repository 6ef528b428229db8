// Credit notes of units cancelled from a line invoiced on order (credit-amounts.ts): whatever the
// line (price with or without tax, discount, compound taxes) and however it is cancelled step by
// step, the credits add up to its invoice line exactly, and invoice less credits is always what the
// units still kept are charged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaxRule } from '../../shared/tax/index.ts';
import { creditAmounts, keptAmount, type PricedLine } from './credit-amounts.ts';

const taxSum = (taxes: readonly { taxId: string; amount: number }[], id: string): number => taxes.filter((t) => t.taxId === id).reduce((a, t) => a + t.amount, 0);

const lineArb = fc.record({
  qty: fc.integer({ min: 1, max: 40 }),
  unitPrice: fc.integer({ min: 0, max: 200_000 }),
  priceIncludesTax: fc.boolean(),
  discountPart: fc.double({ min: 0, max: 1, noNaN: true }),
}).map(({ discountPart, ...l }): PricedLine => ({ ...l, discount: Math.floor(l.qty * l.unitPrice * discountPart) }));

const taxesArb = fc.subarray([
  { taxId: 'vat', rate: 20 }, { taxId: 'reduced', rate: 5.5 }, { taxId: 'qst', rate: 9.975, compound: true },
] as TaxRule[]);

/** Units cancelled one step after another until none is left (each step ≥ 1). */
const stepsArb = (qty: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: 1, max: qty }), { minLength: 1, maxLength: qty });

describe('credit notes of cancelled units', () => {
  it('give back, over any steps, exactly what the invoice charged: its total and each tax, to the cent', () => {
    fc.assert(fc.property(lineArb.chain((line) => fc.tuple(fc.constant(line), taxesArb, stepsArb(line.qty))), ([line, taxes, steps]) => {
      const invoice = keptAmount(line, line.qty, taxes);
      let kept = line.qty;
      let total = 0;
      const byTax = new Map<string, number>();
      for (const step of [...steps, line.qty]) {
        const after = Math.max(0, kept - step);
        const credit = creditAmounts(line, kept, after, taxes);
        total += credit.amounts.total;
        for (const t of credit.amounts.taxes) byTax.set(t.taxId, (byTax.get(t.taxId) ?? 0) + t.amount);
        kept = after;
        // Invoice less the credits so far is what the units still kept are charged.
        expect(invoice.amounts.total + total).toBe(keptAmount(line, kept, taxes).amounts.total);
      }
      expect(invoice.amounts.total + total).toBe(0);
      for (const t of taxes) expect(taxSum(invoice.amounts.taxes, t.taxId) + (byTax.get(t.taxId) ?? 0)).toBe(0);
    }), { numRuns: 300 });
  });

  it('credit a buy-2-get-1 line in parts at the shares the kept units no longer carry', () => {
    const line: PricedLine = { qty: 3, unitPrice: 1000, priceIncludesTax: true, discount: 1000 };
    const vat = [{ taxId: 'vat', rate: 20 }];
    // Two of three cancelled: the unit kept carries 333 of the 1000 off.
    expect(creditAmounts(line, 3, 1, vat).amounts.total).toBe(667 - 2000);
    expect(creditAmounts(line, 1, 0, vat).amounts.total).toBe(-667);
  });
});
