import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundCash, type CashRoundingMode } from './cash-rounding.ts';
import { money } from './money.ts';

const RUNS = { numRuns: 3000 };

describe('cash rounding', () => {
  it('rounds to 0.05 the Swiss way: halves up, refunds mirrored', () => {
    const rule = { step: 5 };
    expect(roundCash(1022, rule)).toEqual({ rounded: 1020, difference: -2 });
    expect(roundCash(1023, rule)).toEqual({ rounded: 1025, difference: 2 });
    expect(roundCash(1025, rule)).toEqual({ rounded: 1025, difference: 0 });
    expect(roundCash(-1023, rule)).toEqual({ rounded: -1025, difference: -2 });
    expect(roundCash(-1022, rule)).toEqual({ rounded: -1020, difference: 2 });
    expect(roundCash(0, rule)).toEqual({ rounded: 0, difference: 0 });
  });

  it('supports 0.10 steps, half-even, up and down', () => {
    expect(roundCash(1045, { step: 10 }).rounded).toBe(1050);
    expect(roundCash(1045, { step: 10, mode: 'half-even' }).rounded).toBe(1040);
    expect(roundCash(1055, { step: 10, mode: 'half-even' }).rounded).toBe(1060);
    expect(roundCash(1041, { step: 10, mode: 'up' }).rounded).toBe(1050);
    expect(roundCash(1049, { step: 10, mode: 'down' }).rounded).toBe(1040);
    expect(roundCash(-1041, { step: 10, mode: 'up' }).rounded).toBe(-1050);
    expect(roundCash(1234, { step: 1 })).toEqual({ rounded: 1234, difference: 0 });
  });

  it('rounds Money and keeps its currency', () => {
    expect(roundCash(money(1998, 'CHF'), { step: 5 })).toEqual({
      rounded: money(2000, 'CHF'),
      difference: money(2, 'CHF'),
    });
  });

  it('refuses a step that is not a positive integer', () => {
    expect(() => roundCash(100, { step: 0 })).toThrow(
      expect.objectContaining({ code: 'MONEY_INVALID_ROUNDING' }),
    );
    expect(() => roundCash(100, { step: 2.5 })).toThrow(
      expect.objectContaining({ code: 'MONEY_INVALID_ROUNDING' }),
    );
    expect(() => roundCash(10.5, { step: 5 })).toThrow(
      expect.objectContaining({ code: 'MONEY_NOT_INTEGER' }),
    );
  });

  const amounts = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });
  const steps = fc.oneof(fc.constantFrom(1, 5, 10, 25, 50, 100), fc.integer({ min: 1, max: 1000 }));
  const modes = fc.constantFrom<CashRoundingMode>('half-up', 'half-even', 'up', 'down');

  it('lands on a multiple of the step, and rounded = amount + difference', () => {
    fc.assert(
      fc.property(amounts, steps, modes, (amount, step, mode) => {
        const { rounded, difference } = roundCash(amount, { step, mode });
        expect(rounded % step === 0).toBe(true);
        expect(rounded).toBe(amount + difference);
        expect(Math.abs(difference)).toBeLessThan(step);
      }),
      RUNS,
    );
  });

  it('nearest modes move by at most half a step, and to the nearest multiple', () => {
    fc.assert(
      fc.property(
        amounts,
        steps,
        fc.constantFrom<CashRoundingMode>('half-up', 'half-even'),
        (amount, step, mode) => {
          const { difference } = roundCash(amount, { step, mode });
          expect(2 * Math.abs(difference)).toBeLessThanOrEqual(step);
          if (2 * Math.abs(difference) === step && mode === 'half-up') {
            expect(Math.sign(difference)).toBe(Math.sign(amount));
          }
        },
      ),
      RUNS,
    );
  });

  it('up never lowers and down never raises the magnitude', () => {
    fc.assert(
      fc.property(amounts, steps, (amount, step) => {
        expect(Math.abs(roundCash(amount, { step, mode: 'up' }).rounded)).toBeGreaterThanOrEqual(
          Math.abs(amount),
        );
        expect(Math.abs(roundCash(amount, { step, mode: 'down' }).rounded)).toBeLessThanOrEqual(
          Math.abs(amount),
        );
      }),
      RUNS,
    );
  });

  it('a refund rounds as the mirror of the sale', () => {
    fc.assert(
      fc.property(amounts, steps, modes, (amount, step, mode) => {
        const sale = roundCash(amount, { step, mode });
        const refund = roundCash(-amount, { step, mode });
        expect(refund.rounded).toBe(-sale.rounded || 0);
        expect(refund.difference).toBe(-sale.difference || 0);
      }),
      RUNS,
    );
  });
});
