import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiplyMinor } from '../money/minor-units.ts';
import type { TaxRule } from './line-tax.ts';
import {
  computeOrder,
  type OrderAmounts,
  type OrderInput,
  type OrderLineInput,
} from './order-tax.ts';

const RUNS = { numRuns: 2000 };

const vat20: TaxRule = { taxId: 'vat20', rate: 20 };
const vat55: TaxRule = { taxId: 'vat5.5', rate: 5.5 };

const sumOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const neg = (x: number): number => -x || 0;

const taxPool: TaxRule[] = [
  { taxId: 'vat20', rate: 20 },
  { taxId: 'vat5.5', rate: 5.5 },
  { taxId: 'gst', rate: 5 },
  { taxId: 'qst', rate: 9.975 },
  { taxId: 'pst', rate: 10, compound: true },
  { taxId: 'zero', rate: 0 },
  { taxId: 'odd', rate: 7.125, compound: true },
];
const taxLists = fc.subarray(taxPool, { maxLength: 3 });

/** A sale line: positive quantity (pieces or weighed), a line discount up to the line amount. */
const saleLine = fc
  .record({
    qty: fc.oneof(
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 50_000 }).map((n) => n / 1000),
    ),
    unitPrice: fc.integer({ min: 0, max: 500_000 }),
    discountPermille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })),
    priceIncludesTax: fc.boolean(),
    taxes: taxLists,
  })
  .map(({ discountPermille, ...line }): OrderLineInput => {
    const gross = multiplyMinor(line.unitPrice, line.qty);
    return { ...line, discount: Math.floor((gross * discountPermille) / 1000) };
  });

/** A sale: 1–12 lines and an order discount up to what is left after line discounts. */
const sales = fc
  .tuple(fc.array(saleLine, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 1000 }))
  .map(([lines, permille]): OrderInput => {
    const left = sumOf(lines.map((l) => multiplyMinor(l.unitPrice, l.qty) - (l.discount ?? 0)));
    return { lines, orderDiscount: Math.floor((left * permille) / 1000) };
  });

function asReturn(input: OrderInput): OrderInput {
  return {
    orderDiscount: neg(input.orderDiscount ?? 0),
    lines: input.lines.map((l) => ({ ...l, qty: -l.qty, discount: neg(l.discount ?? 0) })),
  };
}

function negated(result: OrderAmounts): OrderAmounts {
  return {
    lines: result.lines.map((l) => ({
      amounts: {
        total: neg(l.amounts.total),
        discount: neg(l.amounts.discount),
        taxes: l.amounts.taxes.map((t) => ({ ...t, amount: neg(t.amount) })),
      },
      base: neg(l.base),
    })),
    total: neg(result.total),
    base: neg(result.base),
    tax: neg(result.tax),
    discount: neg(result.discount),
    taxSummary: result.taxSummary.map((s) => ({ ...s, base: neg(s.base), amount: neg(s.amount) })),
  };
}

function checkInvariants(input: OrderInput, result: OrderAmounts): void {
  expect(result.lines).toHaveLength(input.lines.length);
  expect(sumOf(result.lines.map((l) => l.amounts.total))).toBe(result.total);
  expect(result.base + result.tax).toBe(result.total);
  expect(sumOf(result.lines.map((l) => l.base + sumOf(l.amounts.taxes.map((t) => t.amount))))).toBe(
    result.total,
  );
  expect(sumOf(result.taxSummary.map((s) => s.amount))).toBe(result.tax);
  expect(sumOf(result.lines.map((l) => l.amounts.discount))).toBe(
    sumOf(input.lines.map((l) => l.discount ?? 0)) + (input.orderDiscount ?? 0),
  );
  expect(result.discount).toBe(sumOf(result.lines.map((l) => l.amounts.discount)));
  result.lines.forEach((l, i) => {
    const line = input.lines[i];
    if (line === undefined) throw new Error('line missing');
    expect(Object.keys(l.amounts).sort()).toEqual(['discount', 'taxes', 'total']);
    expect(l.base + sumOf(l.amounts.taxes.map((t) => t.amount))).toBe(l.amounts.total);
    expect(l.amounts.taxes.map((t) => t.taxId)).toEqual(line.taxes.map((t) => t.taxId));
    const amount = multiplyMinor(line.unitPrice, line.qty) - l.amounts.discount;
    // The discounted amount is gross for inclusive lines and net for exclusive ones.
    expect(line.priceIncludesTax ? l.amounts.total : l.base).toBe(amount);
  });
}

