// Integer minor units (cents) as plain numbers: validation, the checked way back from BigInt, and
// quantity × price. Sale documents store bare numbers, so tax and order code work at this level;
// `money.ts` adds the currency on top.
import { divideRounded, powerOfTen, toDecimal } from './decimal.ts';
import { MoneyError } from './money-error.ts';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Returns `value` if it is a safe integer of minor units; throws `MONEY_NOT_INTEGER` otherwise. */
export function assertMinorUnits(value: number, label = 'amount'): number {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(
      'MONEY_NOT_INTEGER',
      `${label} must be a safe integer of minor units, got ${String(value)}`,
    );
  }
  // Normalise −0 so results compare and serialise as plain 0.
  return value === 0 ? 0 : value;
}

/** A BigInt result back to a number, refusing anything beyond the safe-integer range. */
export function fromBigInt(value: bigint, label = 'result'): number {
  if (value > MAX || value < -MAX) {
    throw new MoneyError(
      'MONEY_OVERFLOW',
      `${label} ${value.toString()} exceeds the safe-integer range`,
    );
  }
  return Number(value);
}

/**
 * `amount × quantity`, rounded to the minor unit, halves away from zero.
 * The quantity is taken as the decimal it prints as (0.125 kg is exactly 0.125), so
 * 0.125 × 1999 = 249.875 → 250 and −0.125 × 1999 → −250, on every platform.
 */
export function multiplyMinor(amount: number, quantity: number, label = 'amount'): number {
  assertMinorUnits(amount, label);
  if (Number.isSafeInteger(quantity)) {
    // Whole units (most lines): an integer product inside the safe range is exact in a double.
    const product = amount * quantity;
    if (Number.isSafeInteger(product)) return product === 0 ? 0 : product;
  }
  const q = toDecimal(quantity, 'quantity');
  return fromBigInt(divideRounded(BigInt(amount) * q.units, powerOfTen(q.scale)), label);
}

/** `a + b`, exact, refusing to leave the safe-integer range. */
export function addMinor(a: number, b: number): number {
  return fromBigInt(BigInt(assertMinorUnits(a)) + BigInt(assertMinorUnits(b)), 'sum');
}

/** `a − b`, exact, refusing to leave the safe-integer range. */
export function subtractMinor(a: number, b: number): number {
  return fromBigInt(BigInt(assertMinorUnits(a)) - BigInt(assertMinorUnits(b)), 'difference');
}
