// Splitting an amount into parts proportional to weights without losing or creating a cent
// (largest-remainder method). Used for spreading an order discount over lines and a line's
// tax over several taxes.
import { toCommonScale, toDecimal } from './decimal.ts';
import { MoneyError } from './money-error.ts';
import type { Money } from './money.ts';
import { money } from './money.ts';
import { assertMinorUnits, fromBigInt } from './minor-units.ts';

/**
 * The exact core. Each part gets ⌊|total|·wᵢ/W⌋; the cents left over go one each to the parts
 * with the largest remainders, ties to the lowest index, so the result is deterministic and
 * every part is within one unit of its exact share. Zero weights get nothing. A negative total
 * is split as its magnitude and negated, so allocate(−t) = −allocate(t) exactly.
 */
export function allocateByRatios(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.some((w) => w < 0n)) {
    throw new MoneyError('MONEY_INVALID_WEIGHTS', 'allocation weights must not be negative');
  }
  const weightSum = weights.reduce((acc, w) => acc + w, 0n);
  if (weightSum === 0n) {
    if (total !== 0n) {
      throw new MoneyError(
        'MONEY_INVALID_WEIGHTS',
        `cannot allocate ${total.toString()} over zero weights`,
      );
    }
    return weights.map(() => 0n);
  }
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const shares = weights.map((w) => (magnitude * w) / weightSum);
  const remainders = weights.map((w) => (magnitude * w) % weightSum);
  let leftover = magnitude - shares.reduce((acc, s) => acc + s, 0n);
  const order = weights
    .map((_, index) => index)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  for (const index of order) {
    if (leftover === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return negative ? shares.map((s) => -s) : shares;
}

/**
 * Splits `total` into `weights.length` integer parts proportional to `weights` (finite, ≥ 0,
 * fractions allowed) whose sum is exactly `total`. Largest remainder, ties to the lowest index.
 * Throws `MONEY_INVALID_WEIGHTS` for a non-zero total over weights that are all zero.
 */
export function allocate(total: number, weights: readonly number[]): number[];
export function allocate(total: Money, weights: readonly number[]): Money[];
export function allocate(total: number | Money, weights: readonly number[]): number[] | Money[] {
  const amount = typeof total === 'number' ? assertMinorUnits(total, 'total') : total.amount;
  const decimals = weights.map((w, i) => {
    if (!Number.isFinite(w) || w < 0) {
      throw new MoneyError(
        'MONEY_INVALID_WEIGHTS',
        `weights[${i}] must be finite and ≥ 0, got ${String(w)}`,
      );
    }
    return toDecimal(w, `weights[${i}]`);
  });
  const parts = allocateByRatios(BigInt(amount), toCommonScale(decimals).units).map((p) =>
    fromBigInt(p, 'allocated part'),
  );
  if (typeof total === 'number') return parts;
  return parts.map((p) => money(p, total.currency));
}
