import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLineTaxes, type TaxRule } from './line-tax.ts';
import { TaxError } from './tax-error.ts';

const RUNS = { numRuns: 3000 };

const vat20: TaxRule = { taxId: 'vat20', rate: 20 };
const gst: TaxRule = { taxId: 'gst', rate: 5 };
const qst: TaxRule = { taxId: 'qst', rate: 9.975 };
const pstCompound: TaxRule = { taxId: 'pst', rate: 10, compound: true };

/** Tax lists of up to four distinct taxes with realistic and random rates. */
const taxLists = fc
  .array(
    fc.record({
      rate: fc.oneof(
        fc.constantFrom(0, 2.1, 5, 5.5, 7, 7.25, 8.875, 9.975, 10, 19, 20, 21, 25.5, 100),
        fc.integer({ min: 0, max: 30_000 }).map((n) => n / 1000),
      ),
      compound: fc.boolean(),
    }),
    { maxLength: 4 },
  )
  .map((rules) =>
    rules.map((r, i): TaxRule => ({ taxId: `tax${i}`, rate: r.rate, compound: r.compound })),
  );

const amounts = fc.integer({ min: -10_000_000, max: 10_000_000 });

/** Gross/net multiplier and each tax's share per unit of base, in floating point (for tolerance checks). */
function exactShares(taxes: readonly TaxRule[]): { multiplier: number; shares: number[] } {
  let multiplier = 1;
  const shares = taxes.map((t) => {
    const share = (t.rate / 100) * (t.compound === true ? multiplier : 1);
    multiplier += share;
    return share;
  });
  return { multiplier, shares };
}

const sumOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('line taxes', () => {
  it('extracts tax contained in an inclusive price', () => {
    expect(computeLineTaxes(1000, [vat20], true)).toEqual({
      base: 833,
      total: 1000,
      taxes: [{ taxId: 'vat20', rate: 20, amount: 167 }],
    });
    expect(computeLineTaxes(-1000, [vat20], true)).toEqual({
      base: -833,
      total: -1000,
      taxes: [{ taxId: 'vat20', rate: 20, amount: -167 }],
    });
  });

  it('adds tax to an exclusive price', () => {
    expect(computeLineTaxes(833, [vat20], false)).toEqual({
      base: 833,
      total: 1000,
      taxes: [{ taxId: 'vat20', rate: 20, amount: 167 }], // 166.6
    });
  });

  it('rounds each tax separately when several apply (Québec GST + QST)', () => {
    expect(computeLineTaxes(10000, [gst, qst], false)).toEqual({
      base: 10000,
      total: 11498,
      taxes: [
        { taxId: 'gst', rate: 5, amount: 500 },
        { taxId: 'qst', rate: 9.975, amount: 998 }, // 997.5 → 998
      ],
    });
  });

  it('applies a compound tax on base plus the earlier taxes, both ways', () => {
    expect(computeLineTaxes(10000, [gst, pstCompound], false)).toEqual({
      base: 10000,
      total: 11550,
      taxes: [
        { taxId: 'gst', rate: 5, amount: 500 },
        { taxId: 'pst', rate: 10, amount: 1050 },
      ],
    });
    expect(computeLineTaxes(11550, [gst, pstCompound], true)).toEqual({
      base: 10000,
      total: 11550,
      taxes: [
        { taxId: 'gst', rate: 5, amount: 500 },
        { taxId: 'pst', rate: 10, amount: 1050 },
      ],
    });
  });

  it('splits an inclusive total tax over several taxes without losing a cent', () => {
    // 1000 incl. 5 % + 9.975 %: tax = 1000 × 14.975/114.975 = 130.24… → 130; 43.49 / 86.76 → 43 + 87
    const result = computeLineTaxes(1000, [gst, qst], true);
    expect(result.base).toBe(870);
    expect(result.taxes.map((t) => t.amount)).toEqual([43, 87]);
  });

  it('handles no taxes and zero rates', () => {
    expect(computeLineTaxes(1234, [], true)).toEqual({ base: 1234, total: 1234, taxes: [] });
    expect(computeLineTaxes(1234, [{ taxId: 'zero', rate: 0 }], false).total).toBe(1234);
  });

  it('refuses negative rates, duplicated taxes and fractional amounts', () => {
    expect(() => computeLineTaxes(100, [{ taxId: 'x', rate: -1 }], true)).toThrow(TaxError);
    expect(() => computeLineTaxes(100, [vat20, vat20], true)).toThrow(
      expect.objectContaining({ code: 'TAX_DUPLICATE' }),
    );
    expect(() => computeLineTaxes(100.5, [vat20], true)).toThrow(
      expect.objectContaining({ code: 'MONEY_NOT_INTEGER' }),
    );
  });

  it('inclusive: total is the amount, total = base + Σ taxes, taxes within rounding of exact', () => {
    fc.assert(
      fc.property(amounts, taxLists, (amount, taxes) => {
        const r = computeLineTaxes(amount, taxes, true);
        const taxSum = sumOf(r.taxes.map((t) => t.amount));
        expect(r.total).toBe(amount);
        expect(r.base + taxSum).toBe(r.total);
        const { multiplier, shares } = exactShares(taxes);
        const slack = 1e-6 * Math.abs(amount);
        expect(Math.abs(taxSum - (amount * (multiplier - 1)) / multiplier)).toBeLessThanOrEqual(
          0.5 + slack,
        );
        r.taxes.forEach((t, i) => {
          expect(Number.isSafeInteger(t.amount)).toBe(true);
          expect(Math.abs(t.amount - (amount * (shares[i] ?? 0)) / multiplier)).toBeLessThan(
            1.5 + slack,
          );
        });
      }),
      RUNS,
    );
  });

  it('exclusive: base is the amount, each tax within half a cent of rate × taxable', () => {
    fc.assert(
      fc.property(amounts, taxLists, (amount, taxes) => {
        const r = computeLineTaxes(amount, taxes, false);
        expect(r.base).toBe(amount);
        expect(r.base + sumOf(r.taxes.map((t) => t.amount))).toBe(r.total);
        let earlier = 0;
        r.taxes.forEach((t, i) => {
          const rule = taxes[i];
          const taxable = amount + (rule?.compound === true ? earlier : 0);
          const slack = 1e-6 * Math.abs(taxable);
          expect(Math.abs(t.amount - (taxable * (rule?.rate ?? 0)) / 100)).toBeLessThanOrEqual(
            0.5 + slack,
          );
          earlier += t.amount;
        });
      }),
      RUNS,
    );
  });

  it('a negative (return) line gives exactly the negated numbers', () => {
    fc.assert(
      fc.property(amounts, taxLists, fc.boolean(), (amount, taxes, inclusive) => {
        const sale = computeLineTaxes(amount, taxes, inclusive);
        const ret = computeLineTaxes(-amount, taxes, inclusive);
        expect(ret.total).toBe(-sale.total || 0);
        expect(ret.base).toBe(-sale.base || 0);
        expect(ret.taxes.map((t) => t.amount)).toEqual(sale.taxes.map((t) => -t.amount || 0));
      }),
      RUNS,
    );
  });

  it('exclusive then inclusive round-trips a single tax to within one cent of base', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), taxLists, (net, taxes) => {
        const one = taxes.slice(0, 1);
        const gross = computeLineTaxes(net, one, false).total;
        expect(Math.abs(computeLineTaxes(gross, one, true).base - net)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });
});
