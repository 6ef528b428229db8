import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, equals, money, multiply, negate, subtract, sum } from './money.ts';
import { MoneyError } from './money-error.ts';
import { assertMinorUnits, multiplyMinor } from './minor-units.ts';
import { divideRounded, toDecimal } from './decimal.ts';

const RUNS = { numRuns: 2000 };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof MoneyError ? error.code : 'not a MoneyError';
  }
  return undefined;
}

describe('money', () => {
  it('adds, subtracts and negates exactly in one currency', () => {
    const a = money(1050, 'EUR');
    const b = money(-75, 'EUR');
    expect(add(a, b)).toEqual(money(975, 'EUR'));
    expect(subtract(a, b)).toEqual(money(1125, 'EUR'));
    expect(negate(a)).toEqual(money(-1050, 'EUR'));
    expect(negate(money(0, 'EUR')).amount).toBe(0);
    expect(Object.is(negate(money(0, 'EUR')).amount, -0)).toBe(false);
    expect(sum([a, b, a], 'EUR')).toEqual(money(2025, 'EUR'));
    expect(sum([], 'USD')).toEqual(money(0, 'USD'));
  });

  it('refuses non-integer, unsafe and non-finite amounts with MONEY_NOT_INTEGER', () => {
    expect(codeOf(() => money(10.5, 'EUR'))).toBe('MONEY_NOT_INTEGER');
    expect(codeOf(() => money(Number.NaN, 'EUR'))).toBe('MONEY_NOT_INTEGER');
    expect(codeOf(() => money(Infinity, 'EUR'))).toBe('MONEY_NOT_INTEGER');
    expect(codeOf(() => money(2 ** 53, 'EUR'))).toBe('MONEY_NOT_INTEGER');
    expect(codeOf(() => assertMinorUnits(0.1 + 0.2))).toBe('MONEY_NOT_INTEGER');
  });

  it('refuses to mix currencies and to accept malformed codes', () => {
    expect(codeOf(() => add(money(1, 'EUR'), money(1, 'USD')))).toBe('MONEY_CURRENCY_MISMATCH');
    expect(codeOf(() => money(1, 'eur'))).toBe('MONEY_INVALID_CURRENCY');
    expect(equals(money(1, 'EUR'), money(1, 'USD'))).toBe(false);
  });

  it('refuses results beyond the safe-integer range instead of losing precision', () => {
    const big = money(Number.MAX_SAFE_INTEGER, 'EUR');
    expect(codeOf(() => add(big, money(1, 'EUR')))).toBe('MONEY_OVERFLOW');
    expect(codeOf(() => multiply(big, 2))).toBe('MONEY_OVERFLOW');
  });

  it('multiplies by weighed quantities with halves away from zero, exactly', () => {
    expect(multiply(money(1999, 'EUR'), 0.125)).toEqual(money(250, 'EUR')); // 249.875
    expect(multiply(money(1999, 'EUR'), -0.125)).toEqual(money(-250, 'EUR'));
    expect(multiplyMinor(5, 0.5)).toBe(3); // 2.5 → 3
    expect(multiplyMinor(5, -0.5)).toBe(-3);
    expect(multiplyMinor(100, 1.005)).toBe(101); // float would say 100.49999…
    expect(multiplyMinor(1000, 0.335)).toBe(335);
    expect(multiplyMinor(333, 3)).toBe(999);
    expect(multiplyMinor(7, 1e-7)).toBe(0);
    expect(multiplyMinor(1, 1e21 / 1e10)).toBe(1e11);
    expect(codeOf(() => multiplyMinor(100, Number.NaN))).toBe('MONEY_INVALID_QUANTITY');
  });

  it('multiplication is odd-symmetric, so a return is the negated sale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1000),
        (amount, qty) => {
          expect(multiplyMinor(amount, -qty)).toBe(-multiplyMinor(amount, qty) || 0);
          expect(multiplyMinor(-amount, qty)).toBe(-multiplyMinor(amount, qty) || 0);
        },
      ),
      RUNS,
    );
  });

  it('multiplication is within half a unit of the exact decimal product', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        (amount, milli) => {
          // amount × milli / 1000, compared in integers (×2000) to stay exact.
          const exactTimes2000 = BigInt(amount) * BigInt(milli) * 2n;
          const got = BigInt(multiplyMinor(amount, milli / 1000)) * 2000n;
          const diff = got > exactTimes2000 ? got - exactTimes2000 : exactTimes2000 - got;
          expect(diff <= 1000n).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe('decimal', () => {
  it('reads a number as the decimal it prints as', () => {
    expect(toDecimal(0.1)).toEqual({ units: 1n, scale: 1 });
    expect(toDecimal(-12.345)).toEqual({ units: -12345n, scale: 3 });
    expect(toDecimal(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(toDecimal(1.5e21)).toEqual({ units: 1500000000000000000000n, scale: 0 });
    expect(toDecimal(20)).toEqual({ units: 20n, scale: 0 });
  });

  it('rounds quotients half away from zero', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(5n, -2n)).toBe(-3n);
    expect(divideRounded(7n, 3n)).toBe(2n);
    expect(divideRounded(-8n, 3n)).toBe(-3n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        (n, d) => {
          const q = divideRounded(n, d);
          expect(divideRounded(-n, d)).toBe(-q);
          // |n − q·d| ≤ d/2
          const err = n - q * d;
          expect(2n * (err < 0n ? -err : err) <= d).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
