import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountDue, isCashAmount, saleCashRounding } from './sale-rounding.ts';

const RUNS = { numRuns: 2000 };
const isCash = (method: string): boolean => method === 'cash';

describe('cash rounding of a sale', () => {
  it('rounds a 10.03 sale paid in cash to 10.05 and a 10.07 one to 10.05', () => {
    expect(amountDue(1003, [], isCash, 5)).toEqual({ paid: 0, remaining: 1003, cashDue: 1005, cashRounding: 2, settled: false });
    expect(amountDue(1007, [], isCash, 5)).toMatchObject({ remaining: 1007, cashDue: 1005, cashRounding: -2 });
    expect(saleCashRounding(1003, [{ method: 'cash', amount: 1005 }], isCash, 5)).toBe(2);
    expect(amountDue(1003, [{ method: 'cash', amount: 1005 }], isCash, 5)).toMatchObject({ remaining: -2, cashDue: 0, settled: true });
  });

  it('lets a card pay the exact amount: no rounding without a cash payment', () => {
    expect(saleCashRounding(1003, [{ method: 'card', amount: 1003 }], isCash, 5)).toBe(0);
    expect(amountDue(1003, [{ method: 'card', amount: 1003 }], isCash, 5).settled).toBe(true);
  });

  it('rounds only the cash remainder of a split: card 5.00, then cash 5.05 for the 5.03 left', () => {
    const card = { method: 'card', amount: 500 };
    expect(amountDue(1003, [card], isCash, 5)).toMatchObject({ remaining: 503, cashDue: 505, cashRounding: 2 });
    expect(saleCashRounding(1003, [card, { method: 'cash', amount: 505 }], isCash, 5)).toBe(2);
    // Cash first, card for the rest: the cash part (5.00) is already round, the card pays 5.03.
    expect(saleCashRounding(1003, [{ method: 'cash', amount: 500 }, { method: 'card', amount: 503 }], isCash, 5)).toBe(0);
    expect(amountDue(1003, [{ method: 'cash', amount: 500 }], isCash, 5)).toMatchObject({ remaining: 503, cashDue: 505 });
  });

  it('settles with a 0.00 cash payment when the card left only what rounds away', () => {
    const card = { method: 'card', amount: 1002 };
    expect(amountDue(1003, [card], isCash, 5)).toMatchObject({ remaining: 1, cashDue: 0, cashRounding: -1, settled: false });
    const payments = [card, { method: 'cash', amount: 0 }];
    expect(saleCashRounding(1003, payments, isCash, 5)).toBe(-1);
    expect(amountDue(1003, payments, isCash, 5).settled).toBe(true);
  });

  it('mirrors a refund: −10.03 back in cash is −10.05', () => {
    expect(amountDue(-1003, [], isCash, 5)).toMatchObject({ cashDue: -1005, cashRounding: -2 });
    expect(saleCashRounding(-1003, [{ method: 'cash', amount: -1005 }], isCash, 5)).toBe(-2);
  });

  it('does nothing without a step (1 or missing)', () => {
    expect(amountDue(1003, [], isCash, 1)).toMatchObject({ cashDue: 1003, cashRounding: 0 });
    expect(saleCashRounding(1003, [{ method: 'cash', amount: 1003 }], isCash, undefined)).toBe(0);
    expect(isCashAmount(1003, undefined)).toBe(true);
    expect(isCashAmount(1003, 5)).toBe(false);
    expect(isCashAmount(1005, 5)).toBe(true);
  });

  const totals = fc.integer({ min: 1, max: 10_000_000 });
  const steps = fc.constantFrom(1, 5, 10, 25, 50, 100);

  it('cards first, then cash for the rest: settled, cash in whole steps, rounding at most half a step', () => {
    fc.assert(
      fc.property(totals, steps, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }), (total, step, shares) => {
        const payments: { method: string; amount: number }[] = [];
        for (const share of shares) {
          const { remaining } = amountDue(total, payments, isCash, step);
          const amount = Math.floor(remaining * share);
          if (amount > 0) payments.push({ method: 'card', amount });
        }
        const due = amountDue(total, payments, isCash, step);
        expect(due.cashDue % step).toBe(0);
        payments.push({ method: 'cash', amount: due.cashDue });
        const rounding = saleCashRounding(total, payments, isCash, step);
        expect(rounding).toBe(due.cashRounding);
        expect(2 * Math.abs(rounding)).toBeLessThanOrEqual(step);
        expect(payments.reduce((a, p) => a + p.amount, 0)).toBe(total + rounding);
        expect(amountDue(total, payments, isCash, step).settled).toBe(true);
      }),
      RUNS,
    );
  });

  it('a cash partial in whole steps, then cash for the rest, rounds like one cash payment', () => {
    fc.assert(
      fc.property(totals, steps, fc.double({ min: 0, max: 1, noNaN: true }), (total, step, share) => {
        const first = Math.floor((total * share) / step) * step;
        const payments = first > 0 ? [{ method: 'cash', amount: first }] : [];
        const due = amountDue(total, payments, isCash, step);
        payments.push({ method: 'cash', amount: due.cashDue });
        expect(saleCashRounding(total, payments, isCash, step)).toBe(saleCashRounding(total, [{ method: 'cash', amount: total }], isCash, step));
        expect(amountDue(total, payments, isCash, step).settled).toBe(true);
      }),
      RUNS,
    );
  });

  it('a wrong rounding never settles a sale', () => {
    fc.assert(
      fc.property(totals, fc.constantFrom(5, 10, 100), fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0), (total, step, off) => {
        const { cashDue } = amountDue(total, [], isCash, step);
        expect(amountDue(total, [{ method: 'cash', amount: cashDue + off }], isCash, step).settled).toBe(false);
      }),
      RUNS,
    );
  });
});
