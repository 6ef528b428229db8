// The few roundings pricing needs, exact (BigInt over the decimal a number prints as) and the same
// on the till and the server: a percentage of an amount, rounding to a step, a proportional share.
import { divideRounded, powerOfTen, toDecimal } from '../money/decimal.ts';
import { fromBigInt } from '../money/minor-units.ts';

/** A percent as `units / denominator` (100 × 10^scale), read once per distinct percent: rules reuse a few. */
const percents = new Map<number, { units: bigint; denominator: bigint }>();

function percentFraction(percent: number): { units: bigint; denominator: bigint } {
  let f = percents.get(percent);
  if (!f) {
    const d = toDecimal(percent, 'percent');
    f = { units: d.units, denominator: 100n * powerOfTen(d.scale) };
    if (percents.size >= 10_000) percents.clear();
    percents.set(percent, f);
  }
  return f;
}

/** `amount × percent / 100`, halves away from zero. */
export function percentOf(amount: number, percent: number): number {
  if (Number.isInteger(percent)) {
    // Whole percents (most rules) in plain numbers: below 2^40 the quotient's integer part is exact.
    const n = amount * percent;
    if (Math.abs(n) <= 2 ** 40) {
      const q = Math.trunc(n / 100);
      const r = Math.abs(n - q * 100);
      const rounded = 2 * r >= 100 ? q + Math.sign(n) : q;
      return rounded === 0 ? 0 : rounded;
    }
  }
  const p = percentFraction(percent);
  return fromBigInt(divideRounded(BigInt(amount) * p.units, p.denominator), 'percent amount');
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