describe('order amounts', () => {
  it('computes a mixed inclusive order with an order discount spread over the lines', () => {
    const result = computeOrder({
      orderDiscount: 100,
      lines: [
        { qty: 2, unitPrice: 1000, discount: 0, priceIncludesTax: true, taxes: [vat20] },
        { qty: 1, unitPrice: 500, discount: 0, priceIncludesTax: true, taxes: [vat55] },
      ],
    });
    // Shares 2000 : 500 → 80 + 20.
    expect(result.lines.map((l) => l.amounts)).toEqual([
      { total: 1920, discount: 80, taxes: [{ taxId: 'vat20', rate: 20, amount: 320 }] },
      { total: 480, discount: 20, taxes: [{ taxId: 'vat5.5', rate: 5.5, amount: 25 }] },
    ]);
    expect(result.lines.map((l) => l.base)).toEqual([1600, 455]);
    expect(result).toMatchObject({ total: 2400, base: 2055, tax: 345, discount: 100 });
    expect(result.taxSummary).toEqual([
      { taxId: 'vat20', rate: 20, base: 1600, amount: 320 },
      { taxId: 'vat5.5', rate: 5.5, base: 455, amount: 25 },
    ]);
  });

  it('computes an exclusive line: discount on the net price, tax added', () => {
    const result = computeOrder({
      lines: [{ qty: 3, unitPrice: 999, discount: 97, priceIncludesTax: false, taxes: [vat20] }],
    });
    expect(result.lines[0]).toEqual({
      amounts: { total: 3480, discount: 97, taxes: [{ taxId: 'vat20', rate: 20, amount: 580 }] },
      base: 2900,
    });
  });

  it('prices weighed goods exactly: 0.125 kg at 19.99/kg', () => {
    const result = computeOrder({
      lines: [{ qty: 0.125, unitPrice: 1999, priceIncludesTax: true, taxes: [] }],
    });
    expect(result.total).toBe(250);
  });

  it('gives the order discount only to lines moving in its direction', () => {
    const result = computeOrder({
      orderDiscount: 50,
      lines: [
        { qty: 1, unitPrice: 1000, priceIncludesTax: true, taxes: [] },
        { qty: -1, unitPrice: 400, priceIncludesTax: true, taxes: [] },
        { qty: 1, unitPrice: 0, priceIncludesTax: true, taxes: [] },
      ],
    });
    expect(result.lines.map((l) => l.amounts.discount)).toEqual([50, 0, 0]);
    expect(result.total).toBe(550);
  });

  it('refuses an order discount with nothing to carry it', () => {
    expect(() =>
      computeOrder({
        orderDiscount: 10,
        lines: [{ qty: 1, unitPrice: 0, priceIncludesTax: true, taxes: [] }],
      }),
    ).toThrow(expect.objectContaining({ code: 'TAX_DISCOUNT_WITHOUT_LINES' }));
  });

  it('names the offending field when an amount is not an integer', () => {
    expect(() =>
      computeOrder({ lines: [{ qty: 1, unitPrice: 10.5, priceIncludesTax: true, taxes: [] }] }),
    ).toThrow(/lines\[0\]\.unitPrice/);
  });

  it('an empty order is zero everywhere', () => {
    expect(computeOrder({ lines: [] })).toEqual({
      lines: [],
      total: 0,
      base: 0,
      tax: 0,
      discount: 0,
      taxSummary: [],
    });
  });

  it('keeps Σ line totals = order total = Σ (base + tax), per line total = base + Σ taxes', () => {
    fc.assert(
      fc.property(sales, (input) => checkInvariants(input, computeOrder(input))),
      RUNS,
    );
  });

  it('holds the same invariants for all-inclusive and all-exclusive orders', () => {
    fc.assert(
      fc.property(sales, fc.boolean(), (input, inclusive) => {
        const uniform = {
          ...input,
          lines: input.lines.map((l) => ({ ...l, priceIncludesTax: inclusive })),
        };
        checkInvariants(uniform, computeOrder(uniform));
      }),
      RUNS,
    );
  });

  it('spreads the order discount proportionally to line amounts, within one cent', () => {
    fc.assert(
      fc.property(sales, (input) => {
        const result = computeOrder(input);
        const weights = input.lines.map(
          (l) => multiplyMinor(l.unitPrice, l.qty) - (l.discount ?? 0),
        );
        const weightSum = sumOf(weights);
        result.lines.forEach((l, i) => {
          const share = l.amounts.discount - (input.lines[i]?.discount ?? 0);
          const exact =
            weightSum === 0 ? 0 : ((input.orderDiscount ?? 0) * (weights[i] ?? 0)) / weightSum;
          expect(Math.abs(share - exact)).toBeLessThan(
            1 + 1e-9 * Math.abs(input.orderDiscount ?? 0),
          );
        });
      }),
      RUNS,
    );
  });

  it('a return (negated qty and discounts) is exactly the negation of the sale', () => {
    fc.assert(
      fc.property(sales, (input) => {
        const sale = computeOrder(input);
        const ret = computeOrder(asReturn(input));
        expect(ret).toEqual(negated(sale));
        checkInvariants(asReturn(input), ret);
      }),
      RUNS,
    );
  });

  it('is deterministic: the till and the server get identical numbers', () => {
    fc.assert(
      fc.property(sales, (input) => {
        const copy = JSON.parse(JSON.stringify(input)) as OrderInput;
        expect(computeOrder(copy)).toEqual(computeOrder(input));
      }),
      { numRuns: 1000 },
    );
  });
});
