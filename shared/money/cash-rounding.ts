// Cash rounding: where the smallest coins are out of circulation (CHF 0.05, many euro countries
// 0.05, SEK/NOK whole units), a cash payment is rounded to a step and the difference is booked
// separately. Card payments are not rounded; that is the caller's decision, not this module's.
import { MoneyError } from './money-error.ts';
import type { Money } from './money.ts';
import { money } from './money.ts';
import { assertMinorUnits } from './minor-units.ts';

/**
 * How to round, always judged on the magnitude so a refund rounds like the sale it mirrors:
 * - `half-up`: to the nearest step, exact halves away from zero (step 10: 0.45 → 0.50). The default.
 * - `half-even`: to the nearest step, exact halves to the even multiple of the step.
 * - `up`: away from zero to the next step (the customer pays, or is refunded, more).
 * - `down`: toward zero to the previous step (the customer pays, or is refunded, less).
 */
export type CashRoundingMode = 'half-up' | 'half-even' | 'up' | 'down';

export interface CashRounding {
  /** Step in minor units: 5 for 0.05, 10 for 0.10, 100 for whole units; 1 means no rounding. */
  step: number;
  mode?: CashRoundingMode;
}

export interface CashRoundingResult<T> {
  rounded: T;
  /** `rounded − amount`: positive when the customer pays more than the exact amount. */
  difference: T;
}

function roundMagnitude(magnitude: number, step: number, mode: CashRoundingMode): number {
  const lower = magnitude - (magnitude % step);
  const remainder = magnitude - lower;
  if (remainder === 0) return lower;
  const upper = lower + step;
  switch (mode) {
    case 'up':
      return upper;
    case 'down':
      return lower;
    case 'half-up':
      return remainder * 2 >= step ? upper : lower;
    case 'half-even':
      if (remainder * 2 !== step) return remainder * 2 > step ? upper : lower;
      return (lower / step) % 2 === 0 ? lower : upper;
    default:
      throw new MoneyError(
        'MONEY_INVALID_ROUNDING',
        `unknown cash rounding mode "${String(mode)}"`,
      );
  }
}

function roundMinor(amount: number, rule: CashRounding): number {
  assertMinorUnits(amount);
  const { step, mode = 'half-up' } = rule;
  if (!Number.isSafeInteger(step) || step < 1) {
    throw new MoneyError(
      'MONEY_INVALID_ROUNDING',
      `cash rounding step must be a positive integer, got ${String(step)}`,
    );
  }
  const rounded = roundMagnitude(Math.abs(amount), step, mode);
  const signed = amount < 0 ? -rounded : rounded;
  return assertMinorUnits(signed, 'rounded amount');
}

/** Rounds an amount due to the cash step; returns the rounded amount and the difference. */
export function roundCash(amount: number, rule: CashRounding): CashRoundingResult<number>;
export function roundCash(amount: Money, rule: CashRounding): CashRoundingResult<Money>;
export function roundCash(
  amount: number | Money,
  rule: CashRounding,
): CashRoundingResult<number> | CashRoundingResult<Money> {
  if (typeof amount === 'number') {
    const rounded = roundMinor(amount, rule);
    return { rounded, difference: assertMinorUnits(rounded - amount) };
  }
  const rounded = roundMinor(amount.amount, rule);
  return {
    rounded: money(rounded, amount.currency),
    difference: money(rounded - amount.amount, amount.currency),
  };
}
