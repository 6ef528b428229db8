import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCardNumberFormat, luhnCheckDigit, makeCardNumber, maskCardNumber, normalizeCardNumber } from './card-number.ts';

describe('gift card numbers', () => {
  it('reads a number however it is typed or scanned', () => {
    expect(normalizeCardNumber(' 6012-3456 7890 abcd ')).toBe('601234567890ABCD');
    expect(isCardNumberFormat('6012 3456')).toBe(true);
    expect(isCardNumberFormat('12345')).toBe(false);
    expect(isCardNumberFormat('1234567/89')).toBe(false);
    expect(maskCardNumber('6012345678901234')).toBe('****1234');
  });

  it('makes 16-digit numbers whose check digit catches any one mistyped digit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }), fc.nat(14), fc.integer({ min: 1, max: 9 }), (digits, at, change) => {
        let i = 0;
        const number = makeCardNumber(() => digits[i++ % digits.length] as number);
        expect(number).toMatch(/^[1-9][0-9]{15}$/);
        expect(isCardNumberFormat(number)).toBe(true);
        expect(luhnCheckDigit(number.slice(0, 15))).toBe(Number(number[15]));
        const typo = number.slice(0, at) + String((Number(number[at]) + change) % 10) + number.slice(at + 1, 15);
        expect(luhnCheckDigit(typo)).not.toBe(Number(number[15]));
      }),
    );
  });
});
