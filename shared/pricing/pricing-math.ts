// The few roundings pricing needs, exact (BigInt over the decimal a number prints as) and the same
// on the till and the server: a percentage of an amount, rounding to a step, a proportional share.
import { divideRounded, powerOfTen, toDecimal } from '../money/decimal.ts';
import { fromBigInt } from '../money/minor-units.ts';

/** `amount × percent / 100`, halves away from zero. */
export function percentOf(amount: number, percent: number): number {
  const p = toDecimal(percent, 'percent');
  return fromBigInt(divideRounded(BigInt(amount) * p.units, 100n * powerOfTen(p.scale)), 'percent amount');
}

/** `amount` rounded to the nearest multiple of `step` (halves up, as Odoo's `float_round`). */
export function roundToStep(amount: number, step: number): number {
  if (step <= 1) return amount;
  return fromBigInt(divideRounded(BigInt(amount), BigInt(step)) * BigInt(step), 'rounded price');
}

/** `amount × part / whole`, halves away from zero (`whole` > 0). */
export function shareOf(amount: number, part: number, whole: number): number {
  return fromBigInt(divideRounded(BigInt(amount) * BigInt(part), BigInt(whole)), 'share');
}

/** Inclusive store-day window check; absent bounds are open. */
export function inDateRange(day: string, start: string | undefined, end: string | undefined): boolean {
  return (start === undefined || day >= start) && (end === undefined || day <= end);
}
