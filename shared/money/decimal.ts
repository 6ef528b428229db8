// Exact decimal arithmetic for the few places where money meets a non-integer: quantities of
// weighed goods, tax rates in percent, allocation weights.
//
// Why: binary floating point cannot hold 1.005 or 0.1, so `Math.round(1.005 * 100)` is 100, not
// 101, and the till and the server could disagree by a cent depending on operation order. Here a
// JS number is read as the shortest decimal that prints as it (`String(x)`, which is what the user
// typed or the JSON carried) and all products and quotients are done in BigInt, so every rounding
// is exact and identical on every platform.
import { MoneyError } from './money-error.ts';

/** `units / 10^scale`, exactly. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_FORM = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** The decimal a finite JS number stands for (its shortest round-trip representation). */
export function toDecimal(value: number, label = 'value'): Decimal {
  if (!Number.isFinite(value)) {
    throw new MoneyError(
      'MONEY_INVALID_QUANTITY',
      `${label} must be a finite number, got ${String(value)}`,
    );
  }
  const match = DECIMAL_FORM.exec(String(value));
  if (match === null) {
    // String() of a finite number always matches; reaching here means the engine changed.
    throw new MoneyError(
      'MONEY_INVALID_QUANTITY',
      `${label} has an unreadable form: ${String(value)}`,
    );
  }
  const [, sign = '', whole = '0', fraction = '', exponent = '0'] = match;
  const digits = BigInt(`${sign}${whole}${fraction}`);
  const scale = fraction.length - Number(exponent);
  return scale >= 0
    ? { units: digits, scale }
    : { units: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** 10^n as a BigInt. */
export function powerOfTen(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Rewrites decimals over one common scale so their `units` can be compared and summed. */
export function toCommonScale(values: readonly Decimal[]): { units: bigint[]; scale: number } {
  const scale = values.reduce((max, d) => Math.max(max, d.scale), 0);
  return { units: values.map((d) => d.units * powerOfTen(scale - d.scale)), scale };
}

/**
 * `numerator / denominator` rounded to the nearest integer, halves away from zero.
 * Away from zero (not half-even, not toward +∞) so that rounding is odd-symmetric:
 * round(−x) = −round(x), which makes a return the exact negation of its sale.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) {
    throw new RangeError('divideRounded: division by zero');
  }
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const remainder = n % d;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  if (twice >= d) {
    return n < 0n ? quotient - 1n : quotient + 1n;
  }
  return quotient;
}
