// The `Money` value: an integer amount of minor units tagged with its ISO-4217 currency, and the
// arithmetic that keeps it exact. Mixing currencies is an error, never a silent sum.
import { MoneyError } from './money-error.ts';
import { addMinor, assertMinorUnits, multiplyMinor, subtractMinor } from './minor-units.ts';

export interface Money {
  /** Integer minor units (cents for EUR/USD, whole yen for JPY). */
  readonly amount: number;
  /** ISO-4217 code, e.g. "EUR". */
  readonly currency: string;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Makes a `Money`, validating both the amount and the currency code. */
export function money(amount: number, currency: string): Money {
  if (!CURRENCY_CODE.test(currency)) {
    throw new MoneyError(
      'MONEY_INVALID_CURRENCY',
      `currency must be an ISO-4217 code, got "${currency}"`,
    );
  }
  return { amount: assertMinorUnits(amount), currency };
}

function sameCurrency(a: Money, b: Money): string {
  if (a.currency !== b.currency) {
    throw new MoneyError(
      'MONEY_CURRENCY_MISMATCH',
      `cannot combine ${a.currency} with ${b.currency}`,
    );
  }
  return a.currency;
}

export function add(a: Money, b: Money): Money {
  return money(addMinor(a.amount, b.amount), sameCurrency(a, b));
}

export function subtract(a: Money, b: Money): Money {
  return money(subtractMinor(a.amount, b.amount), sameCurrency(a, b));
}

export function negate(a: Money): Money {
  return money(subtractMinor(0, a.amount), a.currency);
}

/**
 * `a × quantity`, rounded to the minor unit with halves away from zero (see `multiplyMinor`).
 * Quantities may be fractional (weighed goods) or negative (returns).
 */
export function multiply(a: Money, quantity: number): Money {
  return money(multiplyMinor(a.amount, quantity), a.currency);
}

/** Σ items; `currency` names the result when the list is empty. */
export function sum(items: readonly Money[], currency: string): Money {
  return items.reduce((acc, item) => add(acc, item), money(0, currency));
}

export function isZero(a: Money): boolean {
  return a.amount === 0;
}

export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amount === b.amount;
}
